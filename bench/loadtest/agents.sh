#!/usr/bin/env bash
# Agents on this machine against a local nginx: one process (no agents), one standalone agent, two standalone
# agents (the same load split between them), alternated. Prints the merged RPS of each and the streaming cost:
# bytes each agent sends the coordinator per second (NDJSON lines as received, HTTP chunk framing not counted).
#
# Usage: bench/loadtest/agents.sh [DURATION_SECONDS=10] [RUNS=3] [CONCURRENCY=100]
# Needs: nginx, dotnet, python3. Bounded: every run has a fixed duration plus a timeout; the only processes stopped
# are the nginx master and the agents started here, by their PIDs.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
runs=${2:-3}
conc=${3:-100}
warmup=3

for tool in nginx dotnet python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y nginx" >&2; exit 2; }
done

work=$(mktemp -d /tmp/lt-agents.XXXXXX)
# shellcheck source=bench/loadtest/nginx.sh
. bench/loadtest/nginx.sh
start_nginx "$work"
agent_pids=()
cleanup() {
  for p in "${agent_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building the generator (Release)"
dotnet build -c Release -v q -nologo loadtest/ElasticScaler.LoadTest.Cli -o "$work/lt" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
ulimit -n 20000 2>/dev/null || true
lt="$work/lt/elasticscaler-loadtest"

# Two standalone agents on loopback, started once and reused by every run.
agents=()
for i in 0 1; do
  "$lt" agent --listen 127.0.0.1:0 >"$work/agent$i.log" 2>&1 &
  agent_pids+=($!)
done
for i in 0 1; do
  for _ in $(seq 1 100); do grep -q "listening on" "$work/agent$i.log" && break; sleep 0.1; done
  agents+=("$(sed -n 's|agent: listening on http://\(.*\)/|\1|p' "$work/agent$i.log")")
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { python3 -c "import json,sys;d=json.load(open('$work/r/report.json'));$1"; }

echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg); nginx 1 worker on $url; c=$conc, ${duration}s (+${warmup}s warm-up) x $runs runs"
declare -A rps bps cpu
for r in $(seq 1 "$runs"); do
  for mode in single one two; do
    rm -rf "$work/r"
    case $mode in
      single) extra=() ;;
      one) extra=(--agents-at "${agents[0]}" --start-delay 1s) ;;
      two) extra=(--agents-at "${agents[0]},${agents[1]}" --start-delay 1s) ;;
    esac
    timeout $((duration + warmup + 40)) "$lt" run --url "$url" --concurrency "$conc" --duration "${duration}s" --warm-up "${warmup}s" \
      --quiet --report "$work/r" "${extra[@]}" >"$work/run.out" 2>&1 || { cat "$work/run.out"; exit 1; }
    x=$(field "print(round(d['scenarios'][0]['rps']))")
    rps[$mode]+="$x "
    if [ $mode != single ]; then
      b=$(field "a=d['agents'];print(round(sum(x['streamBytesPerSecond'] for x in a)/len(a)))")
      bps[$mode]+="$b "
      c=$(field "print(' + '.join(str(round(x['cpuPercent'])) for x in d['agents']))")
    else
      b="-"; c=$(field "print(round(d['scenarios'][0]['stats']['cpuPercent']))")
    fi
    echo "   run $r $mode: $x rps, stream $b B/s per agent, generator CPU $c % of one core" >&2
    sleep 2
  done
done
printf "%-22s %10s %22s\n" mode "median rps" "stream B/s per agent"
for mode in single one two; do
  m=$(printf "%s\n" ${rps[$mode]} | median)
  s="-"; [ $mode != single ] && s=$(printf "%s\n" ${bps[$mode]} | median)
  printf "%-22s %10.0f %22s\n" "$mode" "$m" "$s"
done
[ -s "$work/nginx/logs/error.log" ] && { echo "nginx error log:"; head "$work/nginx/logs/error.log"; }
exit 0
