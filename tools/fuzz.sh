#!/usr/bin/env bash
# tools/fuzz.sh TARGET SECONDS [libFuzzer options…]   run one libFuzzer target
# tools/fuzz.sh --build                                only build the fuzzers
# tools/fuzz.sh --list                                 name the targets
#
# Targets (Sources/VaultFuzz): policy (text, JSON, attribute sets, the binary
# policy encoding of containers), container (binary and armour), keys,
# transaction, block, files (members and proposal files). Each starts from
# the committed seed corpus Fuzz/corpus/TARGET; what the fuzzer adds goes to
# .build-fuzz/corpus/TARGET, crashes to .build-fuzz/crashes/. A crash input
# replays with `swift build --product vault-fuzz && .build/debug/vault-fuzz TARGET FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${VAULT_FUZZ_SCRATCH:-.build-fuzz}
targets="policy container keys transaction block files"

build() {
    swift build -c release --product vault-fuzz --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DVAULT_FUZZING -Xswiftc -use-ld=lld >&2
}

case "${1:-}" in
    --list) echo "$targets"; exit 0 ;;
    --build) build; exit 0 ;;
    "" ) echo "usage: tools/fuzz.sh TARGET SECONDS [libFuzzer options…] (targets: $targets)" >&2; exit 2 ;;
esac
target=$1
seconds=${2:?usage: tools/fuzz.sh TARGET SECONDS}
shift 2
case " $targets " in *" $target "*) ;; *) echo "unknown target $target (targets: $targets)" >&2; exit 2 ;; esac

build
binary="$scratch/release/vault-fuzz"
mkdir -p "$scratch/corpus/$target" "$scratch/crashes"
VAULT_FUZZ_TARGET=$target "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$scratch/crashes/$target-" "$@" \
    "$scratch/corpus/$target" "Fuzz/corpus/$target"
