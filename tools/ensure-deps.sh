#!/usr/bin/env bash
# Installs the Debian packages the vault needs, only when one is missing.
# Sourced by tools/demo.sh and tools/test.sh; safe to run on its own.
set -euo pipefail

needed=(libgmp-dev libssl-dev libsqlite3-dev pkg-config python3 valgrind binutils curl openssl etcd-server postgresql)
missing=()
for pkg in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "installing missing Debian packages: ${missing[*]}" >&2
    sudo_cmd=()
    [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi
if ! command -v swift >/dev/null; then
    echo "error: the Swift 6 toolchain is not on PATH (expected e.g. /opt/swift/usr/bin)" >&2
    exit 1
fi
