# Shared by bench/metrics.sh, es256.sh, starter.sh and topologies.sh: source it from the repository
# root. It gives a scratch directory ($work) removed on exit with every process in $pids, and:
#   free_port                   a free loopback port
#   build                       the jar and the test classpath: sets $cp and $jar
#   start_embedded_redis        the embedded-redis artifact's redis-server on a free port: sets $redis_port
#   wrk_round PID TOKENS URL DURATION
#                               wrk with bench/tokens.lua (TOKENS: one token per line, round robin),
#                               CONNECTIONS connections; prints "req/s p99 cpu_us_per_request" (the
#                               CPU of PID from /proc); any non-2xx response or socket error voids the run
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

build() {
  ./mvnw -q -B -ntp -pl service -am -DskipTests package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
  cp="target/test-classes:target/classes:$(cat "$work/classpath.txt")"
  jar=$(ls target/jwt-revocation-*.jar)
}

start_embedded_redis() {
  local redis_jar redis_server
  redis_jar=$(tr ':' '\n' < "$work/classpath.txt" | grep embedded-redis)
  unzip -q -o "$redis_jar" 'redis-server-*-linux-amd64' -d "$work"
  redis_server=$(ls "$work"/redis-server-*-linux-amd64)
  chmod +x "$redis_server"
  redis_port=$(free_port)
  "$redis_server" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" > /dev/null 2>&1 &
  pids+=($!)
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

wrk_round() {
  local pid=$1 tokens=$2 url=$3 duration=$4 before after output requests
  before=$(cpu_ticks "$pid")
  output=$(TOKENS_FILE="$tokens" wrk -t1 -c"${CONNECTIONS:-32}" -d"$duration" --latency -s bench/tokens.lua "$url")
  after=$(cpu_ticks "$pid")
  if grep -q 'Non-2xx\|Socket errors' <<<"$output"; then echo "$url: a request failed; void" >&2; echo "$output" >&2; exit 1; fi
  requests=$(awk '/requests in/ {print $1}' <<<"$output")
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$output") $(awk '$1 == "99%" {print $2}' <<<"$output") \
$(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests ))"
}
