#!/usr/bin/env bash
# A lost mirror on a cluster must never turn a live token into a 503 while Redis answers (issue 24):
# a 3x2 Redis Cluster of Debian's redis-server 7, three instances of the packaged jar, wrk
# saturating instance A with 10,000 distinct live tokens for DURATION seconds while every
# jwt-revocation-mirror connection on every primary is killed every KILL_EVERY seconds. Prints
# wrk's totals (any non-2xx counts against the run) and, for each refused request, the cause the
# instance logged (the bearer filter's DEBUG line, with the Redis failure).
#
# Usage: bench/cluster-kills.sh   (tune with DURATION=60 KILL_EVERY=3 CONNECTIONS=32)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60}
KILL_EVERY=${KILL_EVERY:-3}
if ! [ -x /usr/bin/redis-server ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
fi
source bench/lib.sh
build

nodes=()
for i in 1 2 3 4 5 6; do
  p=$(free_port); bus=$(free_port)
  mkdir -p "$work/cluster/$i"
  /usr/bin/redis-server --port "$p" --bind 127.0.0.1 --save '' --appendonly no --dir "$work/cluster/$i" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-port "$bus" > "$work/cluster/$i/log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do redis-cli -p "$p" ping > /dev/null 2>&1 && break; sleep 0.1; done
  nodes+=("127.0.0.1:$p")
done
redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes > "$work/cluster/create.log"
for _ in $(seq 1 100); do
  redis-cli -p "${nodes[0]#*:}" cluster info | grep -q 'cluster_state:ok' && break
  sleep 0.1
done
sleep 2

secret=$(head -c 32 /dev/urandom | base64)
declare -a ports
for name in a b c; do
  port=$(free_port)
  JWT_SECRET="$secret" SPRING_DATA_REDIS_CLUSTER_NODES="$(IFS=,; echo "${nodes[*]}")" SERVER_PORT="$port" \
    LOGGING_LEVEL_ROOT=WARN LOGGING_LEVEL_DEV_JWTREVOCATION_REVOCATION=INFO \
    LOGGING_LEVEL_DEV_JWTREVOCATION_TOKEN_BEARERTOKENAUTHENTICATIONFILTER=DEBUG \
    java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar" > "$work/$name.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/livez")" = 200 ] && break
    sleep 1
  done
done
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/tokens.txt"

killer() {
  while [ ! -f "$work/stop" ]; do
    for node in "${nodes[@]}"; do
      redis-cli -p "${node#*:}" client list 2>/dev/null | awk '/ name=jwt-revocation-mirror / {print substr($1, 4)}' \
        | while read -r id; do redis-cli -p "${node#*:}" client kill id "$id" > /dev/null 2>&1 || true; done
    done
    echo kill >> "$work/kills"
    sleep "$KILL_EVERY"
  done
}
killer &
killer_pid=$!
TOKENS_FILE="$work/tokens.txt" wrk -t1 -c"${CONNECTIONS:-32}" -d"${DURATION}s" --latency -s bench/tokens.lua \
  "http://127.0.0.1:${ports[0]}/api/me" > "$work/wrk.txt" 2>&1
touch "$work/stop"
wait "$killer_pid" 2>/dev/null || true
echo "cluster kills: $(wc -l < "$work/kills") kills, every $KILL_EVERY s"
grep -E 'requests in|Non-2xx|Socket errors|Requests/sec' "$work/wrk.txt"
echo "refused with 503 (instance A's log):"
grep -c 'Revocation check failed' "$work/a.log" || true
{ grep -A12 'Revocation check failed' "$work/a.log" || true; } | { grep -E 'Exception|Caused by' || true; } \
  | sort | uniq -c | sort -rn | head -10
echo "mirror loads on A: $(grep -c 'loaded [0-9]* live' "$work/a.log" || true)"
