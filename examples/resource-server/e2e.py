#!/usr/bin/env python3
"""End to end: jwt-revocation and this resource server (with the starter) on one Redis.

Logs in at the service, calls GET /api/orders here (200), logs out at the service and, from
the 204 on, calls here again: every call must be refused (401). Repeated TRIALS times, then
prints the count of revoked tokens that were accepted (the target is 0).

Usage: e2e.py <service base URL> <resource server base URL> [trials]
"""
import json
import sys
import time
import urllib.error
import urllib.request
import uuid

service, orders = sys.argv[1], sys.argv[2]
trials = int(sys.argv[3]) if len(sys.argv) > 3 else 1000


def call(method, url, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


username = "e2e-" + uuid.uuid4().hex[:12]
password = "correct horse battery"
status, _ = call("POST", service + "/auth/register", body={"username": username, "password": password})
assert status == 201, status

accepted = 0
logouts = []
start = time.time()
last = None
for trial in range(trials):
    status, body = call("POST", service + "/auth/login", body={"username": username, "password": password})
    assert status == 200, (trial, status, body)
    token = json.loads(body)["access_token"]
    status, body = call("GET", orders + "/api/orders", token)
    assert status == 200, (trial, "live token refused", status, body)
    began = time.perf_counter()
    status, _ = call("POST", service + "/auth/logout", token)
    logouts.append(time.perf_counter() - began)
    assert status == 204, (trial, "logout", status)
    status, _ = call("GET", orders + "/api/orders", token)
    if status != 401:
        accepted += 1
        print("trial %d: revoked token answered %d" % (trial, status))
    last = token

logouts.sort()
print("revoked at the service, then called at the resource server: %d of %d accepted (%.0f s); "
      "logout to refusal (the 204 waits for the resource server's mirror): p50 %.1f ms, p99 %.1f ms"
      % (accepted, trials, time.time() - start, 1000 * logouts[len(logouts) // 2],
         1000 * logouts[min(len(logouts) - 1, int(len(logouts) * 0.99))]))
with open("revoked-token.txt", "w") as out:
    out.write(last)
sys.exit(1 if accepted else 0)
