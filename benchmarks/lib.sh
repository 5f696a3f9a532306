# Shared by benchmarks/compare.sh and benchmarks/compare-http2.sh (sourced, not run). The caller sets, before
# sourcing: root (the repository), OUT (the output folder), ROUNDS WARMUP DURATION SERVER_JVM MEMORY_JVM TOOL_JVM
# PIN SETTLE, and optionally SKIP_BUILD and IDLE_HISTOGRAM (1: keep a class histogram around each idle sample).
# It sets: java, jcmd, duplex_jar, bench_jar (after build_jars), results (OUT/results.tsv), server_pid,
# server_cpu / tool_cpu (taskset prefixes with PIN=1), and an EXIT trap that stops a running server.

# shellcheck source=../scripts/jdk.sh
source "$root/scripts/jdk.sh"
java="$JAVA_HOME/bin/java"
jcmd="$JAVA_HOME/bin/jcmd"
HOLD=${HOLD:-5s}
IDLE_HISTOGRAM=${IDLE_HISTOGRAM:-0}

duplex_jar="$root/cli/target/duplex.jar"
bench_jar="$root/benchmarks/target/benchmarks.jar"
mkdir -p "$OUT"
results="$OUT/results.tsv"
: > "$results"
server_pid=""
server_cpu=""; tool_cpu=""
if [ "${PIN:-0}" = 1 ]; then server_cpu="taskset -c 0"; tool_cpu="taskset -c 1"; fi

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$OUT/compare.log" >&2; }

cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT INT TERM

# build_jars: builds cli and benchmarks (unless SKIP_BUILD=1), then runs from copies in OUT, so that a rebuild
# during the run cannot change the classes under a running JVM.
build_jars() {
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        log "building cli and benchmarks with $JAVA_HOME"
        (cd "$root" && mvn -q -B -DskipTests package -pl cli,benchmarks -am) >"$OUT/build.log" 2>&1 \
            || { cat "$OUT/build.log" >&2; exit 1; }
    fi
    [ -f "$duplex_jar" ] && [ -f "$bench_jar" ] || { echo "missing $duplex_jar or $bench_jar" >&2; exit 1; }
    cp "$duplex_jar" "$OUT/duplex.jar"
    cp "$bench_jar" "$OUT/benchmarks.jar"
    duplex_jar="$OUT/duplex.jar"
    bench_jar="$OUT/benchmarks.jar"
}

# record_machine [MORE SETTINGS]: raises `ulimit -n` to the hard limit, writes OUT/machine.txt and shows it
record_machine() {
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    {
        echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
        echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
        echo "memory: $(free -m | awk '/Mem:/ {print $2}') MiB"
        echo "kernel: $(uname -sr)"
        echo "java: $("$java" -version 2>&1 | head -n 1)"
        echo "ulimit -n: $(ulimit -n)"
        echo "settings: ROUNDS=$ROUNDS WARMUP=$WARMUP DURATION=$DURATION PIN=${PIN:-0} SERVER_JVM='$SERVER_JVM'" \
            "MEMORY_JVM='$MEMORY_JVM' TOOL_JVM='$TOOL_JVM' $*"
        echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    } > "$OUT/machine.txt"
    cat "$OUT/machine.txt" >&2
}

# launch_server KIND PORT JVM_OPTIONS LOG [deflate]: starts `duplex serve` (KIND duplex), the `duplex serve` of an
# earlier build (KIND duplex-base: the jar in DUPLEX_BASE_JAR, to measure a change before and after in one run), or
# a reference server (PeerServer KIND) in the background, sets server_pid, waits until it listens.
launch_server() {
    local kind=$1 port=$2 opts=$3 server_log=$4 deflate=${5:-plain}
    if [ "$kind" = duplex ] || [ "$kind" = duplex-base ]; then
        local jar=$duplex_jar
        if [ "$kind" = duplex-base ]; then
            jar=${DUPLEX_BASE_JAR:?DUPLEX_BASE_JAR names the duplex.jar of the build to compare with}
        fi
        # shellcheck disable=SC2086
        $server_cpu "$java" $opts -jar "$jar" serve --host 127.0.0.1 --port "$port" \
            >"$server_log" 2>&1 &
    else
        # shellcheck disable=SC2086
        $server_cpu "$java" $opts --enable-native-access=ALL-UNNAMED -cp "$bench_jar" \
            dev.duplex.benchmarks.peers.PeerServer "$kind" "$port" 127.0.0.1 "$(nproc)" "$deflate" \
            >"$server_log" 2>&1 &
    fi
    server_pid=$!
    for _ in $(seq 1 150); do
        if grep -q -E 'serving on|echo server on' "$server_log" 2>/dev/null; then
            return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.2
    done
    echo "server $kind did not start:" >&2
    cat "$server_log" >&2
    exit 1
}

stop_server() {
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    sleep 1
}

# run_bench URL TAG ARGS...: runs `duplex bench` against the running server, its results go to $OUT/TAG.txt / .out
run_bench() {
    local url=$1 tag=$2
    shift 2
    # shellcheck disable=SC2086
    $tool_cpu "$java" $TOOL_JVM -jar "$duplex_jar" bench "$url" -q \
        --server-pid "$server_pid" --result-file "$OUT/$tag.txt" "$@" >"$OUT/$tag.out" 2>"$OUT/$tag.err" || {
        log "  $tag: bench failed: $(tail -n 3 "$OUT/$tag.out" "$OUT/$tag.err" | tr '\n' ' ')"
        return 1
    }
}

value() { sed -n "s/^$2=//p" "$OUT/$1.txt"; }

record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$results"; }   # round scenario metric server value

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
# the JVM's arena chunks (scratch memory of the JIT compilers, the GC and diagnostic commands, kept in a pool
# and freed lazily), in KiB, from Native Memory Tracking; 0 without it
arena_kb() {
    "$jcmd" "$server_pid" VM.native_memory summary scale=KB 2>/dev/null \
        | sed -n 's/.*Arena Chunk (reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p' | head -n 1 | grep . || echo 0
}
# live heap after a full GC, in KiB (sum of the "used" of the generations / G1 heap)
heap_kb() {
    "$jcmd" "$server_pid" GC.heap_info 2>/dev/null | awk '/ total .* used / && !/Metaspace|class space/ {
        for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); gsub(/[^0-9]/, "", v); s += v } } END { print s + 0 }'
}
# a full GC, a moment for the cleaners of unreachable direct buffers to free their memory, then freed malloc
# memory back to the OS (JDK 21+), so that RSS counts what is live
full_gc() {
    "$jcmd" "$server_pid" GC.run >/dev/null 2>&1 || true
    sleep 1
    "$jcmd" "$server_pid" System.trim_native_heap >/dev/null 2>&1 || true
    sleep 0.5
}

# histogram_diff BEFORE AFTER N: the classes whose live instances grew the most between two `jcmd
# GC.class_histogram` files, as "bytes per N, instances per N, class", largest first
histogram_diff() {
    awk -v n="$3" '
        FNR == 1 { f++ }
        $1 ~ /^[0-9]+:$/ { if (f == 1) { b[$4] = $3; bi[$4] = $2 } else { a[$4] = $3; ai[$4] = $2 } }
        END {
            for (c in a) { d = a[c] - b[c]; if (d > 0) printf "%10.1f %8.2f  %s\n", d / n, (ai[c] - bi[c]) / n, c }
        }' "$1" "$2" | sort -rn | head -n 30
}

# idle_sample URL N TAG ARGS...: memory of N idle WebSockets (see compare.sh's idle scenario). Waits SETTLE s,
# takes the baseline (full GC, live heap, RSS, arena chunks), opens N idle WebSockets with `duplex bench --idle
# ARGS` for HOLD, waits for its "ready:" line, measures again, waits for the bench to end. Sets idle_heap_kb and
# idle_native_kb (RSS growth minus arena-chunk growth); returns 1 when the bench failed. With IDLE_HISTOGRAM=1
# it also keeps $OUT/TAG.histo (the classes that grew, per WebSocket).
idle_sample() {
    local url=$1 n=$2 tag=$3 rss0 rss1 heap0 heap1 arena0 arena1 pid
    shift 3
    # let the server release what it keeps of closed connections (cleaners, lazily expired timers: Duplex kept
    # each closed connection until its handshake-timeout timer fired, 10 s after accept, before 001859f)
    sleep "$SETTLE"
    full_gc
    rss0=$(rss_kb); heap0=$(heap_kb); arena0=$(arena_kb)
    [ "$IDLE_HISTOGRAM" = 1 ] && "$jcmd" "$server_pid" GC.class_histogram > "$OUT/$tag.histo-before" 2>/dev/null
    # shellcheck disable=SC2086
    $tool_cpu "$java" $TOOL_JVM -jar "$duplex_jar" bench "$url" -q --idle -c "$n" --duration "$HOLD" \
        --server-pid "$server_pid" --result-file "$OUT/$tag.txt" "$@" >"$OUT/$tag.out" 2>"$OUT/$tag.err" &
    pid=$!
    for _ in $(seq 1 600); do
        grep -q '^ready:' "$OUT/$tag.err" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    full_gc
    rss1=$(rss_kb); heap1=$(heap_kb); arena1=$(arena_kb)
    if [ "$IDLE_HISTOGRAM" = 1 ]; then
        "$jcmd" "$server_pid" GC.class_histogram > "$OUT/$tag.histo-after" 2>/dev/null
        histogram_diff "$OUT/$tag.histo-before" "$OUT/$tag.histo-after" "$n" > "$OUT/$tag.histo"
    fi
    idle_heap_kb=$((heap1 - heap0))
    idle_native_kb=$((rss1 - rss0 - (arena1 - arena0)))
    wait "$pid" || { log "  $tag: bench failed: $(tail -n 3 "$OUT/$tag.out" | tr '\n' ' ')"; return 1; }
}

# medians: "scenario metric server median" for every (scenario, metric, server) of results.tsv, tab-separated
medians() {
    sort -t$'\t' -k2,2 -k3,3 -k4,4 -k5,5g "$results" | awk -F'\t' '
        function flush() {
            if (key == "") return
            printf "%s\t%s\n", key, (cnt % 2) ? vals[(cnt + 1) / 2] : (vals[cnt / 2] + vals[cnt / 2 + 1]) / 2
        }
        {
            k = $2 "\t" $3 "\t" $4
            if (k != key) { flush(); key = k; cnt = 0 }
            vals[++cnt] = $5
        }
        END { flush() }'
}
