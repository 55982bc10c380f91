//! Demo plans (placeholder; filled in below).
