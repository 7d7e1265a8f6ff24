#!/usr/bin/env bash
# The test command: installs what is missing, then runs every test in release
# mode with testing enabled (pairing code is far too slow in debug builds),
# then each libFuzzer target for VAULT_FUZZ_SECONDS (default 30) from its
# committed seed corpus (tools/fuzz.sh; VAULT_FUZZ_SECONDS=0 skips them).
# The PostgreSQL blob store's tests run against a private cluster that this
# script starts (tools/postgres.sh) and stops on exit; they fail, naming
# `tools/postgres.sh start`, if VAULT_TEST_POSTGRES_URL is unset.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/ensure-deps.sh
swift build -c release -Xswiftc -enable-testing --build-tests
trap 'tools/postgres.sh stop' EXIT
VAULT_TEST_POSTGRES_URL=$(tools/postgres.sh start)
export VAULT_TEST_POSTGRES_URL
swift test -c release -Xswiftc -enable-testing --skip-build "$@"
seconds=${VAULT_FUZZ_SECONDS:-30}
if [ "$seconds" -gt 0 ]; then
    tools/fuzz.sh --build
    for target in $(tools/fuzz.sh --list); do
        tools/fuzz.sh "$target" "$seconds"
    done
fi
