#!/usr/bin/env bash
# Compares `duplex serve` (/echo) with reference echo servers on this machine, in one run: Netty 4.2 on native
# epoll, Jetty 12, Java-WebSocket 1.6 (benchmarks/src/main/java/dev/duplex/benchmarks/peers). The load generator
# is `duplex bench` for every server. Servers are visited in a rotated order each round; the table shows the
# median of the rounds and the ratio to Netty. See benchmarks/README.md for what is measured and how.
#
# Usage: benchmarks/compare.sh            (about 20 minutes with the defaults on an otherwise idle 2-core machine)
# Settings (environment):
#   ROUNDS=3  WARMUP=3s  DURATION=5s       rounds, and warm-up / measured time of each message scenario
#   SERVERS="duplex netty jetty java-websocket"  (also duplex-base: an earlier build, DUPLEX_BASE_JAR=its duplex.jar)
#   IDLE_COUNTS="1000 10000"               idle-connection counts (limited by `ulimit -Hn`)
#   SCENARIOS="latency throughput binary compressed idle"
#   SERVER_JVM="-Xms1g -Xmx1g"             JVM options of every server in the message scenarios
#   MEMORY_JVM="-Xms1g -Xmx1g -XX:+UseSerialGC -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary"
#                                          ... and in the idle scenarios (see below)
#   TOOL_JVM=""                            JVM options of `duplex bench`
#   PIN=0                                  1: server on CPU 0, load generator on CPU 1 (taskset)
#   SETTLE=11                              seconds between closing idle connections and the next baseline
#   SKIP_BUILD=0  BASE_PORT=19100  OUT=benchmarks/target/compare-DATE
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3s}
DURATION=${DURATION:-5s}
SERVERS=${SERVERS:-"duplex netty jetty java-websocket"}
IDLE_COUNTS=${IDLE_COUNTS:-"1000 10000"}
SCENARIOS=${SCENARIOS:-"latency throughput binary compressed idle"}
SERVER_JVM=${SERVER_JVM:-"-Xms1g -Xmx1g"}
MEMORY_JVM=${MEMORY_JVM:-"-Xms1g -Xmx1g -XX:+UseSerialGC -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary"}
TOOL_JVM=${TOOL_JVM:-""}
PIN=${PIN:-0}
BASE_PORT=${BASE_PORT:-19100}
OUT=${OUT:-"$root/benchmarks/target/compare-$(date +%Y%m%d-%H%M%S)"}
SETTLE=${SETTLE:-11}

# log, build_jars, record_machine, launch_server, stop_server, run_bench, value, record, the memory probes and
# idle_sample (shared with compare-http2.sh)
source "$root/benchmarks/lib.sh"

# ---- build and environment ----------------------------------------------------------------------------------

build_jars

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
max_idle=0
for n in $IDLE_COUNTS; do [ "$n" -gt "$max_idle" ] && max_idle=$n; done
if [[ " $SCENARIOS " == *" idle "* ]] && [ $((max_idle + 200)) -gt "$(ulimit -n)" ]; then
    echo "IDLE_COUNTS needs $((max_idle + 200)) file descriptors per process; ulimit -n is $(ulimit -n)" >&2
    exit 1
fi
record_machine

# ---- servers ------------------------------------------------------------------------------------------------

port_of() {
    local i=0 s
    for s in duplex netty jetty java-websocket duplex-base; do
        [ "$s" = "$1" ] && { echo $((BASE_PORT + i)); return; }
        i=$((i + 1))
    done
}

# start_server NAME JVM_OPTIONS TAG [deflate]: starts it in the background, sets server_pid, waits until it listens.
# `duplex serve` always negotiates permessage-deflate when offered; the reference servers only with "deflate"
# (Java-WebSocket's extension costs zlib state per connection even when not negotiated).
start_server() {
    launch_server "$1" "$(port_of "$1")" "$2" "$OUT/server-$3.log" "${4:-plain}"
}

# bench NAME TAG ARGS...: runs `duplex bench` against NAME, its results go to $OUT/TAG.txt / .out
bench() {
    local name=$1 tag=$2
    shift 2
    run_bench "ws://127.0.0.1:$(port_of "$name")/echo" "$tag" "$@"
}

# ---- scenarios ----------------------------------------------------------------------------------------------

# run_scenario ROUND NAME SCENARIO: one recorded `duplex bench` run against the running server
run_scenario() {
    local round=$1 name=$2 scenario=$3 tag="r$1-$2-$3"
    case $scenario in
        latency) bench "$name" "$tag" -c 100 -s 32 -d 1 --warmup "$WARMUP" --duration "$DURATION" || return 0 ;;
        throughput) bench "$name" "$tag" -c 100 -s 32 -d 16 --warmup "$WARMUP" --duration "$DURATION" || return 0 ;;
        binary) bench "$name" "$tag" -c 10 -s 64KiB -d 4 --binary --warmup "$WARMUP" --duration "$DURATION" || return 0 ;;
        compressed) bench "$name" "$tag" -c 100 -s 32 -d 16 --compress --warmup "$WARMUP" --duration "$DURATION" \
            || return 0 ;;
    esac
    for m in msgs_per_s mb_per_s lat_p50_us lat_p99_us lat_p999_us server_cpu_us_per_msg tool_cpu_us_per_msg errors; do
        record "$round" "$scenario" "$m" "$name" "$(value "$tag" "$m")"
    done
    log "  $name $scenario: $(value "$tag" msgs_per_s) msg/s, $(value "$tag" mb_per_s) MB/s," \
        "p50 $(value "$tag" lat_p50_us) us, p99 $(value "$tag" lat_p99_us) us," \
        "server $(value "$tag" server_cpu_us_per_msg) us/msg, errors $(value "$tag" errors)"
}

message_scenarios() {
    local round=$1 name=$2 scenario
    if [[ " $SCENARIOS " =~ " "(latency|throughput|binary)" " ]]; then
        start_server "$name" "$SERVER_JVM" "r$round-$name-messages"
        # JIT warm-up of the server, not recorded
        bench "$name" "r$round-$name-jit" -c 100 -d 16 --warmup 0s --duration 3s || true
        for scenario in latency throughput binary; do
            if [[ " $SCENARIOS " == *" $scenario "* ]]; then
                run_scenario "$round" "$name" "$scenario"
            fi
        done
        stop_server
    fi
    if [[ " $SCENARIOS " == *" compressed "* ]]; then
        start_server "$name" "$SERVER_JVM" "r$round-$name-compressed" deflate
        bench "$name" "r$round-$name-jit-compressed" -c 100 -d 16 --compress --warmup 0s --duration 3s || true
        run_scenario "$round" "$name" compressed
        stop_server
    fi
}

# Memory per idle connection = live heap growth + native growth, each divided by the connection count:
# - heap: "used" after a full GC (jcmd GC.run), before the connections and while they are open;
# - native: VmRSS growth over the same interval, after trimming freed malloc memory, minus the growth of the
#   JVM's arena chunks (NMT "Arena Chunk": compiler and GC scratch, not connection state; it was most of the
#   RSS growth of every server). The heap is pre-touched (AlwaysPreTouch, Xms = Xmx), so heap growth cannot
#   show up in RSS and the two parts do not overlap.
# A warm-up opens and closes the largest count first (JIT, pools, lazily created structures).
idle_scenarios() {
    local round=$1 name=$2 n tag prev_n=0 prev_kb=0
    start_server "$name" "$MEMORY_JVM" "r$round-$name-idle"
    # warm-up: open and close the largest count once, so that heap pages, pools and lazily created structures
    # already exist before the baseline is taken
    bench "$name" "r$round-$name-idle-warm" --idle -c "$max_idle" --duration 1s \
        --source-addresses $((max_idle / 25000 + 1)) || true
    for n in $IDLE_COUNTS; do
        tag="r$round-$name-idle$n"
        idle_sample "ws://127.0.0.1:$(port_of "$name")/echo" "$n" "$tag" --source-addresses $((n / 25000 + 1)) || true
        if [ -f "$OUT/$tag.txt" ] && [ "$(value "$tag" opened)" = "$n" ]; then
            record "$round" "idle$n" total_bytes_per_conn "$name" $(((idle_native_kb + idle_heap_kb) * 1024 / n))
            record "$round" "idle$n" heap_bytes_per_conn "$name" $((idle_heap_kb * 1024 / n))
            record "$round" "idle$n" native_bytes_per_conn "$name" $((idle_native_kb * 1024 / n))
            record "$round" "idle$n" connect_per_s "$name" "$(value "$tag" connect_per_s)"
            record "$round" "idle$n" server_cpu_us_per_conn "$name" \
                "$(awk -v ms="$(value "$tag" connect_server_cpu_ms)" -v n="$n" 'BEGIN { printf "%.1f", ms * 1000 / n }')"
            # marginal: the growth from the previous (smaller) count to this one, without fixed costs
            if [ "$prev_n" -gt 0 ] && [ "$n" -gt "$prev_n" ]; then
                record "$round" "idle$n" marginal_bytes_per_conn "$name" \
                    $(((idle_native_kb + idle_heap_kb - prev_kb) * 1024 / (n - prev_n)))
            fi
            prev_n=$n
            prev_kb=$((idle_native_kb + idle_heap_kb))
            log "  $name idle $n: heap +$((idle_heap_kb * 1024 / n)) B/conn, native (RSS)" \
                "+$((idle_native_kb * 1024 / n)) B/conn, $(value "$tag" connect_per_s) conn/s"
        else
            log "  $tag: only $(value "$tag" opened 2>/dev/null || echo 0) of $n connections opened"
        fi
    done
    stop_server
}

# ---- run ----------------------------------------------------------------------------------------------------

read -r -a servers <<< "$SERVERS"
count=${#servers[@]}
started=$(date +%s)
for round in $(seq 1 "$ROUNDS"); do
    log "round $round of $ROUNDS (load average $(cut -d' ' -f1 /proc/loadavg))"
    for k in $(seq 0 $((count - 1))); do
        name=${servers[$(((k + round - 1) % count))]}
        if [[ " $SCENARIOS " =~ " "(latency|throughput|binary|compressed)" " ]]; then
            message_scenarios "$round" "$name"
        fi
        if [[ " $SCENARIOS " == *" idle "* ]]; then
            idle_scenarios "$round" "$name"
        fi
    done
done
log "done in $(( $(date +%s) - started )) s; raw results in $results"

# ---- table: median over rounds per (scenario, metric, server), and the ratio to Netty ---------------------

sort -t$'\t' -k2,2 -k3,3 -k4,4 -k5,5g "$results" | awk -F'\t' -v servers="$SERVERS" '
    function flush() {
        if (key == "") return
        med[key] = (cnt % 2) ? vals[(cnt + 1) / 2] : (vals[cnt / 2] + vals[cnt / 2 + 1]) / 2
        n[key] = cnt
    }
    {
        k = $2 SUBSEP $3 SUBSEP $4
        if (k != key) { flush(); key = k; cnt = 0 }
        vals[++cnt] = $5
        if (!(($2 SUBSEP $3) in seen)) { seen[$2 SUBSEP $3] = 1; order[++rows] = $2 SUBSEP $3 }
    }
    END {
        flush()
        ns = split(servers, s, " ")
        printf "%-34s", "scenario / metric"
        for (i = 1; i <= ns; i++) printf " %16s", s[i]
        for (i = 1; i <= ns; i++) if (s[i] != "netty") printf " %10s", s[i] "/netty"
        printf "\n"
        for (r = 1; r <= rows; r++) {
            split(order[r], sm, SUBSEP)
            if (sm[2] == "errors" || sm[2] == "tool_cpu_us_per_msg") continue
            printf "%-34s", sm[1] " " sm[2]
            for (i = 1; i <= ns; i++) {
                k = sm[1] SUBSEP sm[2] SUBSEP s[i]
                if (k in med) printf " %16.1f", med[k]; else printf " %16s", "-"
            }
            nk = sm[1] SUBSEP sm[2] SUBSEP "netty"
            for (i = 1; i <= ns; i++) {
                if (s[i] == "netty") continue
                k = sm[1] SUBSEP sm[2] SUBSEP s[i]
                if ((k in med) && (nk in med) && med[nk] != 0) printf " %10.2f", med[k] / med[nk]; else printf " %10s", "-"
            }
            printf "\n"
        }
    }' | tee "$OUT/table.txt"
echo "(medians of $ROUNDS rounds; ratios are server/netty: above 1 is better for msgs_per_s, mb_per_s and conn/s," \
    "below 1 is better for latency, CPU and memory)" | tee -a "$OUT/table.txt"
errors=$(awk -F'\t' '$3 == "errors" && $5 != "0" { e++ } END { print e + 0 }' "$results")
[ "$errors" = 0 ] || echo "WARNING: $errors runs had errors; see $OUT/*.out" | tee -a "$OUT/table.txt"
