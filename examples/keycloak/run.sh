#!/usr/bin/env bash
# A real Keycloak end to end, from the repository root after `./mvnw verify` (or package):
#   examples/keycloak/run.sh [trials]            (200 by default; the benchmark runs 1,000)
# Keycloak comes from Maven Central (org.keycloak:keycloak-quarkus-dist, cached in the local
# Maven repository like any artifact) and runs in start-dev with the realm of realm-demo.json,
# on the second JDK (Temurin 25; KEYCLOAK_JAVA_HOME to choose another). Its client `orders` has
# its back-channel logout URL pointed at this service (the hub); the example resource server
# (examples/resource-server, the starter, jwt.revocation.issuer-type=openid) accepts Keycloak's
# RS256 tokens. One Redis (REDIS_SERVER, or redis-server on the PATH) serves both.
#   1. e2e.py: logouts at Keycloak, each token refused from the logout's return on; another
#      session stays accepted; logouts that reach the hub only through Keycloak's SSF transmitter
#      (CAEP session-revoked, polled by the hub: SSF_TRIALS, 20 by default), each refused shortly
#      after; "sign out all sessions" refuses all of a user's sessions;
#   2. the hub down: Keycloak's logout still answers 204 and ends its session (printed: how
#      long it took); the hub back, now with SSF push: it replaces its poll stream with a push
#      stream to POST /ssf/push, and SSF_TRIALS logouts again, each refused shortly after;
#   3. Keycloak stopped: a live token stays accepted, and the hub shows the provider unreachable.
# Prints one JSON line per step; exits non-zero if any expectation fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
trials=${1:-200}
keycloak_version=26.7.3
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

java_home=${KEYCLOAK_JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-2[5-9]* 2>/dev/null | head -n 1 || true)}
if [ -z "$java_home" ] || ! [ -x "$java_home/bin/java" ]; then
  echo "no JDK 25 for Keycloak: set KEYCLOAK_JAVA_HOME"; exit 1
fi
redis_server=${REDIS_SERVER:-$(command -v redis-server || true)}
if [ -z "$redis_server" ]; then
  echo "no redis-server: set REDIS_SERVER"; exit 1
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # url, seconds, log
  for _ in $(seq 1 "$2"); do
    curl -fsS "$1" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "$1 did not answer within $2 s"; tail -40 "$3"; exit 1
}

redis_port=$(free_port); hub_port=$(free_port); orders_port=$(free_port); keycloak_port=$(free_port)
keycloak="http://127.0.0.1:${keycloak_port}"
issuer="${keycloak}/realms/demo"
client_secret=$(openssl rand -hex 16)
push_authorization="Bearer $(openssl rand -hex 24)"
push_url="http://127.0.0.1:${hub_port}/ssf/push"
password=$(openssl rand -hex 12)
admin_password=$(openssl rand -hex 12)

./mvnw -B -ntp -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:${keycloak_version}:zip" \
  -DoutputDirectory="$work"
unzip -q "$work/keycloak-quarkus-dist-${keycloak_version}.zip" -d "$work"
keycloak_home="$work/keycloak-${keycloak_version}"
mkdir -p "$keycloak_home/data/import"
sed -e "s#__CLIENT_SECRET__#${client_secret}#g" -e "s#__USER_PASSWORD__#${password}#g" \
  -e "s#__BACKCHANNEL_LOGOUT_URL__#http://127.0.0.1:${hub_port}/oidc/backchannel-logout#g" \
  -e "s#__SSF_PUSH_URL__#${push_url}#g" \
  examples/keycloak/realm-demo.json > "$keycloak_home/data/import/realm-demo.json"

"$redis_server" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no > "$work/redis.log" 2>&1 &
pids+=($!)

JAVA_HOME="$java_home" KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
  "$keycloak_home/bin/kc.sh" start-dev --http-port="$keycloak_port" --hostname="$keycloak" --import-realm \
  --features=ssf --spi-ssf-transmitter--default--allow-insecure-push-targets=true \
  --spi-ssf-transmitter--default--outbox-drainer-interval="${KEYCLOAK_SSF_DRAINER_INTERVAL:-1s}" > "$work/keycloak.log" 2>&1 &
keycloak_pid=$!
pids+=($keycloak_pid)

start_hub() { # delivery: poll or push
  JWT_SECRET=$(head -c 32 /dev/urandom | base64) SERVER_PORT="$hub_port" \
    SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" \
    REVOCATION_PROVIDERS_0_ISSUER="$issuer" REVOCATION_PROVIDERS_0_CLIENT_ID=orders \
    REVOCATION_PROVIDERS_0_CLIENT_SECRET="$client_secret" REVOCATION_PROVIDERS_0_SSF_DELIVERY="$1" \
    REVOCATION_PROVIDERS_0_SSF_PUSH_URL="$push_url" REVOCATION_PROVIDERS_0_SSF_PUSH_AUTHORIZATION="$push_authorization" \
    REVOCATION_PROVIDERS_0_SSF_MANAGE_STREAM=true REVOCATION_PROVIDERS_0_SSF_POLL_INTERVAL=200ms \
    java -jar target/jwt-revocation-*.jar >> "$work/hub.log" 2>&1 &
  hub_pid=$!
  pids+=($hub_pid)
}
start_hub poll
SERVER_PORT="$orders_port" SPRING_DATA_REDIS_URL="redis://127.0.0.1:${redis_port}" ISSUER_URI="$issuer" \
  JWT_REVOCATION_ISSUER_TYPE=openid SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES=orders-api \
  java -jar examples/resource-server/target/orders-resource-server-*.jar > "$work/orders.log" 2>&1 &
pids+=($!)

started=$(date +%s)
wait_for "${issuer}/.well-known/openid-configuration" 180 "$work/keycloak.log"
echo "Keycloak ${keycloak_version} ready in $(( $(date +%s) - started )) s"
# the resource server is up once it refuses an anonymous call
for _ in $(seq 1 90); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${orders_port}/api/orders")" = 401 ] && break
  sleep 1
done
# Keycloak creates its SSF client scopes after the realm import: give them to the client `orders`,
# the hub's client there (it receives the logout tokens and manages and polls the SSF stream)
admin_token=$(curl -fsS -d grant_type=password -d client_id=admin-cli -d username=admin -d password="$admin_password" \
  "${keycloak}/realms/master/protocol/openid-connect/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
admin="${keycloak}/admin/realms/demo"
orders_id=$(curl -fsS -H "Authorization: Bearer $admin_token" "${admin}/clients?clientId=orders" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
for scope in ssf.read ssf.manage; do
  scope_id=$(curl -fsS -H "Authorization: Bearer $admin_token" "${admin}/client-scopes" \
    | python3 -c "import json,sys; print([s['id'] for s in json.load(sys.stdin) if s['name'] == '$scope'][0])")
  curl -fsS -X PUT -H "Authorization: Bearer $admin_token" "${admin}/clients/${orders_id}/default-client-scopes/${scope_id}"
done
provider_up() { curl -fsS "http://127.0.0.1:${hub_port}/actuator/health" 2>/dev/null | grep -q '"openidProviders":{"status":"UP"'; }
for _ in $(seq 1 90); do provider_up && break; sleep 1; done
provider_up || { echo "the hub did not reach Keycloak"; tail -40 "$work/hub.log"; exit 1; }

echo "== 1. logouts at Keycloak, refused at the resource server from the logout's return on"
python3 examples/keycloak/e2e.py "$keycloak" "http://127.0.0.1:${orders_port}" "$client_secret" "$password" \
  "$trials" "$admin_password" "${SSF_TRIALS:-20}" poll

login() { # client user: prints access_token refresh_token
  curl -fsS -d grant_type=password -d client_id="$1" -d client_secret="$client_secret" -d username="$2" \
    -d password="$password" "${issuer}/protocol/openid-connect/token" \
    | python3 -c 'import json,sys; t=json.load(sys.stdin); print(t["access_token"], t["refresh_token"])'
}
orders_status() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "http://127.0.0.1:${orders_port}/api/orders"; }

echo "== 2. the hub down: what Keycloak's logout does"
kill "$hub_pid"; wait "$hub_pid" 2>/dev/null || true
read -r _ refresh < <(login orders bob)
logout=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -d client_id=orders -d client_secret="$client_secret" \
  -d refresh_token="$refresh" "${issuer}/protocol/openid-connect/logout")
after=$(curl -s -o /dev/null -w '%{http_code}' -d grant_type=refresh_token -d client_id=orders \
  -d client_secret="$client_secret" -d refresh_token="$refresh" "${issuer}/protocol/openid-connect/token")
echo "{\"hub\":\"down\",\"keycloak_logout_status\":${logout% *},\"keycloak_logout_s\":${logout#* },\"refresh_after_logout\":${after}}"
[ "${logout% *}" = 204 ] && [ "$after" = 400 ] || { echo "Keycloak did not end the session"; exit 1; }
start_hub push
for _ in $(seq 1 90); do provider_up && break; sleep 1; done
provider_up || { echo "the hub did not come back"; tail -40 "$work/hub.log"; exit 1; }
python3 examples/keycloak/e2e.py "$keycloak" "http://127.0.0.1:${orders_port}" "$client_secret" "$password" \
  0 "$admin_password" "${SSF_TRIALS:-20}" push

echo "== 3. Keycloak stopped: live tokens stay accepted, the provider shows as unreachable"
read -r live _ < <(login orders bob)
[ "$(orders_status "$live")" = 200 ]
kill "$keycloak_pid"; wait "$keycloak_pid" 2>/dev/null || true
stopped=$(date +%s)
for _ in $(seq 1 90); do
  curl -s "http://127.0.0.1:${hub_port}/actuator/health" | grep -q '"openidProviders":{"status":"UNKNOWN"' && break
  sleep 1
done
health=$(curl -s "http://127.0.0.1:${hub_port}/actuator/health")
live_status=$(orders_status "$live")
echo "{\"keycloak\":\"stopped\",\"live_token\":${live_status},\"unreachable_shown_after_s\":$(( $(date +%s) - stopped )),\"hub_health\":${health}}"
[ "$live_status" = 200 ] && echo "$health" | grep -q '"openidProviders":{"status":"UNKNOWN"' \
  || { echo "expected a live token accepted and the provider shown unreachable"; exit 1; }
grep "OpenID provider ${issuer} is unreachable" "$work/hub.log" | cut -c 1-220
