"""Drives bench/ssf.sh: see its header. Arguments: A's port, B's port, A's Redis port, B's Redis port,
B's start script, B's log, rate, seconds up, outage seconds, max backoff."""
import base64
import http.client
import json
import socket
import subprocess
import sys
import threading
import time

PORT_A, PORT_B, REDIS_A, REDIS_B, B_SCRIPT, B_LOG = sys.argv[1:7]
RATE, SECONDS_UP, OUTAGE, MAX_BACKOFF = int(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9]), sys.argv[10]


def redis(port, *command):
    return subprocess.run(["redis-cli", "-p", port, *command], capture_output=True, text=True,
                          check=True).stdout.strip()


def send(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def client_token(client, secret):
    basic = base64.b64encode(f"{client}:{secret}".encode()).decode()
    status, body = send(PORT_A, "POST", "/oauth2/token", "grant_type=client_credentials",
                        {"Authorization": "Basic " + basic, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, (status, body)
    return json.loads(body)["access_token"]


def start_b():
    process = subprocess.Popen([B_SCRIPT], stdout=open(B_LOG, "a"), stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            if send(PORT_B, "GET", "/livez")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError("B did not start")


def stream_id():
    hub = client_token("hub", "hub-secret-0123456789abcdef")
    for _ in range(120):
        status, body = send(PORT_A, "GET", "/ssf/streams", headers={"Authorization": "Bearer " + hub})
        streams = json.loads(body) if status == 200 else []
        if streams:
            return streams[0]["stream_id"]
        time.sleep(0.5)
    raise RuntimeError("B created no stream at A")


def revoke(count, prefix, threads=4):
    """RATE operator revocations a second, paced over a few connections; returns the users revoked."""
    token = client_token("bench-console", "bench-console-secret-0123456789")
    users = [f"{prefix}-{i}" for i in range(count)]
    start = time.perf_counter()

    def run(offset):
        connection = http.client.HTTPConnection("127.0.0.1", int(PORT_A), timeout=30)
        for i in range(offset, count, threads):
            pause = start + i / RATE - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            body = json.dumps({"selector": {"user": users[i]}, "reason": {"code": "bench"}})
            connection.request("POST", "/admin/revocations", body=body,
                               headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            assert response.status == 201, response.status

    workers = [threading.Thread(target=run, args=(offset,)) for offset in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return users, time.perf_counter() - start


def resp(port, *command):
    """One command over RESP, its reply parsed: enough of redis-cli for XRANGE's nested arrays."""
    with socket.create_connection(("127.0.0.1", int(port))) as connection:
        payload = b"*%d\r\n" % len(command)
        for part in command:
            data = str(part).encode()
            payload += b"$%d\r\n%s\r\n" % (len(data), data)
        connection.sendall(payload)
        reader = connection.makefile("rb")

        def parse():
            line = reader.readline()[:-2]
            kind, rest = line[:1], line[1:]
            if kind in (b"+", b"-"):
                return rest.decode()
            if kind == b":":
                return int(rest)
            if kind == b"$":
                size = int(rest)
                if size < 0:
                    return None
                data = reader.read(size + 2)[:-2]
                return data.decode()
            if kind == b"*":
                size = int(rest)
                return None if size < 0 else [parse() for _ in range(size)]
            raise ValueError(line)

        return parse()


def trail_times(port):
    """The selector's value -> ms on Redis's clock, of every entry of the audit trail."""
    times = {}
    for entry_id, fields in resp(port, "XRANGE", "jr:audit:{a}", "-", "+"):
        values = dict(zip(fields[0::2], fields[1::2]))
        if "value" in values:
            # a provider's subject is keyed <tag>:<sub>
            times.setdefault(values["value"].split(":")[-1], int(entry_id.split("-")[0]))
    return times


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def pending(stream):
    cursor = redis(REDIS_A, "HGET", "jr:ssf:{s}:cursors", stream)
    last = redis(REDIS_A, "XREVRANGE", "jr:audit:{a}", "+", "-", "COUNT", "1").split("\n")[0]
    return cursor != last, cursor


def count_after(stream):
    cursor = redis(REDIS_A, "HGET", "jr:ssf:{s}:cursors", stream)
    return len(resp(REDIS_A, "XRANGE", "jr:audit:{a}", "(" + cursor, "+"))


def main():
    b = start_b()
    stream = stream_id()
    revoke(RATE * 10, "warm-up")
    time.sleep(5)
    users, elapsed = revoke(RATE * SECONDS_UP, "up")
    time.sleep(3)
    at_a, at_b = trail_times(REDIS_A), trail_times(REDIS_B)
    delays = [at_b[user] - at_a[user] for user in users if user in at_a and user in at_b]
    print(f"push, B up: {len(users)} revocations at {len(users) / elapsed:.0f}/s; {len(delays)} reached B")
    print(f"  write at A -> written at B: p50 {percentile(delays, 50)} ms, p99 {percentile(delays, 99)} ms, "
          f"max {max(delays)} ms")
    tenth = max(1, len(delays) // 10)
    print("  by send order, each tenth's median: "
          + " ".join(str(percentile(delays[i:i + tenth], 50)) for i in range(0, len(delays), tenth)) + " ms")

    b.terminate()
    b.wait()
    users, elapsed = revoke(RATE * OUTAGE, "down")
    waiting = count_after(stream)
    print(f"outage: B stopped for {elapsed:.0f} s while A revoked {len(users)} at {len(users) / elapsed:.0f}/s; "
          f"outbox depth at the end: {waiting} entries")
    started = time.perf_counter()
    b = start_b()
    ready = time.perf_counter()
    while pending(stream)[0]:
        time.sleep(0.05)
    drained = time.perf_counter()
    time.sleep(2)
    at_b = trail_times(REDIS_B)
    arrived = sum(1 for user in users if user in at_b)
    print(f"  B back: ready {ready - started:.1f} s after its start; outbox drained {drained - ready:.1f} s after "
          f"B was ready (max-backoff {MAX_BACKOFF}); {arrived} of {len(users)} revocations written at B")
    b.terminate()
    b.wait()

    length = int(redis(REDIS_A, "XLEN", "jr:audit:{a}"))
    memory = int(redis(REDIS_A, "MEMORY", "USAGE", "jr:audit:{a}", "SAMPLES", "0"))
    print(f"outbox (the audit trail) at A: {length} entries, {memory} bytes: {memory // length} bytes per entry "
          f"(operator revocations of one user with a reason code)")


main()
