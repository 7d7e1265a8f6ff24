#!/usr/bin/env bash
# The test command: installs what is missing, then runs every test in release
# mode with testing enabled (pairing code is far too slow in debug builds).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/ensure-deps.sh
swift build -c release -Xswiftc -enable-testing --build-tests
exec swift test -c release -Xswiftc -enable-testing --skip-build "$@"
