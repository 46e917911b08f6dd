#!/usr/bin/env bash
# Benchmarks the revocation check side by side, on this machine, in one run:
#   1. authenticated GET /api/me with wrk, 10,000 distinct live tokens in round robin
#      (bench/tokens.lua): mirror, strict, signature-only (revocation wired to a no-op, test
#      sources only), an unauthenticated endpoint of the same app answering the same JSON as
#      the ceiling, `stock` (bench/stock-resource-server: Spring Boot's own resource server,
#      Nimbus HS256, no revocation) and `baseline` (the packaged jar of BASELINE_REF, before
#      leases, in mirror mode); configurations interleaved over several rounds, any non-2xx
#      response voids the run; the server's CPU time per request is read from /proc;
#      then series: refused tokens (bad signature, revoked) and the mirror with 0, 100,000 and
#      1,000,000 live revocations in Redis;
#   2. cross-instance propagation (revoke on A, poll B until 401): a request sent to B after
#      A's 204 must never be accepted;
#   3. logout latency (its 204 waits for every mirror): 1, 2 and 3 instances, idle and with wrk
#      saturating the service, and with one instance whose Redis replies stall;
#   4. Redis bytes a logout leaves behind and heap bytes per mirrored revocation;
#   5. JMH microbenchmarks of token verification and the revocation lookup.
# Prints a table, writes bench/results/latest.json and bench/results/latest.md.
#
# Usage: bench/run.sh   (tune with ROUNDS=7 DURATION=10s WARMUP=30s CONNECTIONS=32 TRIALS=1000
#                       LOGOUTS=200 BASELINE_REF=d8b3395)
# Needs: a JDK 17 and the network registries for Maven and Debian (wrk is installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-7}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}
CONNECTIONS=${CONNECTIONS:-32}
TRIALS=${TRIALS:-1000}
REVOCATIONS=${REVOCATIONS:-1000000}
LOGOUTS=${LOGOUTS:-200}
MEMORY_LOGOUTS=${MEMORY_LOGOUTS:-1000}
BASELINE_REF=${BASELINE_REF:-d8b3395}
out=bench/results
work=$(mktemp -d)
mkdir -p "$out"
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  git worktree remove --force "$work/baseline" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

echo "== building"
./mvnw -q -B -ntp -pl service -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
cp="target/test-classes:target/classes:$(cat "$work/classpath.txt")"

echo "== building the stock resource server"
./mvnw -q -B -ntp -f bench/stock-resource-server/pom.xml -DskipTests package
stock_jar=$(ls bench/stock-resource-server/target/stock-resource-server-*.jar)

echo "== building the baseline ($BASELINE_REF) in a worktree"
git worktree add -q --detach "$work/baseline" "$BASELINE_REF"
(cd "$work/baseline" && ./mvnw -q -B -ntp -DskipTests package)
baseline_jar=$(ls "$work"/baseline/target/jwt-revocation-*.jar)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "== starting redis-server (the embedded-redis artifact's binary)"
redis_jar=$(tr ':' '\n' < "$work/classpath.txt" | grep embedded-redis)
unzip -q -o "$redis_jar" 'redis-server-*-linux-amd64' -d "$work"
redis_server=$(ls "$work"/redis-server-*-linux-amd64)
chmod +x "$redis_server"
redis_port=$(free_port)
"$redis_server" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  > "$work/redis.log" 2>&1 &
pids+=($!)

secret=$(head -c 32 /dev/urandom | base64)
java_opts=(-Xms512m -Xmx512m -XX:+UseParallelGC)
start_app() { # name main-class-or-jar mode; sets $port and $pid (no subshell: the trap knows the pid)
  local name=$1 main=$2 mode=$3
  local launch=(-cp "$cp" "$main")
  [[ "$main" == *.jar ]] && launch=(-jar "$main")
  port=$(free_port)
  JWT_SECRET="$secret" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" SERVER_PORT="$port" \
  REVOCATION_MODE="$mode" LOGGING_LEVEL_ROOT=WARN AUTH_LOGIN_THROTTLE_MAX_REGISTRATIONS_PER_ADDRESS=100000 \
  SESSION_REFRESH_MAX_SESSIONS_PER_USER=100000 \
    java "${java_opts[@]}" "${launch[@]}" > "$work/$name.log" 2>&1 &
  pid=$!
  pids+=($pid)
}
app=dev.jwtrevocation.JwtRevocationApplication
start_app mirror "$app" mirror; mirror_port=$port; pid_mirror_a=$pid
start_app mirror-b "$app" mirror; mirror_b_port=$port; mirror_b_pid=$pid
start_app mirror-c "$app" mirror; mirror_c_port=$port; mirror_c_pid=$pid
start_app strict "$app" strict; strict_port=$port; pid_strict=$pid
start_app signature-only bench.SignatureOnlyApplication strict; signature_port=$port; pid_signature=$pid
declare -A pid_of=()
pid_of[mirror]=$pid_mirror_a
pid_of[strict]=$pid_strict
pid_of[signature-only]=$pid_signature
pid_of[unauthenticated]=$pid_signature
start_app baseline "$baseline_jar" mirror; baseline_port=$port; pid_of[baseline]=$pid
start_app stock "$stock_jar" none; stock_port=$port; pid_of[stock]=$pid
for port in "$mirror_port" "$mirror_b_port" "$mirror_c_port" "$strict_port" "$signature_port" "$baseline_port" \
    "$stock_port"; do
  for _ in $(seq 1 90); do
    # any HTTP answer (the stock server has no actuator: 401)
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health")" != 000 ] && break
    sleep 1
  done
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health")" != 000 ] || {
    echo "the app on port $port did not start:"; tail -n 30 "$work"/*.log; exit 1; }
done

user="bench-$(date +%s)"
curl -fsS -X POST "http://127.0.0.1:$mirror_port/auth/register" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"benchmark password\"}" >/dev/null
token=$(curl -fsS -X POST "http://127.0.0.1:$mirror_port/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"benchmark password\"}" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "login failed"; exit 1; }

echo "== minting 10,000 live tokens and 10,000 with a bad signature"
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/tokens.txt"
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/bad-tokens.txt" bad

declare -A url=(
  [stock]="http://127.0.0.1:$stock_port/api/me"
  [mirror]="http://127.0.0.1:$mirror_port/api/me"
  [strict]="http://127.0.0.1:$strict_port/api/me"
  [signature-only]="http://127.0.0.1:$signature_port/api/me"
  [unauthenticated]="http://127.0.0.1:$signature_port/bench/unauthenticated"
  [baseline]="http://127.0.0.1:$baseline_port/api/me"
)
configs=(mirror strict signature-only unauthenticated baseline stock)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run_wrk() { # config duration [tokens file] [expected: 2xx|refused] -> "rps p50_us p99_us cpu_us_per_request"
  local config=$1 duration=$2 tokens=${3:-$work/tokens.txt} expected=${4:-2xx} output
  # the same script for every configuration, so that wrk (on the same cores) costs the same;
  # the unauthenticated endpoint's chain ignores the header
  local script=(-s bench/tokens.lua)
  local pid=${pid_of[$config]} before after
  before=$(cpu_ticks "$pid")
  output=$(TOKENS_FILE="$tokens" wrk -t1 -c"$CONNECTIONS" -d"$duration" --latency "${script[@]}" "${url[$config]}")
  after=$(cpu_ticks "$pid")
  local requests non2xx
  requests=$(awk '/requests in/ {print $1}' <<<"$output")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$output")
  if grep -q 'Socket errors' <<<"$output" || { [ "$expected" = 2xx ] && [ -n "$non2xx" ]; } \
      || { [ "$expected" = refused ] && [ "${non2xx:-0}" != "$requests" ]; }; then
    echo "$config: expected $expected for every request, or a socket failed: the run is void:" >&2
    echo "$output" >&2
    exit 1
  fi
  local rps p50 p99 hz
  hz=$(getconf CLK_TCK)
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$output")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$output")
  echo "$rps $(to_us "$p50") $(to_us "$p99") $(( (after - before) * 1000000 / hz / requests ))"
}
to_us() { # wrk prints 1.23ms, 456.00us, 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else print n * 1000000 }'
}

echo "== warming up (each configuration $WARMUP)"
for config in "${configs[@]}"; do run_wrk "$config" "$WARMUP" >/dev/null; done

echo "== $ROUNDS rounds, configurations interleaved in a new order each round"
: > "$work/wrk.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for config in $(printf '%s\n' "${configs[@]}" | shuf); do
    result=$(run_wrk "$config" "$DURATION")
    echo "round $round  $config  $result"
    echo "$round $config $result" >> "$work/wrk.tsv"
  done
done

echo "== series: refused tokens, and the mirror as the denylist grows"
: > "$work/series.tsv"
series() { # label config duration [tokens] [expected]
  local result
  run_wrk "$2" 10s "${4:-$work/tokens.txt}" "${5:-2xx}" > /dev/null
  result=$(run_wrk "$2" "$3" "${4:-$work/tokens.txt}" "${5:-2xx}")
  echo "$1  $result"
  echo "$1 $result" >> "$work/series.tsv"
}
series "denylist:0:mirror" mirror "$DURATION"
series "refused:bad-signature:mirror" mirror "$DURATION" "$work/bad-tokens.txt" refused
series "refused:bad-signature:stock" stock "$DURATION" "$work/bad-tokens.txt" refused
java -cp "$cp" bench.Tokens "$secret" 10000 "$work/revoked-tokens.txt" revoked "$redis_port"
series "refused:revoked:mirror" mirror "$DURATION" "$work/revoked-tokens.txt" refused
grown=10000
for size in 100000 1000000; do
  echo "   growing the denylist to $size live revocations"
  java -cp "$cp" bench.Denylist "$redis_port" $(( size - grown ))
  grown=$size
  series "denylist:$size:mirror" mirror "$DURATION"
done
echo "   removing them again"
java -cp "$cp" bench.Denylist "$redis_port" clear

echo "== cross-instance propagation, $TRIALS trials"
java -cp "$cp" bench.Propagation "$mirror_port" "$mirror_b_port" "$TRIALS" > "$work/propagation.json"
cat "$work/propagation.json"

echo "== logout latency, $LOGOUTS logouts each"
: > "$work/logout.jsonl"
logout_latency() { # label [extra args]
  java -cp "$cp" bench.LogoutLatency "$1" "$mirror_port" "$LOGOUTS" "${@:2}" | grep '^{' | tail -1 | tee -a "$work/logout.jsonl"
}
saturated() { # label: the same, while wrk saturates instance A
  wrk -t1 -c"$CONNECTIONS" -d120s -H "Authorization: Bearer $token" "${url[mirror]}" > /dev/null 2>&1 &
  local wrk_pid=$!
  sleep 2
  logout_latency "$1"
  kill "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" 2>/dev/null || true
}
logout_latency "3 instances, idle"
saturated "3 instances, saturated"
logout_latency "4 instances, one stalled" --stalled "$redis_port" "$secret"
kill "$mirror_c_pid"; sleep 2
logout_latency "2 instances, idle"
saturated "2 instances, saturated"
kill "$mirror_b_pid"; sleep 2
logout_latency "1 instance, idle"
saturated "1 instance, saturated"

echo "== memory: Redis bytes a logout leaves, heap per mirrored revocation ($REVOCATIONS)"
java -Xmx1g -cp "$cp" bench.Memory 127.0.0.1 "$redis_port" "$mirror_port" "$MEMORY_LOGOUTS" "$REVOCATIONS" \
  | tail -1 > "$work/memory.json"
cat "$work/memory.json"

echo "== JMH: the hot path"
java -cp "$cp" org.openjdk.jmh.Main HotPathBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s \
  -jvmArgsAppend "-Dbench.redis.port=$redis_port" -rf json -rff "$work/jmh.json" > "$work/jmh.log" 2>&1 \
  || { tail -30 "$work/jmh.log"; exit 1; }
grep -A20 '^Benchmark' "$work/jmh.log"

machine="$(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), redis $("$redis_server" --version | awk '{print $3}' | cut -d= -f2)"
python3 bench/report.py "$work/wrk.tsv" "$work/series.tsv" "$work/propagation.json" "$work/memory.json" "$work/jmh.json" \
  "$work/logout.jsonl" \
  "$machine" "$WARMUP warm-up each, then $ROUNDS rounds x $DURATION, wrk -t1 -c$CONNECTIONS" \
  "$out/latest.json" "$out/latest.md"
cat "$out/latest.md"
