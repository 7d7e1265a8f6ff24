#!/usr/bin/env bash
# A three-member etcd cluster on loopback, for the tests, the cluster demo
# and `vault bench cluster`. Installs Debian's etcd-server when missing.
#
#   tools/etcd-cluster.sh start            start all members (idempotent); prints the client URLs
#   tools/etcd-cluster.sh stop             stop all members and delete their data
#   tools/etcd-cluster.sh kill N           SIGKILL member N (1-3), keeping its data
#   tools/etcd-cluster.sh restart N        start member N again on its data
#   tools/etcd-cluster.sh urls             the client URLs, comma-separated
#
# VAULT_ETCD_DIR (default /tmp/vault-etcd) holds data and logs;
# VAULT_ETCD_PORT (default 23790) is the base port: member N serves clients
# on BASE+N and peers on BASE+10+N, so several clusters can run side by side.
set -euo pipefail

dir=${VAULT_ETCD_DIR:-/tmp/vault-etcd}
base=${VAULT_ETCD_PORT:-23790}
members=(1 2 3)

client_url() { echo "http://127.0.0.1:$((base + $1))"; }
peer_url() { echo "http://127.0.0.1:$((base + 10 + $1))"; }
urls() {
    local out=()
    for n in "${members[@]}"; do out+=("$(client_url "$n")"); done
    (IFS=,; echo "${out[*]}")
}
initial_cluster() {
    local out=()
    for n in "${members[@]}"; do out+=("m$n=$(peer_url "$n")"); done
    (IFS=,; echo "${out[*]}")
}

ensure_etcd() {
    command -v etcd >/dev/null && return
    echo "installing Debian's etcd-server" >&2
    local sudo_cmd=()
    [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq etcd-server
}

running() { [[ -f "$dir/m$1.pid" ]] && kill -0 "$(cat "$dir/m$1.pid")" 2>/dev/null; }

start_member() {
    local n=$1
    running "$n" && return
    mkdir -p "$dir"
    (
        # The member must not hold any descriptor of its caller (a test
        # reading this script's output would wait for it to exit).
        for fd in $(ls /proc/$BASHPID/fd); do
            if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
        done
        # Blocks of a busy group commit can exceed etcd's 1.5 MiB default request.
        etcd --name "m$n" --data-dir "$dir/m$n.data" \
            --listen-client-urls "$(client_url "$n")" --advertise-client-urls "$(client_url "$n")" \
            --listen-peer-urls "$(peer_url "$n")" --initial-advertise-peer-urls "$(peer_url "$n")" \
            --initial-cluster "$(initial_cluster)" --initial-cluster-state new \
            --initial-cluster-token "vault-test-$base" --max-request-bytes 8388608 \
            --heartbeat-interval 50 --election-timeout 500 \
            </dev/null >"$dir/m$n.log" 2>&1 &
        echo $! >"$dir/m$n.pid"
    )
}

healthy() {
    curl -sf -m 1 -X POST "$(client_url "$1")/v3/kv/range" -d '{"key":"AA=="}' >/dev/null 2>&1
}

wait_healthy() {
    for _ in $(seq 1 100); do
        local ok=1
        for n in "$@"; do healthy "$n" || ok=0; done
        ((ok)) && return 0
        sleep 0.1
    done
    echo "error: etcd members $* did not become healthy within 10 s; see $dir/m*.log" >&2
    return 1
}

case ${1:-} in
start)
    ensure_etcd
    for n in "${members[@]}"; do start_member "$n"; done
    wait_healthy "${members[@]}"
    urls
    ;;
stop)
    for n in "${members[@]}"; do
        if running "$n"; then kill "$(cat "$dir/m$n.pid")" 2>/dev/null || true; fi
    done
    for n in "${members[@]}"; do
        [[ -f "$dir/m$n.pid" ]] || continue
        pid=$(cat "$dir/m$n.pid")
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$dir"
    ;;
kill)
    n=${2:?member number 1-3}
    if running "$n"; then kill -9 "$(cat "$dir/m$n.pid")"; fi
    ;;
restart)
    n=${2:?member number 1-3}
    start_member "$n"
    ;;
urls)
    urls
    ;;
*)
    echo "usage: $0 start|stop|kill N|restart N|urls" >&2
    exit 2
    ;;
esac
