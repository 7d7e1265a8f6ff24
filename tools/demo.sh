#!/usr/bin/env bash
# The main job end to end on the embedded default: installs what is missing,
# builds the vault in release mode and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/ensure-deps.sh
swift build -c release --product vault
exec .build/release/vault demo
