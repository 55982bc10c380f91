#!/usr/bin/env bash
# Portal load benchmark: see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p prongsai -p prongsai-bench
exec target/release/prongsai-bench portal "$@"
