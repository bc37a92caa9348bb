#!/usr/bin/env bash
# Our load generator side by side with wrk against a local nginx (its own config, loopback port, temp dir; never
# the system service), at 100 and 1000 connections. Prints RPS, our ratio to wrk, CPU per request and peak memory.
#
# Usage: bench/loadtest/vs-wrk.sh [DURATION_SECONDS=10] [RUNS=3] [CONNECTIONS="100 1000"]
#   VARIANTS=1 also runs ours with HttpClient (--client httpclient) and with socket continuations on the thread pool
#   (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0), to show where the CPU per request goes.
# Needs: nginx, wrk, GNU time (/usr/bin/time), dotnet. Bounded: every run has a fixed duration plus a timeout, and
# the only process stopped at the end is the nginx master started here, by its PID.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
runs=${2:-3}
conns=${3:-"100 1000"}
warmup=3

for tool in nginx wrk /usr/bin/time dotnet; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y nginx wrk time" >&2; exit 2; }
done

work=$(mktemp -d /tmp/lt-vs-wrk.XXXXXX)
# shellcheck source=bench/loadtest/nginx.sh
. bench/loadtest/nginx.sh
start_nginx "$work"
cleanup() { kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 50); do curl -s -o /dev/null "$url" 2>/dev/null && break; sleep 0.1; done

echo "== building the generator (Release)"
dotnet build -c Release -v q -nologo loadtest/ElasticScaler.LoadTest.Cli -o "$work/lt" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
ulimit -n 20000 2>/dev/null || true

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg); nginx 1 worker on $url; ${duration}s x $runs runs"
printf "%-6s %-5s %10s %8s %12s %12s %11s\n" tool conns rps ratio "cpu_us/req" "alloc_B/req" "max_rss_MB"
for c in $conns; do
  wrk_rps=(); our_rps=(); wrk_cpu=(); our_cpu=(); wrk_mem=(); our_mem=(); our_alloc=()
  for r in $(seq 1 "$runs"); do
    # wrk: -t2 as in the reference measurements (docs/loadtest-anchors.md §5); its warm-up is negligible.
    /usr/bin/time -f "%U %S %M" -o "$work/time" timeout $((duration + 20)) wrk -t2 -c"$c" -d"${duration}s" "$url" >"$work/wrk.out" 2>&1
    reqs=$(awk '/requests in/ {print $1}' "$work/wrk.out")
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
    read -r u s m <"$work/time"
    wrk_rps+=("$rps"); wrk_cpu+=("$(awk -v u="$u" -v s="$s" -v n="$reqs" 'BEGIN{printf "%.2f", (u+s)*1e6/n}')"); wrk_mem+=("$((m / 1024))")
    sleep 2
    # ours: closed model, C looping users over C keep-alive connections; a short warm-up is not measured (JIT).
    /usr/bin/time -f "%U %S %M" -o "$work/time" timeout $((duration + warmup + 40)) "$work/lt/elasticscaler-loadtest" run --url "$url" \
      --concurrency "$c" --duration "${duration}s" --warm-up "${warmup}s" --quiet --report "$work/ours" >"$work/ours.out" 2>&1 || { cat "$work/ours.out"; exit 1; }
    rps=$(python3 -c "import json;d=json.load(open('$work/ours/report.json'));s=d['scenarios'][0];print(round(s['rps'],1))")
    cpu=$(python3 -c "import json;d=json.load(open('$work/ours/report.json'));print(d['scenarios'][0]['stats']['cpuMicrosPerRequest'])")
    alloc=$(python3 -c "import json;d=json.load(open('$work/ours/report.json'));print(d['scenarios'][0]['stats']['allocatedBytesPerRequest'])")
    read -r u s m <"$work/time"
    our_rps+=("$rps"); our_cpu+=("$cpu"); our_mem+=("$((m / 1024))"); our_alloc+=("$alloc")
    echo "   run $r c=$c: wrk ${wrk_rps[-1]} rps, ours $rps rps (ours cpu ${cpu} us/req measured phase)" >&2
    sleep 2
    if [ "${VARIANTS:-0}" = 1 ]; then
      for v in httpclient threadpool; do
        extra=(); envs=()
        [ $v = httpclient ] && extra=(--client httpclient)
        [ $v = threadpool ] && envs=(DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0)
        env "${envs[@]}" timeout $((duration + warmup + 40)) "$work/lt/elasticscaler-loadtest" run --url "$url" --concurrency "$c" \
          --duration "${duration}s" --warm-up "${warmup}s" --quiet --report "$work/ours" "${extra[@]}" >"$work/ours.out" 2>&1 || { cat "$work/ours.out"; exit 1; }
        python3 -c "import json;d=json.load(open('$work/ours/report.json'));s=d['scenarios'][0];print('   run $r c=$c: ours/$v', round(s['rps']), 'rps,', s['stats']['cpuMicrosPerRequest'], 'us/req, fail', s['stats']['fail']['count'])" >&2
        sleep 2
      done
    fi
  done
  w=$(printf "%s\n" "${wrk_rps[@]}" | median); o=$(printf "%s\n" "${our_rps[@]}" | median)
  printf "%-6s %-5s %10.0f %8s %12s %12s %11s\n" wrk "$c" "$w" "1.00" "$(printf "%s\n" "${wrk_cpu[@]}" | median)" "-" "$(printf "%s\n" "${wrk_mem[@]}" | median)"
  printf "%-6s %-5s %10.0f %8.2f %12s %12s %11s\n" ours "$c" "$o" "$(awk -v o="$o" -v w="$w" 'BEGIN{print o/w}')" "$(printf "%s\n" "${our_cpu[@]}" | median)" "$(printf "%s\n" "${our_alloc[@]}" | median)" "$(printf "%s\n" "${our_mem[@]}" | median)"
done
[ -s "$work/nginx/logs/error.log" ] && { echo "nginx error log:"; head "$work/nginx/logs/error.log"; }
rm -rf "$work"
