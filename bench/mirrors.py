"""Drives bench/mirrors.sh: see its header. Arguments: service port, Redis port, lease scripts' directory,
mirror counts (comma separated), layout (new or old), window seconds, logouts."""
import asyncio
import http.client
import json
import statistics
import subprocess
import sys
import time
import uuid

PORT, REDIS_PORT, SCRIPTS = sys.argv[1], int(sys.argv[2]), sys.argv[3]
COUNTS = [int(n) for n in sys.argv[4].split(",")]
LAYOUT, WINDOW, LOGOUTS = sys.argv[5], int(sys.argv[6]), int(sys.argv[7])
HASH = "{bcrypt}$2a$04$RJ5Qv18/l9.AksH.E3NQbevYaNVzN6Y36Ce3LS6OmVE2aQt1SqNyO"
PASSWORD = "bench-password-0123"


def encode(*parts):
    out = b"*%d\r\n" % len(parts)
    for part in parts:
        data = str(part).encode()
        out += b"$%d\r\n%s\r\n" % (len(data), data)
    return out


async def parse(reader):
    line = (await reader.readline())[:-2]
    kind, rest = line[:1], line[1:]
    if kind in (b"+", b"(", b","):
        return rest.decode()
    if kind == b"-":
        return RuntimeError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"_":
        return None
    if kind == b"#":
        return rest == b"t"
    if kind in (b"$", b"="):
        size = int(rest)
        return None if size < 0 else (await reader.readexactly(size + 2))[:-2].decode()
    if kind in (b"*", b"~"):
        return [await parse(reader) for _ in range(int(rest))]
    if kind == b">":
        return ("push", [await parse(reader) for _ in range(int(rest))])
    if kind == b"%":
        return {await parse(reader): await parse(reader) for _ in range(int(rest))}
    if kind == b"|":
        for _ in range(int(rest) * 2):
            await parse(reader)
        return await parse(reader)
    raise ValueError(line)


class Mirror:
    """One simulated mirror: the lease protocol of RevocationMirror, nothing else."""

    pushes = 0

    def __init__(self, shas):
        self.instance = "sim-" + uuid.uuid4().hex[:9]
        self.shas = shas
        self.replies = asyncio.Queue()
        self.awaited = None
        self.arrived = asyncio.Event()
        self.poked = asyncio.Event()
        self.running = True

    def heartbeat_key(self, n):
        if LAYOUT == "old":
            return "jr:r:{#}:hb:%s:%d" % (self.instance, n)
        return "jr:rh:%s:{#}:%d" % (self.instance, n)

    async def start(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", REDIS_PORT)
        self.task = asyncio.create_task(self.read())
        await self.call("HELLO", "3")
        prefixes = ["PREFIX", "jr:r:"] + ([] if LAYOUT == "old" else ["PREFIX", "jr:rh:%s:" % self.instance])
        await self.call("CLIENT", "TRACKING", "ON", "BCAST", *prefixes)
        self.loop = asyncio.create_task(self.beat())

    async def read(self):
        while True:
            message = await parse(self.reader)
            if isinstance(message, tuple):
                body = message[1]
                if body and body[0] == "invalidate" and body[1]:
                    # a push per message, as Redis sends them
                    Mirror.pushes += 1
                    for key in body[1]:
                        if key == self.awaited:
                            self.arrived.set()
                        elif key == "jr:r:{#}:poke":
                            self.poked.set()
            else:
                self.replies.put_nowait(message)

    async def call(self, *parts):
        self.writer.write(encode(*parts))
        reply = await self.replies.get()
        if isinstance(reply, RuntimeError):
            raise reply
        return reply

    async def beat(self):
        n = 0
        while self.running:
            n += 1
            key = self.heartbeat_key(n)
            self.awaited = key
            self.arrived.clear()
            # a poke from now on needs a heartbeat sent after it: the next round
            self.poked.clear()
            seq, _ = await self.call("EVALSHA", self.shas["heartbeat"], 3, "jr:lease:{#}:seq",
                                     "jr:lease:{#}:mirrors", key, self.instance, 1000, 10000, "")
            try:
                await asyncio.wait_for(self.arrived.wait(), 2)
                await self.call("EVALSHA", self.shas["confirm"], 3, "jr:lease:{#}:mirrors", "jr:lease:{#}:waiting",
                                "jr:r:{#}:confirmed", self.instance, seq)
            except asyncio.TimeoutError:
                pass
            try:
                await asyncio.wait_for(self.poked.wait(), 0.25)
            except asyncio.TimeoutError:
                pass

    async def stop(self):
        self.running = False
        self.loop.cancel()
        self.task.cancel()
        self.writer.close()


def redis(*command):
    return subprocess.run(["redis-cli", "-p", str(REDIS_PORT), *map(str, command)], capture_output=True, text=True,
                          check=True).stdout.strip()


def cpu_seconds():
    info = dict(line.split(":", 1) for line in redis("INFO", "cpu").splitlines() if ":" in line)
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


def send(method, path, body=None, token=None, connection=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    return response.status, data


def logout_latencies(count):
    """Logins then timed logouts through the real instance, one at a time."""
    run = uuid.uuid4().hex[:6]
    users = [f"mirrors-{run}-{i}" for i in range(count)]
    for user in users:
        redis("HSET", "jr:user:{%s}" % user, "username", user, "password", HASH, "roles", "USER", "created_at",
              "2026-12-03T00:00:00Z")
    connection = http.client.HTTPConnection("127.0.0.1", int(PORT), timeout=30)
    tokens = []
    for user in users:
        status, data = send("POST", "/auth/login", {"username": user, "password": PASSWORD}, connection=connection)
        assert status == 200, (status, data)
        tokens.append(json.loads(data)["access_token"])
    latencies = []
    for token in tokens:
        start = time.perf_counter()
        status, _ = send("POST", "/auth/logout", token=token, connection=connection)
        latencies.append((time.perf_counter() - start) * 1000)
        assert status == 204, status
    latencies.sort()
    return latencies


def quantile(values, q):
    return values[min(len(values) - 1, int(q * (len(values) - 1) + 0.5))]


async def run(count, shas):
    mirrors = [Mirror(shas) for _ in range(count)]
    for mirror in mirrors:
        await mirror.start()
    await asyncio.sleep(5)
    Mirror.pushes = 0
    cpu = cpu_seconds()
    started = time.perf_counter()
    await asyncio.sleep(WINDOW)
    elapsed = time.perf_counter() - started
    cpu = (cpu_seconds() - cpu) / elapsed
    pushes = Mirror.pushes / elapsed
    loop = asyncio.get_running_loop()
    latencies = await loop.run_in_executor(None, logout_latencies, LOGOUTS)
    for mirror in mirrors:
        await mirror.stop()
    registered = int(redis("HLEN", "jr:lease:{#}:mirrors"))
    print(f"{LAYOUT} layout, {count} simulated mirrors (+1 instance): Redis CPU {cpu * 100:.1f}% of a core at rest, "
          f"{pushes:,.0f} pushes/s received by the mirrors; {LOGOUTS} logouts one at a time: "
          f"p50 {quantile(latencies, 0.5):.1f} ms, p99 {quantile(latencies, 0.99):.1f} ms, "
          f"max {latencies[-1]:.1f} ms ({registered} leases registered)", flush=True)
    redis("DEL", "jr:lease:{#}:mirrors")
    await asyncio.sleep(3)


async def main():
    shas = {name: redis("SCRIPT", "LOAD", open(f"{SCRIPTS}/lease-{name}.lua").read())
            for name in ("heartbeat", "confirm")}
    for count in COUNTS:
        await run(count, shas)


asyncio.run(main())
