"""Drives bench/operators.sh: see its header. Arguments: base URL, Redis port, users, seed."""
import base64
import http.client
import json
import random
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

BASE, REDIS_PORT, USERS, SEED = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
HOST, PORT = BASE.split("//")[1].split(":")
PASSWORD = "bench-password-0123"
# BCrypt, cost 4, of PASSWORD: seeded users log in for about a millisecond of hashing instead of
# Argon2's 25, so that 100,000 logins take a minute; the service verifies bcrypt hashes as it would
# imported ones
HASH = "{bcrypt}$2a$04$RJ5Qv18/l9.AksH.E3NQbevYaNVzN6Y36Ce3LS6OmVE2aQt1SqNyO"
CLIENT, SECRET = "bench-console", "bench-console-secret-0123456789"


def redis(*commands):
    """Sends commands through redis-cli --pipe, or one command and returns its answer."""
    if len(commands) == 1:
        return subprocess.run(["redis-cli", "-p", REDIS_PORT, *commands[0]], capture_output=True, text=True,
                              check=True).stdout.strip()
    payload = bytearray()
    for command in commands:
        payload += b"*%d\r\n" % len(command)
        for part in command:
            data = part.encode()
            payload += b"$%d\r\n%s\r\n" % (len(data), data)
    subprocess.run(["redis-cli", "-p", REDIS_PORT, "--pipe"], input=bytes(payload), capture_output=True, check=True)


class Client:
    def __init__(self):
        self.connection = http.client.HTTPConnection(HOST, int(PORT), timeout=30)

    def send(self, method, path, body=None, headers=None, form=False):
        headers = dict(headers or {})
        if body is not None and not form:
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        for attempt in range(3):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                return response.status, (json.loads(data) if data else None), response
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(HOST, int(PORT), timeout=30)
        raise RuntimeError("no answer")


def in_threads(items, work, threads=4):
    results = [None] * len(items)

    def run(offset):
        client = Client()
        for i in range(offset, len(items), threads):
            results[i] = work(client, items[i])

    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def login(client, username):
    status, body, _ = client.send("POST", "/auth/login", {"username": username, "password": PASSWORD})
    assert status == 200, (status, body)
    return username, body["access_token"], body["refresh_token"]


def admin_token(client):
    basic = base64.b64encode(f"{CLIENT}:{SECRET}".encode()).decode()
    status, body, _ = client.send("POST", "/oauth2/token", "grant_type=client_credentials",
                                  {"Authorization": "Basic " + basic,
                                   "Content-Type": "application/x-www-form-urlencoded"}, form=True)
    assert status == 200, (status, body)
    return body["access_token"]


def admin(client, token, body):
    start = time.perf_counter()
    status, answer, _ = client.send("POST", "/admin/revocations", body, {"Authorization": "Bearer " + token})
    return status, answer, (time.perf_counter() - start) * 1000


def main():
    rng = random.Random(SEED)
    run = "%x" % rng.getrandbits(24)
    users = [f"bench-{run}-{i}" for i in range(USERS)]
    sessions = {user: rng.randint(1, 20) for user in users}
    redis(*[["HSET", "jr:user:{%s}" % user, "username", user, "password", HASH, "roles", "USER", "created_at",
             "2026-12-03T00:00:00Z"] for user in users])
    plan = [user for user in users for _ in range(sessions[user])]
    rng.shuffle(plan)
    start = time.perf_counter()
    logins = in_threads(plan, login)
    seconds = time.perf_counter() - start
    total = len(logins)
    print(f"users {USERS}, sessions {total} (1 to 20 each), logged in over HTTP in {seconds:.0f} s")

    time.sleep(0.02)
    cutoff = datetime.now(timezone.utc)
    time.sleep(0.02)
    later = in_threads([users[0], users[1]], login)
    client = Client()
    token = admin_token(client)
    reason = {"code": "bench-incident", "admin": "bench/operators.sh"}
    selector = {"issued_before": cutoff.isoformat().replace("+00:00", "Z")}

    # users[0] and users[1] logged in once more after the cutoff
    sample = rng.sample(users[2:], 200)
    wrong = 0
    for user in sample:
        status, answer, _ = admin(client, token, {"selector": {"user": user}, "reason": reason, "dry_run": True})
        wrong += (status != 200 or answer["sessions"] != sessions[user] or answer["users"] != 1)
    print(f"dry run of a user, 200 users sampled: {200 - wrong} exact, {wrong} wrong")

    status, dry, dry_ms = admin(client, token, {"selector": selector, "reason": reason, "dry_run": True})
    assert status == 200, (status, dry)
    print(f"dry run of issued_before: sessions {dry['sessions']}, users {dry['users']}, exact {dry['exact']}, "
          f"{dry_ms:.0f} ms (expected sessions {total}, users {USERS})")

    status, entry, real_ms = admin(client, token, {"selector": selector, "reason": reason})
    assert status == 201, (status, entry)
    print(f"real issued_before with {total + len(later)} live sessions: 201 in {real_ms:.1f} ms "
          f"(acknowledged_ms {entry['acknowledged_ms']:.2f}); keys written: 1 ({redis(['EXISTS', 'jr:r:{!}:cutoff'])})")

    def refreshed(client, login_):
        status, _, _ = client.send("POST", "/auth/refresh", {"refresh_token": login_[2]})
        return status

    statuses = in_threads(logins, refreshed)
    refused = sum(1 for status in statuses if status == 401)
    after = [refreshed(client, login_) for login_ in later]
    print(f"refresh tokens issued before the cutoff refused: {refused} of {total} "
          f"(dry run said {dry['sessions']}: {'exact' if refused == dry['sessions'] else 'NOT EXACT'}); "
          f"after it: {after.count(200)} of {len(later)} refresh")

    def logged_out(client, login_):
        status, _, _ = client.send("POST", "/auth/logout", headers={"Authorization": "Bearer " + login_[1]})
        return status

    fresh = in_threads([users[i % USERS] for i in range(5000)], login)
    codes = in_threads(fresh, logged_out)
    length = int(redis(["XLEN", "jr:audit:{a}"]))
    memory = int(redis(["MEMORY", "USAGE", "jr:audit:{a}", "SAMPLES", "0"]))
    per_entry = memory / length
    print(f"audit trail: {length} entries ({codes.count(204)} logouts), {memory} bytes: {per_entry:.0f} bytes "
          f"an entry; 100 MB holds {100 * 1024 * 1024 / per_entry:,.0f} entries")


main()
