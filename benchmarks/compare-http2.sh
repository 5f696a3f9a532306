#!/usr/bin/env bash
# WebSocket over HTTP/2 (RFC 8441) against WebSocket over HTTP/1.1, in one run: `duplex serve` with 100 WebSockets
# on 100 TCP connections (HTTP/1.1), as streams of 1 HTTP/2 connection and of 10, and Jetty 12 over HTTP/2 (h2c,
# 1 and 10 connections); then the memory of idle WebSockets over HTTP/1.1 and as HTTP/2 streams. The load generator
# is `duplex bench` (`--http2 --source-addresses N`: N HTTP/2 connections). Variants are visited in a rotated order
# each round; the table shows the median of the rounds and the ratios against the targets. See benchmarks/README.md,
# section "WebSocket over HTTP/2".
#
# Usage: benchmarks/compare-http2.sh      (about 10 minutes with the defaults on an otherwise idle 2-core machine)
# Settings (environment):
#   ROUNDS=3  WARMUP=3s  DURATION=5s       rounds, and warm-up / measured time of each message scenario
#   VARIANTS="duplex-h1 duplex-h2x1 duplex-h2x10 jetty-h2x1 jetty-h2x10"
#                                          SERVER-h1 (one TCP connection per WebSocket) or SERVER-h2xN (WebSockets
#                                          as streams of N HTTP/2 connections); SERVER is duplex or jetty
#                                          (jetty-h1 is Jetty of compare.sh, jetty-h2xN the same with h2c added)
#   WEBSOCKETS=100                         WebSockets in the message scenarios
#   SCENARIOS="throughput binary idle"     (also: latency)
#   IDLE_VARIANTS="duplex-h1 duplex-h2x10" the variants whose idle WebSockets are measured
#   IDLE_COUNTS="1000"                     idle WebSocket counts, e.g. "1000 10000"; an h2xN variant uses at least
#                                          one connection per 100 idle WebSockets (the servers' stream limit)
#   SERVER_JVM="-Xms1g -Xmx1g"             JVM options of every server in the message scenarios
#   MEMORY_JVM="-Xms1g -Xmx1g -XX:+UseSerialGC -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary"
#   TOOL_JVM=""  PIN=0  SETTLE=11  SKIP_BUILD=0  BASE_PORT=19200  OUT=benchmarks/target/compare-http2-DATE
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3s}
DURATION=${DURATION:-5s}
VARIANTS=${VARIANTS:-"duplex-h1 duplex-h2x1 duplex-h2x10 jetty-h2x1 jetty-h2x10"}
WEBSOCKETS=${WEBSOCKETS:-100}
SCENARIOS=${SCENARIOS:-"throughput binary idle"}
IDLE_VARIANTS=${IDLE_VARIANTS:-"duplex-h1 duplex-h2x10"}
IDLE_COUNTS=${IDLE_COUNTS:-"1000"}
SERVER_JVM=${SERVER_JVM:-"-Xms1g -Xmx1g"}
MEMORY_JVM=${MEMORY_JVM:-"-Xms1g -Xmx1g -XX:+UseSerialGC -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary"}
TOOL_JVM=${TOOL_JVM:-""}
PIN=${PIN:-0}
BASE_PORT=${BASE_PORT:-19200}
OUT=${OUT:-"$root/benchmarks/target/compare-http2-$(date +%Y%m%d-%H%M%S)"}
SETTLE=${SETTLE:-11}
IDLE_HISTOGRAM=1
# the servers' limit of concurrent streams per HTTP/2 connection (duplex serve's default; Jetty is set to it)
STREAMS_PER_CONNECTION=100

source "$root/benchmarks/lib.sh"

for v in $VARIANTS $IDLE_VARIANTS; do
    [[ $v =~ ^(duplex|jetty)-(h1|h2x[0-9]+)$ ]] || { echo "unknown variant $v (SERVER-h1 or SERVER-h2xN)" >&2; exit 2; }
done
build_jars
max_idle=0
for n in $IDLE_COUNTS; do [ "$n" -gt "$max_idle" ] && max_idle=$n; done
record_machine "VARIANTS='$VARIANTS' WEBSOCKETS=$WEBSOCKETS SCENARIOS='$SCENARIOS' IDLE_VARIANTS='$IDLE_VARIANTS'" \
    "IDLE_COUNTS='$IDLE_COUNTS'"
if [[ " $SCENARIOS " == *" idle "* ]] && [ $((max_idle + 200)) -gt "$(ulimit -n)" ]; then
    echo "IDLE_COUNTS needs $((max_idle + 200)) file descriptors per process; ulimit -n is $(ulimit -n)" >&2
    exit 1
fi

# ---- variants -----------------------------------------------------------------------------------------------

server_of() { echo "${1%%-*}"; }
# the PeerServer kind (or duplex): Jetty over HTTP/1.1 is compare.sh's Jetty; with h2c for the h2 variants
kind_of() {
    case $1 in
        duplex-*) echo duplex ;;
        jetty-h1) echo jetty ;;
        jetty-h2*) echo jetty-h2 ;;
    esac
}
# HTTP/2 connections of a variant, or 0 for HTTP/1.1
h2_connections_of() { case $1 in *-h2x*) echo "${1##*-h2x}" ;; *) echo 0 ;; esac; }

port_of() {
    local i=0 s
    for s in $VARIANTS $IDLE_VARIANTS; do
        [ "$s" = "$1" ] && { echo $((BASE_PORT + i)); return; }
        i=$((i + 1))
    done
}

url_of() { echo "ws://127.0.0.1:$(port_of "$1")/echo"; }

# transport_args VARIANT [WEBSOCKETS]: `duplex bench` options for the variant's transport
transport_args() {
    local h2 n=${2:-$WEBSOCKETS} need
    h2=$(h2_connections_of "$1")
    if [ "$h2" = 0 ]; then
        echo "--source-addresses $((n / 25000 + 1))"
    else
        need=$(((n + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION))
        [ "$need" -gt "$h2" ] && h2=$need
        echo "--http2 --source-addresses $h2"
    fi
}

# ---- scenarios ----------------------------------------------------------------------------------------------

# run_scenario ROUND VARIANT SCENARIO: one recorded `duplex bench` run against the running server
run_scenario() {
    local round=$1 v=$2 scenario=$3 tag="r$1-$2-$3" args m
    read -r -a args <<< "$(transport_args "$v")"
    case $scenario in
        latency) run_bench "$(url_of "$v")" "$tag" "${args[@]}" -c "$WEBSOCKETS" -s 32 -d 1 \
            --warmup "$WARMUP" --duration "$DURATION" || return 0 ;;
        throughput) run_bench "$(url_of "$v")" "$tag" "${args[@]}" -c "$WEBSOCKETS" -s 32 -d 16 \
            --warmup "$WARMUP" --duration "$DURATION" || return 0 ;;
        binary) run_bench "$(url_of "$v")" "$tag" "${args[@]}" -c "$WEBSOCKETS" -s 64KiB -d 1 --binary \
            --warmup "$WARMUP" --duration "$DURATION" || return 0 ;;
    esac
    for m in msgs_per_s mb_per_s lat_p50_us lat_p99_us lat_p999_us server_cpu_us_per_msg tool_cpu_us_per_msg \
        tcp_connections errors; do
        record "$round" "$scenario" "$m" "$v" "$(value "$tag" "$m")"
    done
    log "  $v $scenario: $(value "$tag" msgs_per_s) msg/s, $(value "$tag" mb_per_s) MB/s," \
        "p99 $(value "$tag" lat_p99_us) us, server $(value "$tag" server_cpu_us_per_msg) us/msg," \
        "$(value "$tag" over_http2) of $(value "$tag" opened) over HTTP/2 on $(value "$tag" tcp_connections) TCP," \
        "errors $(value "$tag" errors)"
}

message_scenarios() {
    local round=$1 v=$2 scenario args
    start_server "$v" "$SERVER_JVM" "r$round-$v-messages"
    read -r -a args <<< "$(transport_args "$v")"
    # JIT warm-up of the server (and of its HTTP/2 code for h2 variants), not recorded
    run_bench "$(url_of "$v")" "r$round-$v-jit" "${args[@]}" -c "$WEBSOCKETS" -d 16 --warmup 0s --duration 3s || true
    for scenario in latency throughput binary; do
        if [[ " $SCENARIOS " == *" $scenario "* ]]; then
            run_scenario "$round" "$v" "$scenario"
        fi
    done
    stop_server
}

start_server() {
    launch_server "$(kind_of "$1")" "$(port_of "$1")" "$2" "$OUT/server-$3.log"
}

# Memory per idle WebSocket, as compare.sh measures memory per idle connection (live heap after a full GC, RSS
# growth minus the JVM's arena chunks; the heap is pre-touched so the two do not overlap), divided by the
# WebSocket count: for HTTP/2 variants it includes the variant's share of its few TCP connections.
idle_scenarios() {
    local round=$1 v=$2 n tag args
    start_server "$v" "$MEMORY_JVM" "r$round-$v-idle"
    read -r -a args <<< "$(transport_args "$v" "$max_idle")"
    run_bench "$(url_of "$v")" "r$round-$v-idle-warm" "${args[@]}" --idle -c "$max_idle" --duration 1s || true
    for n in $IDLE_COUNTS; do
        tag="r$round-$v-idle$n"
        read -r -a args <<< "$(transport_args "$v" "$n")"
        idle_sample "$(url_of "$v")" "$n" "$tag" "${args[@]}" || true
        if [ -f "$OUT/$tag.txt" ] && [ "$(value "$tag" opened)" = "$n" ] && [ "$(value "$tag" errors)" = 0 ]; then
            record "$round" "idle$n" total_bytes_per_ws "$v" $(((idle_native_kb + idle_heap_kb) * 1024 / n))
            record "$round" "idle$n" heap_bytes_per_ws "$v" $((idle_heap_kb * 1024 / n))
            record "$round" "idle$n" native_bytes_per_ws "$v" $((idle_native_kb * 1024 / n))
            record "$round" "idle$n" tcp_connections "$v" "$(value "$tag" tcp_connections)"
            record "$round" "idle$n" connect_per_s "$v" "$(value "$tag" connect_per_s)"
            record "$round" "idle$n" server_cpu_us_per_ws "$v" \
                "$(awk -v ms="$(value "$tag" connect_server_cpu_ms)" -v n="$n" 'BEGIN { printf "%.1f", ms * 1000 / n }')"
            log "  $v idle $n: heap +$((idle_heap_kb * 1024 / n)) B/WebSocket, native (RSS)" \
                "+$((idle_native_kb * 1024 / n)) B/WebSocket, on $(value "$tag" tcp_connections) TCP connections"
        else
            record "$round" "idle$n" errors "$v" 1
            log "  $tag: $(value "$tag" opened 2>/dev/null || echo 0) of $n WebSockets opened," \
                "errors $(value "$tag" errors 2>/dev/null || echo '?'): $(grep '^first error' "$OUT/$tag.out" || true)"
        fi
    done
    stop_server
}

# ---- run ----------------------------------------------------------------------------------------------------

# every variant once per round, message scenarios and idle ones, in an order rotated by one each round
visits=()
for v in $VARIANTS $IDLE_VARIANTS; do
    [[ " ${visits[*]} " == *" $v "* ]] || visits+=("$v")
done
count=${#visits[@]}
started=$(date +%s)
for round in $(seq 1 "$ROUNDS"); do
    log "round $round of $ROUNDS (load average $(cut -d' ' -f1 /proc/loadavg))"
    for k in $(seq 0 $((count - 1))); do
        v=${visits[$(((k + round - 1) % count))]}
        if [[ " $VARIANTS " == *" $v "* ]] && [[ " $SCENARIOS " =~ " "(latency|throughput|binary)" " ]]; then
            message_scenarios "$round" "$v"
        fi
        if [[ " $IDLE_VARIANTS " == *" $v "* ]] && [[ " $SCENARIOS " == *" idle "* ]]; then
            idle_scenarios "$round" "$v"
        fi
    done
done
log "done in $(( $(date +%s) - started )) s; raw results in $results"

# ---- tables: medians per (scenario, metric, variant), then the ratios against the targets ------------------

medians > "$OUT/medians.tsv"
{
    awk -F'\t' -v variants="${visits[*]}" '
        { med[$1 SUBSEP $2 SUBSEP $3] = $4; if (!(($1 SUBSEP $2) in seen)) { seen[$1 SUBSEP $2] = 1; order[++rows] = $1 SUBSEP $2 } }
        END {
            nv = split(variants, v, " ")
            printf "| scenario | metric |"; for (i = 1; i <= nv; i++) printf " %s |", v[i]; printf "\n"
            printf "|---|---|"; for (i = 1; i <= nv; i++) printf "---:|"; printf "\n"
            for (r = 1; r <= rows; r++) {
                split(order[r], sm, SUBSEP)
                if (sm[2] == "errors" || sm[2] == "tool_cpu_us_per_msg") continue
                printf "| %s | %s |", sm[1], sm[2]
                for (i = 1; i <= nv; i++) {
                    k = sm[1] SUBSEP sm[2] SUBSEP v[i]
                    if (!(k in med)) printf " - |"
                    else if (med[k] >= 10000 || med[k] == int(med[k])) printf " %.0f |", med[k]
                    else printf " %.1f |", med[k]
                }
                printf "\n"
            }
        }' "$OUT/medians.tsv"
    echo
    echo "(medians of $ROUNDS rounds; msgs_per_s and mb_per_s: echoes per second and their payload in 10^6 bytes;" \
        "latency in us; server_cpu_us_per_msg: server CPU time per echoed message; idle: bytes per idle WebSocket;" \
        "tcp_connections: TCP connections that carried the WebSockets, as duplex bench saw them)"
    echo
    # ratio rows: label, scenario, metric, numerator variant, denominator variant, target ("<= 1.3", ">= 2", "< 1",
    # or "-" for a ratio shown without a target); rows whose variants were not measured are left out
    awk -F'\t' '
        FNR == NR { med[$1 SUBSEP $2 SUBSEP $3] = $4; next }
        {
            a = $2 SUBSEP $3 SUBSEP $4; b = $2 SUBSEP $3 SUBSEP $5
            if (!(a in med) || !(b in med) || med[b] == 0) next
            x = med[a] / med[b]; split($6, t, " ")
            ok = (t[1] == "<=") ? x <= t[2] : (t[1] == ">=") ? x >= t[2] : (t[1] == "<") ? x < t[2] : -1
            if (!header++) { print "| ratio | " "value" " | target | |"; print "|---|---:|---|---|" }
            printf "| %s: %s / %s | %.2f (%s / %s) | %s | %s |\n", $1, $4, $5, x, fmt(med[a]), fmt(med[b]), $6, ok < 0 ? "" : ok ? "met" : "NOT met"
        }
        function fmt(y) { return (y >= 10000 || y == int(y)) ? sprintf("%.0f", y) : sprintf("%.1f", y) }' "$OUT/medians.tsv" - <<EOF
HTTP/2 server CPU per message, 32 B	throughput	server_cpu_us_per_msg	duplex-h2x1	duplex-h1	<= 1.3
HTTP/2 server CPU per message, 32 B	throughput	server_cpu_us_per_msg	duplex-h2x10	duplex-h1	<= 1.3
HTTP/2 server CPU per message, 64 KiB	binary	server_cpu_us_per_msg	duplex-h2x1	duplex-h1	<= 1.3
HTTP/2 server CPU per message, 64 KiB	binary	server_cpu_us_per_msg	duplex-h2x10	duplex-h1	<= 1.3
HTTP/2 server CPU per message, 32 B, depth 1	latency	server_cpu_us_per_msg	duplex-h2x1	duplex-h1	<= 1.3
HTTP/2 server CPU per message, 32 B, depth 1	latency	server_cpu_us_per_msg	duplex-h2x10	duplex-h1	<= 1.3
Duplex-h2 vs Jetty-h2 msg/s, 32 B	throughput	msgs_per_s	duplex-h2x1	jetty-h2x1	>= 2
Duplex-h2 vs Jetty-h2 msg/s, 32 B	throughput	msgs_per_s	duplex-h2x10	jetty-h2x10	>= 2
Duplex-h2 vs Jetty-h2 MB/s, 64 KiB	binary	mb_per_s	duplex-h2x1	jetty-h2x1	>= 2
Duplex-h2 vs Jetty-h2 MB/s, 64 KiB	binary	mb_per_s	duplex-h2x10	jetty-h2x10	>= 2
Duplex-h2 vs Jetty-h2 server CPU per message, 32 B	throughput	server_cpu_us_per_msg	duplex-h2x1	jetty-h2x1	-
Duplex-h2 vs Jetty-h2 server CPU per message, 32 B	throughput	server_cpu_us_per_msg	duplex-h2x10	jetty-h2x10	-
$(for n in $IDLE_COUNTS; do
    for v in $IDLE_VARIANTS; do
        [[ $v == duplex-h2x* ]] || continue
        printf 'bytes per idle WebSocket, %s, total\tidle%s\ttotal_bytes_per_ws\t%s\tduplex-h1\t< 1\n' "$n" "$n" "$v"
        printf 'bytes per idle WebSocket, %s, heap\tidle%s\theap_bytes_per_ws\t%s\tduplex-h1\t< 1\n' "$n" "$n" "$v"
    done
done)
EOF
} | tee "$OUT/table.md"
errors=$(awk -F'\t' '$3 == "errors" && $5 != "0" { e++ } END { print e + 0 }' "$results")
[ "$errors" = 0 ] || echo "WARNING: $errors runs had errors; see $OUT/*.out" | tee -a "$OUT/table.md"
