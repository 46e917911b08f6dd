#!/usr/bin/env bash
# Anonymous forgeries that cost CPU (issue 23, findings 6 and 7), against the packaged jar signing
# ES256, three times side by side on one Redis:
#   bounded    the defaults: 50 verifications of never-seen tokens a second per address, 500 per
#              core in total; 5 earlier refresh tokens a second per address, 100 per core in total
#   total      the per-address budgets lifted, as for a flood from many addresses: only the totals
#              hold
#   unbounded  every budget lifted: what main did before them
# Each: bench.LoginFlood probes GET /api/me (a token verified once, then remembered) every 10 ms
# for PHASE_SECONDS, idle; then under a paced flood from wrk (bench/forgeries.lua, CONNECTIONS
# connections each waiting DELAY_MS: about 1,750 requests a second) of
#   access   forged ES256 tokens with the published kid and a random r: each a full ECDSA
#            verification unless refused first;
#   refresh  forged generation-0 refresh tokens of a session at generation 1,000: each 1,000 HMACs.
# Sessions may refresh 1,000,000 times a minute here, so that the per-session limit (which also
# counts earlier tokens) does not hide the per-address budget. Prints one JSON line per phase and
# writes bench/results/forgery-flood-latest.txt, with the medians of the rounds. About 13 minutes.
# Usage: bench/forgery-flood.sh   (ROUNDS=3 PHASE_SECONDS=20 CONNECTIONS=35 DELAY_MS=20)
set -euo pipefail
cd "$(dirname "$0")/.."
PHASE_SECONDS=${PHASE_SECONDS:-20}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-35}
DELAY_MS=${DELAY_MS:-20}
CONFIGS=(bounded total unbounded)
source bench/lib.sh

build
start_embedded_redis
secret=$(head -c 32 /dev/urandom | base64)
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/key.pem" 2>/dev/null
declare -A port pid
for config in "${CONFIGS[@]}"; do
  port[$config]=$(free_port)
  extra=()
  case $config in
    total) extra=(JWT_VERIFICATION_BUDGET_PER_ADDRESS_PER_SECOND=1000000
      SESSION_REFRESH_EARLIER_TOKENS_PER_ADDRESS_PER_SECOND=1000000) ;;
    unbounded) extra=(JWT_VERIFICATION_BUDGET_PER_ADDRESS_PER_SECOND=1000000
      JWT_VERIFICATION_BUDGET_TOTAL_PER_SECOND=1000000
      SESSION_REFRESH_EARLIER_TOKENS_PER_ADDRESS_PER_SECOND=1000000
      SESSION_REFRESH_EARLIER_TOKENS_TOTAL_PER_SECOND=1000000) ;;
  esac
  env JWT_SECRET="$secret" JWT_KEYS_0_ID=bench JWT_KEYS_0_PRIVATE_KEY="file:$work/key.pem" \
    SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" SERVER_PORT="${port[$config]}" \
    LOGGING_LEVEL_ROOT=WARN SESSION_REFRESH_MAX_PER_MINUTE=1000000 AUTH_LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS=1000000 \
    AUTH_LOGIN_THROTTLE_MAX_REGISTRATIONS_PER_ADDRESS=1000000 \
    "${extra[@]}" \
    java -Xms512m -Xmx512m -XX:+UseParallelGC -jar "$jar" > "$work/$config.log" 2>&1 &
  pid[$config]=$!
  pids+=($!)
done
for config in "${CONFIGS[@]}"; do
  for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:${port[$config]}/livez" >/dev/null && break; sleep 1; done
  curl -fs "http://127.0.0.1:${port[$config]}/livez" >/dev/null || { tail -20 "$work/$config.log"; exit 1; }
done

results="$work/results.txt"
for config in "${CONFIGS[@]}"; do
  mkdir -p "$work/$config"
  java -cp "$cp" bench.Forgeries "${port[$config]}" "$work/$config" 5000 1000
done
# one config at a time, the others idle (the machine has two cores), rounds interleaved
for round in $(seq 1 "$ROUNDS"); do
  for config in "${CONFIGS[@]}"; do
    p=${port[$config]}
    echo "{\"round\": $round, \"config\": \"$config\", \"flood\": \"none\", $(java -cp "$cp" bench.LoginFlood "$p" 0 "$PHASE_SECONDS" | tail -1 | cut -c2-)" \
      | tee -a "$results"
    for forgery in access refresh; do
      before=$(cpu_ticks "${pid[$config]}")
      (sleep 2; FORGERY=$forgery FORGERIES_FILE="$work/$config/$forgery.txt" DELAY_MS=$DELAY_MS \
        wrk -t1 -c"$CONNECTIONS" -d"$((PHASE_SECONDS + 5))s" -s bench/forgeries.lua "http://127.0.0.1:$p" \
        > "$work/wrk.txt" 2>&1) &
      flooder=$!
      probe=$(java -cp "$cp" bench.LoginFlood "$p" 0 $((PHASE_SECONDS + 3)) | tail -1 | cut -c2-)
      wait "$flooder"
      after=$(cpu_ticks "${pid[$config]}")
      read -r rate sent n401 n429 n503 nother < <(awk '/^flood:/ {print $2, $3, $4, $5, $6, $7}' "$work/wrk.txt")
      echo "{\"round\": $round, \"config\": \"$config\", \"flood\": \"$forgery\", \"flood_rps\": $rate, \"flood_401\": $n401, \"flood_429\": $n429, \"flood_503\": $n503, \"flood_other\": $nother, \"server_cpu_us_per_flood_request\": $(( (after - before) * 1000000 / $(getconf CLK_TCK) / sent )), $probe" \
        | tee -a "$results"
      sleep 2
    done
  done
done
mkdir -p bench/results
{
  echo "Forgery floods, $(date -u +%F), $(nproc) cores, $ROUNDS rounds, $PHASE_SECONDS s per phase, $CONNECTIONS connections each waiting ${DELAY_MS} ms"
  python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print("config     flood    probe p50 ms  probe p99 ms  flood req/s  401/429/503 (sum)  server CPU us per flood request")
for config in ("bounded", "total", "unbounded"):
    for flood in ("none", "access", "refresh"):
        r = [x for x in rows if x["config"] == config and x["flood"] == flood]
        med = lambda k: statistics.median(x[k] for x in r)
        if flood == "none":
            print(f"{config:10} {flood:8} {med('me_p50_us') / 1000:12.1f} {med('me_p99_us') / 1000:13.1f}")
        else:
            print(f"{config:10} {flood:8} {med('me_p50_us') / 1000:12.1f} {med('me_p99_us') / 1000:13.1f} {med('flood_rps'):12.0f}"
                  f"  {sum(x['flood_401'] for x in r)}/{sum(x['flood_429'] for x in r)}/{sum(x['flood_503'] for x in r)}"
                  f"  {med('server_cpu_us_per_flood_request'):8.0f}")
PY
  echo "rounds:"
  cat "$results"
} > bench/results/forgery-flood-latest.txt
