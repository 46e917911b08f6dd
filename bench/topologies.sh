#!/usr/bin/env bash
# One Redis against several, side by side in one run: the packaged jar, two instances in
# mirror mode per topology, all on this machine and Debian's redis-server 7:
#   standalone          one redis-server (durability resolves to primary: no replica)
#   standalone+replica  a primary and a replica (durability replicas: WAIT 1)
#   sentinel            a primary, a replica, three Sentinels (durability replicas)
#   cluster             three primaries with one replica each (durability replicas, WAIT on the
#                       primary of each revocation's slot; the mirror tracks every primary)
# For each: authenticated GET /api/me with wrk and 10,000 distinct live tokens in round robin
# (bench/tokens.lua) on instance A, rounds interleaved across topologies, the server's CPU time
# per request read from /proc; then logout latency through A (its 204 waits for the replica and
# for B's mirror), idle. About 9 minutes.
#
# Usage: bench/topologies.sh   (tune with ROUNDS=5 DURATION=10s WARMUP=30s CONNECTIONS=32 LOGOUTS=300)
# Prints a table and writes bench/results/topologies-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}
CONNECTIONS=${CONNECTIONS:-32}
LOGOUTS=${LOGOUTS:-300}
TOPOLOGIES=(standalone standalone+replica sentinel cluster)
if ! [ -x /usr/bin/redis-server ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
fi
source bench/lib.sh

build

redis() { # dir port [args...]: a redis-server in the background
  local dir=$1 port=$2
  mkdir -p "$dir"
  /usr/bin/redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
    --repl-diskless-sync-delay 0 "${@:3}" > "$dir/log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "redis-server on $port did not start"; cat "$dir/log"; exit 1
}
await_sync() { # replica port
  for _ in $(seq 1 100); do
    redis-cli -p "$1" info replication | grep -q 'master_link_status:up' && return
    sleep 0.1
  done
  echo "replica on $1 did not sync"; exit 1
}

echo "== starting the topologies"
declare -A env
# standalone
p=$(free_port); redis "$work/standalone" "$p"
env[standalone]="SPRING_DATA_REDIS_URL=redis://127.0.0.1:$p"
# standalone+replica
p=$(free_port); r=$(free_port)
redis "$work/replicated/p" "$p"; redis "$work/replicated/r" "$r" --replicaof 127.0.0.1 "$p"; await_sync "$r"
env[standalone+replica]="SPRING_DATA_REDIS_URL=redis://127.0.0.1:$p"
# sentinel
p=$(free_port); r=$(free_port)
redis "$work/sentinel/p" "$p"; redis "$work/sentinel/r" "$r" --replicaof 127.0.0.1 "$p"; await_sync "$r"
sentinels=()
for i in 1 2 3; do
  s=$(free_port); mkdir -p "$work/sentinel/s$i"
  printf 'port %s\nbind 127.0.0.1\ndir %s\nsentinel monitor mymaster 127.0.0.1 %s 2\nsentinel down-after-milliseconds mymaster 5000\n' \
    "$s" "$work/sentinel/s$i" "$p" > "$work/sentinel/s$i/sentinel.conf"
  /usr/bin/redis-server "$work/sentinel/s$i/sentinel.conf" --sentinel > "$work/sentinel/s$i/log" 2>&1 &
  pids+=($!)
  sentinels+=("127.0.0.1:$s")
done
sleep 2
env[sentinel]="SPRING_DATA_REDIS_SENTINEL_MASTER=mymaster SPRING_DATA_REDIS_SENTINEL_NODES=$(IFS=,; echo "${sentinels[*]}")"
# cluster
nodes=()
for i in 1 2 3 4 5 6; do
  p=$(free_port); bus=$(free_port)
  redis "$work/cluster/$i" "$p" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-port "$bus"
  nodes+=("127.0.0.1:$p")
done
redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes > "$work/cluster/create.log"
for _ in $(seq 1 100); do
  redis-cli -p "${nodes[0]#*:}" cluster info | grep -q 'cluster_state:ok' && break
  sleep 0.2
done
sleep 2
env[cluster]="SPRING_DATA_REDIS_CLUSTER_NODES=$(IFS=,; echo "${nodes[*]}")"

secret=$(head -c 32 /dev/urandom | base64)
declare -A port pid
for topology in "${TOPOLOGIES[@]}"; do
  for instance in a b; do
    key="$topology/$instance"
    port[$key]=$(free_port)
    env JWT_SECRET="$secret" SERVER_PORT="${port[$key]}" LOGGING_LEVEL_ROOT=WARN ${env[$topology]} \
      LOGGING_LEVEL_DEV_JWTREVOCATION_REVOCATION=INFO \
      AUTH_LOGIN_THROTTLE_MAX_REGISTRATIONS_PER_ADDRESS=100000 SESSION_REFRESH_MAX_SESSIONS_PER_USER=100000 \
      java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar" > "$work/${topology}-$instance.log" 2>&1 &
    pid[$key]=$!
    pids+=($!)
  done
done
for key in "${!port[@]}"; do
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:${port[$key]}/readyz" >/dev/null && break; sleep 1; done
  curl -fs "http://127.0.0.1:${port[$key]}/readyz" >/dev/null || { echo "$key did not start"; tail -30 "$work/${key/\//-}.log"; exit 1; }
done
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/tokens.txt"

run_wrk() { # topology duration -> "rps p99 cpu_us_per_request"
  wrk_round "${pid[$1/a]}" "$work/tokens.txt" "http://127.0.0.1:${port[$1/a]}/api/me" "$2"
}
echo "== warming up"
for topology in "${TOPOLOGIES[@]}"; do run_wrk "$topology" "$WARMUP" > /dev/null; done
results="$work/results.txt"
echo "== authenticated GET /api/me, $ROUNDS interleaved rounds of $DURATION"
for round in $(seq 1 "$ROUNDS"); do
  order=("${TOPOLOGIES[@]}")
  [ $((round % 2)) -eq 0 ] && order=(cluster sentinel standalone+replica standalone)
  for topology in "${order[@]}"; do
    echo "$round $topology $(run_wrk "$topology" "$DURATION")" | tee -a "$results"
  done
done
echo "== logout latency through A, $LOGOUTS each, idle"
: > "$work/logout.jsonl"
for topology in "${TOPOLOGIES[@]}"; do
  java -cp "$cp" bench.LogoutLatency "$topology" "${port[$topology/a]}" "$LOGOUTS" | tail -1 | tee -a "$work/logout.jsonl"
done

mkdir -p bench/results
{
  echo "topologies side by side, $(date -u +%F), $(nproc) cores, redis-server $(/usr/bin/redis-server --version | grep -o 'v=[0-9.]*'), two instances each in mirror mode"
  echo "authenticated req/s on instance A: $ROUNDS interleaved rounds of $DURATION, $CONNECTIONS connections, 10,000 tokens"
  awk '{ rps[$2] += $3; cpu[$2] += $5; n[$2]++ }
    END { for (t in n) printf "  %-18s %8.0f req/s  %5.1f us CPU per request\n", t, rps[t] / n[t], cpu[t] / n[t] }' "$results" | sort
  echo "logout latency through A (204 after the durable write and B's mirror), idle:"
  python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print("  %-18s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d logouts)" % (r["label"], r["p50_us"] / 1000, r["p99_us"] / 1000, r["max_us"] / 1000, r["logouts"]))
' "$work/logout.jsonl"
  echo "durability as resolved (WARN/INFO at start):"
  for topology in "${TOPOLOGIES[@]}"; do
    line=$(grep -ho 'revocation.durability=auto: [^,;]*' "$work/${topology}-a.log" | head -1 || true)
    echo "  $topology: ${line:-see log}"
  done
  echo "rounds (round topology req/s p99 cpu_us):"
  cat "$results"
} | tee bench/results/topologies-latest.txt
