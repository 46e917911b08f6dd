"""Kills one instance's mirror connections while wrk saturates it, and times its way back.

Usage: reconnect.py <redis port> <management port> <kills> <seconds between kills>
       reconnect.py <redis port> --every <seconds> <stop file>: kills every mirror connection every
       few seconds until the stop file exists, then prints how many times

Each kill is an operator's CLIENT KILL of every connection named jwt-revocation-mirror on that
Redis. Then /actuator/prometheus on the management port is polled every 5 ms until
jwt_revocation_mirror_trusted is 1 again: the time from the kill to that answer is how long the
instance answered from Redis. The requests that asked Redis are read from
jwt_revocation_checks_total{path="redis"}: during the window, and from the moment it was trusted
again until the next kill (which must stay 0). Prints one JSON line.
"""
import json
import re
import socket
import statistics
import sys
import time
import urllib.request


def resp(*parts):
    out = b"*%d\r\n" % len(parts)
    for part in parts:
        data = str(part).encode()
        out += b"$%d\r\n%s\r\n" % (len(data), data)
    return out


def command(port, *parts):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(resp(*parts))
        data = b""
        s.settimeout(5)
        while True:
            chunk = s.recv(1 << 16)
            data += chunk
            if data.startswith(b"$"):
                size = int(data[1:data.index(b"\r\n")])
                if len(data) >= data.index(b"\r\n") + 2 + size + 2:
                    return data[data.index(b"\r\n") + 2:data.index(b"\r\n") + 2 + size].decode()
            elif data.endswith(b"\r\n"):
                return data.decode()


def kill_mirrors(port):
    killed = 0
    for line in command(port, "CLIENT", "LIST").splitlines():
        if " name=jwt-revocation-mirror " in line:
            command(port, "CLIENT", "KILL", "ID", line.split()[0][3:])
            killed += 1
    return killed


def metrics(management_port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{management_port}/actuator/prometheus", timeout=2).read().decode()
    trusted = float(re.search(r"^jwt_revocation_mirror_trusted\S* (\S+)$", text, re.M).group(1))
    redis = sum(float(m.group(1)) for m in re.finditer(r'^jwt_revocation_checks_total\{[^}]*path="redis"[^}]*\} (\S+)$',
                                                        text, re.M))
    return trusted, redis


def kill_until(redis_port, every, stop_file):
    import os
    kills = 0
    while not os.path.exists(stop_file):
        kill_mirrors(redis_port)
        kills += 1
        time.sleep(every)
    print(json.dumps({"kills": kills}))


def main():
    if sys.argv[2] == "--every":
        kill_until(int(sys.argv[1]), float(sys.argv[3]), sys.argv[4])
        return
    redis_port, management_port, kills, between = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]),
                                                   float(sys.argv[4]))
    windows, asked_during, asked_after = [], [], []
    previous_trusted_checks = None
    for _ in range(kills):
        _, before = metrics(management_port)
        if previous_trusted_checks is not None:
            asked_after.append(before - previous_trusted_checks)
        started = time.monotonic()
        killed = kill_mirrors(redis_port)
        assert killed > 0, "no mirror connection to kill"
        time.sleep(0.005)
        while True:
            trusted, checks = metrics(management_port)
            if trusted == 1.0:
                break
            time.sleep(0.005)
        windows.append((time.monotonic() - started) * 1000)
        asked_during.append(checks - before)
        previous_trusted_checks = checks
        time.sleep(between)
    _, last = metrics(management_port)
    asked_after.append(last - previous_trusted_checks)
    print(json.dumps({
        "kills": kills,
        "untrusted_ms_p50": round(statistics.median(windows), 1),
        "untrusted_ms_max": round(max(windows), 1),
        "untrusted_ms": [round(w, 1) for w in windows],
        "asked_redis_per_kill_median": statistics.median(asked_during),
        "asked_redis_after_trusted_again": sum(asked_after),
    }))


if __name__ == "__main__":
    main()
