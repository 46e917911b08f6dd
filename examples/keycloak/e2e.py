#!/usr/bin/env python3
"""End to end with a real Keycloak: its back-channel logout, this service as the hub, and the
example resource server (the starter, jwt.revocation.issuer-type=openid) on one Redis.

1. `trials` times: a direct-grant login of alice at Keycloak (client `orders`), GET /api/orders
   at the resource server (200), the end-session call at Keycloak with the refresh token, and
   from its return on GET /api/orders again: it must be 401. A second session of alice, opened
   once, must stay 200 throughout. Logouts of the client `plain` (no back-channel URL) are
   interleaved, one each trial, as the baseline of Keycloak's logout duration.
2. `ssf_trials` times (default 0): a login and logout of the client `plain`, which has no
   back-channel URL: its logout reaches the hub as a CAEP session-revoked event that Keycloak's
   SSF transmitter pushes to the hub or the hub polls (`delivery`, a label for the output);
   the time from the logout's return to the first 401.
3. "Sign out all sessions" (admin API) of alice refuses both her sessions; bob stays 200.

Prints one JSON object: counts and logout durations (ms, p50/p99) with and without the hub.

Usage: e2e.py <keycloak URL> <resource server URL> <client secret> <password> [trials] [admin password]
              [ssf trials] [delivery]
With trials 0, only step 2.
"""
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

keycloak, orders, secret, password = sys.argv[1:5]
trials = int(sys.argv[5]) if len(sys.argv) > 5 else 200
realm = keycloak + "/realms/demo/protocol/openid-connect"


def call(method, url, token=None, form=None):
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def login(username, client="orders"):
    status, body = call("POST", realm + "/token", form={
        "grant_type": "password", "client_id": client, "client_secret": secret,
        "username": username, "password": password})
    assert status == 200, (status, body)
    tokens = json.loads(body)
    return tokens["access_token"], tokens["refresh_token"]


def logout(refresh_token, client="orders"):
    start = time.perf_counter()
    status, body = call("POST", realm + "/logout", form={
        "client_id": client, "client_secret": secret, "refresh_token": refresh_token})
    assert status == 204, (status, body)
    return (time.perf_counter() - start) * 1000


def api(token):
    return call("GET", orders + "/api/orders", token=token)[0]


def percentile(values, p):
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))], 1)


def ssf_logouts(count):
    """Logouts of the client `plain`, which has no back-channel URL: they reach the hub only as
    CAEP session-revoked events from Keycloak's SSF transmitter (polled, or pushed): refused
    shortly after, not at once. Returns the figures of `count` logouts."""
    refusal, accepted_at_return, never_refused = [], 0, 0
    for _ in range(count):
        token, refresh = login("alice", "plain")
        assert api(token) == 200
        logout(refresh, "plain")
        returned = time.perf_counter()
        status = api(token)
        accepted_at_return += status == 200
        while status == 200 and time.perf_counter() - returned < 10:
            time.sleep(0.01)
            status = api(token)
        if status == 401:
            refusal.append((time.perf_counter() - returned) * 1000)
        else:
            never_refused += 1
    return {"logouts": count, "accepted_right_after_logout": accepted_at_return,
            "never_refused_within_10_s": never_refused,
            "logout_to_refusal_ms": {"p50": percentile(refusal, 0.5), "p99": percentile(refusal, 0.99)}
            if refusal else None}


if trials == 0:
    # only SSF logouts, with the delivery the hub runs now (push or poll)
    figures = ssf_logouts(int(sys.argv[7]))
    print(json.dumps({"ssf_" + (sys.argv[8] if len(sys.argv) > 8 else "poll"): figures}))
    sys.exit(0 if figures["never_refused_within_10_s"] == 0 else 1)

other_session, _ = login("alice")
assert api(other_session) == 200
accepted_before = accepted_after = other_refused = 0
with_hub, without_hub = [], []
for trial in range(trials):
    token, refresh = login("alice")
    accepted_before += api(token) == 200
    with_hub.append(logout(refresh))
    # from the return of Keycloak's logout on, the token must be refused
    accepted_after += api(token) != 401
    other_refused += api(other_session) != 200
    _, plain_refresh = login("alice", "plain")
    without_hub.append(logout(plain_refresh, "plain"))

ssf = ssf_logouts(int(sys.argv[7]) if len(sys.argv) > 7 else 0)

# "sign out all sessions" of alice: every session of hers, none of bob's
first, _ = login("alice")
second, _ = login("alice")
bob, _ = login("bob")
status, body = call("POST", keycloak + "/realms/master/protocol/openid-connect/token", form={
    "grant_type": "password", "client_id": "admin-cli", "username": "admin",
    "password": sys.argv[6] if len(sys.argv) > 6 else "admin-password"})
assert status == 200, (status, body)
admin = json.loads(body)["access_token"]
status, body = call("GET", keycloak + "/admin/realms/demo/users?exact=true&username=alice", token=admin)
alice_id = json.loads(body)[0]["id"]
start = time.perf_counter()
status, _ = call("POST", keycloak + "/admin/realms/demo/users/" + alice_id + "/logout", token=admin)
sign_out_all_ms = (time.perf_counter() - start) * 1000
assert status == 204, status
after_sign_out_all = [api(first), api(second), api(other_session), api(bob)]

result = {
    "trials": trials,
    "accepted_before_logout": accepted_before,
    "accepted_after_logout": accepted_after,
    "other_session_refused": other_refused,
    "logout_ms_with_hub": {"p50": percentile(with_hub, 0.5), "p99": percentile(with_hub, 0.99)},
    "logout_ms_without_backchannel": {"p50": percentile(without_hub, 0.5), "p99": percentile(without_hub, 0.99)},
    "sign_out_all_ms": round(sign_out_all_ms, 1),
    "ssf_" + (sys.argv[8] if len(sys.argv) > 8 else "poll"): ssf,
    "after_sign_out_all": {"alice_1": after_sign_out_all[0], "alice_2": after_sign_out_all[1],
                           "alice_other": after_sign_out_all[2], "bob": after_sign_out_all[3]},
}
print(json.dumps(result))
ok = (accepted_before == trials and accepted_after == 0 and other_refused == 0
      and after_sign_out_all == [401, 401, 401, 200] and ssf["never_refused_within_10_s"] == 0)
sys.exit(0 if ok else 1)
