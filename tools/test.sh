#!/usr/bin/env bash
# The test command: installs what is missing, then runs every test in release
# mode with testing enabled (pairing code is far too slow in debug builds),
# then each libFuzzer target for VAULT_FUZZ_SECONDS (default 30) from its
# committed seed corpus (tools/fuzz.sh; VAULT_FUZZ_SECONDS=0 skips them).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/ensure-deps.sh
swift build -c release -Xswiftc -enable-testing --build-tests
swift test -c release -Xswiftc -enable-testing --skip-build "$@"
seconds=${VAULT_FUZZ_SECONDS:-30}
if [ "$seconds" -gt 0 ]; then
    tools/fuzz.sh --build
    for target in $(tools/fuzz.sh --list); do
        tools/fuzz.sh "$target" "$seconds"
    done
fi
