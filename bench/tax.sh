#!/usr/bin/env bash
# The framework tax (issue 24): what an authenticated GET /api/me costs against the same
# application's unauthenticated ceiling, and what each Boot setting an operator may change costs.
# One Redis, one instance per configuration, each started from its build's classes (as bench/run.sh
# does), rounds interleaved in a new order each round, 10,000 distinct live HS256 tokens in round
# robin (bench/tokens.lua), the server's CPU per request from /proc:
#   mirror           this main (revocation on, mirror mode)
#   baseline         BASELINE_REF: the same before the latest changes
#   with-active      this main with management.metrics.observations.ignored-meters= (Boot's default:
#                    the long-task timer http.server.requests.active on)
#   no-timer         this main with management.observations.enable.http.server.requests=false
#   virtual-threads  this main with spring.threads.virtual.enabled=true
#   unauthenticated  this main's unauthenticated ceiling (bench.SignatureOnlyApplication's
#                    /bench/unauthenticated: the same JSON, a chain that lets everyone in)
# PROFILE=mirror also records a JFR of that configuration, copied to bench/results/mirror.jfr.
#
# Usage: bench/tax.sh   (tune with ROUNDS=7 DURATION=10s WARMUP=40s CONNECTIONS=32 BASELINE_REF=14cdf8d)
# Prints the rounds and paired ratios and writes bench/results/tax-latest.txt. About 15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-7}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-40s}
BASELINE_REF=${BASELINE_REF:-14cdf8d}
CONFIGS=(mirror baseline with-active no-timer virtual-threads unauthenticated)
source bench/lib.sh

build
git worktree add -q --detach "$work/baseline" "$BASELINE_REF"
trap 'git worktree remove --force "$work/baseline" 2>/dev/null || true; cleanup' EXIT
(cd "$work/baseline" && ./mvnw -q -B -ntp -pl service -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/baseline-classpath.txt")
baseline_cp="$work/baseline/target/test-classes:$work/baseline/target/classes:$(cat "$work/baseline-classpath.txt")"
app=dev.jwtrevocation.JwtRevocationApplication
start_embedded_redis

secret=$(head -c 32 /dev/urandom | base64)
declare -A port pid path
for config in "${CONFIGS[@]}"; do
  port[$config]=$(free_port)
  path[$config]=/api/me
  launch=(-cp "$cp" "$app")
  args=()
  jfr=()
  case $config in
    baseline) launch=(-cp "$baseline_cp" "$app") ;;
    with-active) args=(--management.metrics.observations.ignored-meters=) ;;
    no-timer) args=(--management.observations.enable.http.server.requests=false) ;;
    virtual-threads) args=(--spring.threads.virtual.enabled=true) ;;
    unauthenticated) launch=(-cp "$cp" bench.SignatureOnlyApplication); path[$config]=/bench/unauthenticated ;;
  esac
  [ "${PROFILE:-}" = "$config" ] && jfr=(-XX:StartFlightRecording=filename="$work/$config.jfr",settings=profile,delay=40s)
  JWT_SECRET="$secret" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" SERVER_PORT="${port[$config]}" \
    REVOCATION_MODE=mirror LOGGING_LEVEL_ROOT=WARN \
    java -Xms512m -Xmx512m -XX:+UseParallelGC "${jfr[@]}" "${launch[@]}" "${args[@]}" > "$work/$config.log" 2>&1 &
  pid[$config]=$!
  pids+=($!)
done
for config in "${CONFIGS[@]}"; do
  for _ in $(seq 1 90); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[$config]}/livez")" = 200 ] && break
    sleep 1
  done
done
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/tokens.txt"

run_wrk() { # config duration -> "req/s p99 cpu_us_per_request"
  wrk_round "${pid[$1]}" "$work/tokens.txt" "http://127.0.0.1:${port[$1]}${path[$1]}" "$2"
}
for config in "${CONFIGS[@]}"; do run_wrk "$config" "$WARMUP" > /dev/null; done
results="$work/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  for config in $(printf '%s\n' "${CONFIGS[@]}" | shuf); do
    echo "$round $config $(run_wrk "$config" "$DURATION")" | tee -a "$results"
  done
done
mkdir -p bench/results
{
  echo "framework tax, $(date -u +%F), $(git rev-parse --short HEAD) against $BASELINE_REF, $(nproc) cores," \
    "$ROUNDS rounds of $DURATION, ${CONNECTIONS:-32} connections, 10,000 HS256 tokens"
  python3 - "$results" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
by = {}
for round_, config, rps, p99, cpu in rows:
    by.setdefault(config, {})[round_] = (float(rps), float(cpu))
for config, rounds in by.items():
    print(f"{config:16} {statistics.median(r[0] for r in rounds.values()):9,.0f} req/s"
          f"  {statistics.median(r[1] for r in rounds.values()):5.0f} us CPU per request (medians)")
def paired(a, b):
    return statistics.median(by[a][r][0] / by[b][r][0] for r in by[a] if r in by[b])
for a, b in [("mirror", "unauthenticated"), ("baseline", "unauthenticated"), ("mirror", "baseline"),
             ("with-active", "mirror"), ("no-timer", "mirror"),
             ("virtual-threads", "mirror")]:
    print(f"{a} / {b}: {paired(a, b):.3f} paired (median of the rounds' ratios)")
EOF
  echo "rounds (round config req/s p99 cpu_us):"
  cat "$results"
} | tee bench/results/tax-latest.txt
if [ -n "${PROFILE:-}" ]; then
  jcmd "${pid[$PROFILE]}" JFR.dump filename="$work/$PROFILE.jfr" > /dev/null
  cp "$work/$PROFILE.jfr" "bench/results/$PROFILE.jfr"
  echo "JFR: bench/results/$PROFILE.jfr"
fi
