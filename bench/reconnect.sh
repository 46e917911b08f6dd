#!/usr/bin/env bash
# A reconnect without a reload (issue 24): one instance holding REVOCATIONS live revocations
# (1,000,000 by default) under wrk saturation has its mirror connections killed (CLIENT KILL)
# every few seconds; bench/reconnect.py times each way back to a trusted copy and counts the
# requests that asked Redis meanwhile, and after. Two configurations, each with a Redis of its own
# and run one after the other, so that neither's reconnects load the other's machine:
#   replay  the default: the copy is kept, the change log replayed
#   reload  revocation.change-log.max-entries=0: every reconnect clears the copy and loads it
#           again, as before the change log
# Then the cold start: an instance started against the 1,000,000 revocations, its load time read
# from its log. Last, the guarantee while connections die: three instances on one Redis with
# 100,000 live revocations, every mirror connection killed every KILL_EVERY seconds while
# bench.Propagation logs in on A, sees B accept, logs out on A and polls B (TRIALS times): a
# request sent to B after A's 204 must never be accepted, and B must never answer a live token
# with anything but 200 (a 5xx fails the run).
#
# Usage: bench/reconnect.sh   (tune with REVOCATIONS=1000000 KILLS=10 BETWEEN=3 CONNECTIONS=32
#                             TRIALS=300 KILL_EVERY=1)
# Prints one JSON line per configuration and writes bench/results/reconnect-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

REVOCATIONS=${REVOCATIONS:-1000000}
KILLS=${KILLS:-10}
BETWEEN=${BETWEEN:-3}
TRIALS=${TRIALS:-300}
KILL_EVERY=${KILL_EVERY:-1}
source bench/lib.sh

build
secret=$(head -c 32 /dev/urandom | base64)
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/tokens.txt"
results="$work/results.txt"
: > "$results"
start_instance() { # name max-entries -> sets $app_port $management_port $app_pid
  app_port=$(free_port)
  management_port=$(free_port)
  JWT_SECRET="$secret" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" SERVER_PORT="$app_port" \
    MANAGEMENT_SERVER_PORT="$management_port" REVOCATION_CHANGE_LOG_MAX_ENTRIES="$2" LOGGING_LEVEL_ROOT=WARN \
    AUTH_LOGIN_THROTTLE_MAX_REGISTRATIONS_PER_ADDRESS=100000 SESSION_REFRESH_MAX_SESSIONS_PER_USER=100000 \
    LOGGING_LEVEL_DEV_JWTREVOCATION_REVOCATION=INFO \
    java -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$jar" > "$work/$1.log" 2>&1 &
  app_pid=$!
  pids+=($app_pid)
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/livez")" = 200 ] && break
    sleep 1
  done
}
for config in replay reload; do
  start_embedded_redis
  max_entries=100000; [ "$config" = reload ] && max_entries=0
  start_instance "$config" "$max_entries"
  echo "== $config: $REVOCATIONS live revocations"
  java -cp "$cp" bench.Denylist "$redis_port" "$REVOCATIONS"
  # a logout through the service, so that the change log has an entry to stand at
  user="bench-$RANDOM"
  curl -fsS -X POST "http://127.0.0.1:$app_port/auth/register" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"benchmark password\"}" > /dev/null
  token=$(curl -fsS -X POST "http://127.0.0.1:$app_port/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"benchmark password\"}" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  curl -fsS -X POST "http://127.0.0.1:$app_port/auth/logout" -H "Authorization: Bearer $token" > /dev/null
  sleep 2
  duration=$(( KILLS * (BETWEEN + 6) + 10 ))
  TOKENS_FILE="$work/tokens.txt" wrk -t1 -c"${CONNECTIONS:-32}" -d"${duration}s" -s bench/tokens.lua \
    "http://127.0.0.1:$app_port/api/me" > "$work/$config-wrk.txt" 2>&1 &
  wrk_pid=$!
  sleep 5
  line=$(python3 bench/reconnect.py "$redis_port" "$management_port" "$KILLS" "$BETWEEN")
  kill "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" 2>/dev/null || true
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/$config-wrk.txt")
  echo "$config $line non-2xx=${non2xx:-0}" | tee -a "$results"
  kill "$app_pid"
  if [ "$config" = replay ]; then
    # the cold start: another instance against the same Redis
    start_instance cold 100000
    for _ in $(seq 1 60); do grep -q "loaded [0-9]* live revocations" "$work/cold.log" && break; sleep 1; done
    echo "cold start: $(grep -o 'loaded [0-9]* live revocations from Redis in [0-9]* ms' "$work/cold.log" | head -1)" \
      | tee -a "$results"
    kill "$app_pid"
  fi
done
echo "== the guarantee: 3 instances, every mirror connection killed every $KILL_EVERY s, $TRIALS trials"
start_embedded_redis
java -cp "$cp" bench.Denylist "$redis_port" 100000
start_instance guarantee-a 100000; port_a=$app_port
start_instance guarantee-b 100000; port_b=$app_port
start_instance guarantee-c 100000
python3 bench/reconnect.py "$redis_port" --every "$KILL_EVERY" "$work/stop" > "$work/kills.json" &
killer=$!
propagation=$(java -cp "$cp" bench.Propagation "$port_a" "$port_b" "$TRIALS" | grep '^{' | tail -1)
touch "$work/stop"
wait "$killer"
echo "guarantee $propagation kills=$(cat "$work/kills.json")" | tee -a "$results"
for instance in a b c; do
  echo "guarantee-$instance: $(grep -c 'kept its copy' "$work/guarantee-$instance.log") replays," \
    "$(grep -c 'loaded [0-9]* live' "$work/guarantee-$instance.log") loads"
done | tee -a "$results"
mkdir -p bench/results
{
  echo "reconnect, $(date -u +%F), $(git rev-parse --short HEAD), $(nproc) cores, $REVOCATIONS live revocations," \
    "$KILLS kills $BETWEEN s apart under wrk -c${CONNECTIONS:-32}"
  cat "$results"
} > bench/results/reconnect-latest.txt
cat bench/results/reconnect-latest.txt
