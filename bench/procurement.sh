#!/usr/bin/env bash
# Procurement export/import benchmark: see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p prongsai-bench
exec target/release/prongsai-bench procurement "$@"
