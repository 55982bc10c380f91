//! Thai-aware search (in progress).
