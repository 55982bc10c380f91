#!/usr/bin/env bash
# Durability of e-service submissions under SIGKILL: see bench/README.md.
# PRONGSAI_BENCH_PROFILE=debug uses debug binaries (quicker to build, slower to run).
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${PRONGSAI_BENCH_PROFILE:-release}"
if [ "$profile" = release ]; then
    cargo build --release -p prongsai -p prongsai-bench
else
    cargo build -p prongsai -p prongsai-bench
fi
exec "target/$profile/prongsai-bench" submissions "$@"
