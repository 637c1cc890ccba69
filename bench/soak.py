#!/usr/bin/env python
"""`make soak`: the portal served as in production, under load, through its faults.

Everything runs on loopback against a private PostgreSQL cluster (initdb into a temporary
folder) and a private redis-server, both on free ports and stopped at the end; the machine's own
PostgreSQL and Redis are never touched. The portal is served by `bench/run.py`'s machinery
(gunicorn, 2 workers, `portal.settings.bench`, a database seeded with `seed_demo --scale 1`).
Load comes from this process: `SOAK_CLIENTS` asyncio clients, each requesting a shuffled mix of
anonymous pages (home, indexes, details, search), logged-in member pages (the demo enterprise
and the demo institution, with the session cookies of real logins), API lists, and endpoints no
cache can answer (a search and an API list with a parameter that varies, `/healthz`).

Phases, one after the other on the same server:
1. load      `SOAK_SECONDS` of the mix: no request may fail (an unexpected status, a socket
             error or a timeout of 10 s).
2. postgres  `pg_ctl stop -m fast`, a few seconds down, `pg_ctl start`: requests may fail only
             while it is down and for `--grace` seconds after it accepts connections again.
3. redis     the redis-server stopped (it saves its data, as a packaged Redis does, and loads it
             again on start), a while down, started again: no request may fail; member sessions
             survive; a demand published, a login and a logout done while it is down are kept;
             after it is back, pages are stored again and the demand shows on the public list.

Writes bench/results/<date>-soak.md and .json and exits 1 when a check fails.

    .venv/bin/python bench/soak.py                   # SOAK_SECONDS=60 SOAK_CLIENTS=16
    .venv/bin/python bench/soak.py --phases load --kinds member --settings my.settings
"""

import argparse
import asyncio
import datetime as dt
import hashlib
import itertools
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import run as bench  # bench/run.py: the database, the server, logging in

ROOT = bench.ROOT
WORK = bench.WORK / "soak"
PG_BIN = Path(os.environ.get("SOAK_PG_BIN", "/usr/lib/postgresql/15/bin"))
REQUEST_TIMEOUT = 10.0
# seed_demo's accounts (marketplace/members/demo/, notices/demo/; listed in README).
INSTITUTION_LOGIN = {"username": "demo-institution", "password": "Demo-Institution-2026"}
MEMBER_LOGIN = {"username": "huodong", "password": "Portal-Member-2026"}
PHASES = ("load", "postgres", "redis")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", 60)))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("SOAK_CLIENTS", 16)))
    parser.add_argument("--phases", default=",".join(PHASES), help="comma-separated subset")
    parser.add_argument("--kinds", default="", help="only these kinds of target (comma-separated)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--settings", default="portal.settings.bench")
    parser.add_argument("--reseed", action="store_true", help="seed again, not from the dump")
    parser.add_argument("--pg-down", type=float, default=4.0, help="seconds PostgreSQL is down")
    parser.add_argument("--redis-down", type=float, default=15.0, help="seconds Redis is down")
    parser.add_argument("--grace", type=float, default=2.0, help="seconds after PostgreSQL is up")
    parser.add_argument("--lead", type=float, default=8.0, help="seconds of load before a fault")
    parser.add_argument("--tail", type=float, default=12.0, help="seconds of load after it")
    args = parser.parse_args()
    args.phases = [phase for phase in args.phases.split(",") if phase]
    unknown = set(args.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    args.kinds = {kind for kind in args.kinds.split(",") if kind}
    return args


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_fingerprint():
    """What the seeded database depends on: the schema (migrations, pinned packages) and the
    demo-data modules. (Factories change with tests more often than the demo data they make.)"""
    digest = hashlib.sha256()
    paths = [
        *ROOT.glob("*/migrations/*.py"),
        *ROOT.glob("marketplace/*/migrations/*.py"),
        *ROOT.glob("*/demo/*.py"),
        *ROOT.glob("marketplace/*/demo/*.py"),
        *ROOT.glob("portal/demo*.py"),
        ROOT / "portal" / "management" / "commands" / "seed_demo.py",
        ROOT / "requirements" / "lock.txt",
    ]
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def log(message):
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


# Private servers ------------------------------------------------------------------------------


class PrivatePostgres:
    """A throw-away cluster in `folder`, owned by the `postgres` user when run as root
    (PostgreSQL refuses to run as root). fsync is off: the data dies with the soak."""

    def __init__(self, folder):
        self.dir = folder / "pg"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal_soak"

    def _run(self, *command, check=True):
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def init(self):
        self.dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.dir), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.dir), "-l", str(self.dir / "server.log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode="fast"):
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.dir), "-m", mode, "-w", "stop")

    def ready(self):
        result = subprocess.run(
            [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"],
            check=False,
        )
        return result.returncode == 0

    def running(self):
        return (self.dir / "postmaster.pid").exists()


class PrivateRedis:
    """A redis-server that saves its data when stopped and loads it when started, as Debian's
    does: the cache comes back with what it held, so anything written while it was down must
    not leave an older value in it."""

    def __init__(self, folder):
        self.dir = folder / "redis"
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.dir.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "3600 1", "--appendonly", "no", "--dir", str(self.dir),
                "--logfile", str(self.dir / "redis.log"), "--daemonize", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.command("PING") == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not come up")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Redis saves (a save point is set) and exits
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def command(self, *words):
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), *words],
            check=False,
            capture_output=True,
            text=True,
            timeout=5,
        )
        return result.stdout.strip() if result.returncode == 0 else None


# Load -----------------------------------------------------------------------------------------


class Target:
    def __init__(self, name, kind, path, cookie="", expect=200):
        self.name, self.kind, self.path, self.cookie, self.expect = name, kind, path, cookie, expect

    def url_path(self, n):
        # A "{n}" in the path varies per request: a query no cache has seen.
        return self.path.replace("{n}", str(n)) if "{n}" in self.path else self.path


class Load:
    """Closed-loop asyncio clients; every request is recorded as
    (start, end, target index, status or 0, error text)."""

    # Numbers for the "{n}" of varying paths, never repeated in a soak: a later phase must not
    # find a query an earlier one stored.
    _numbers = itertools.count(1)

    def __init__(self, port, targets, clients):
        self.port = port
        self.targets = targets
        self.clients = clients
        self.records = []
        self.stop_at = float("inf")

    async def run(self, hard_limit):
        self.started = time.monotonic()
        limit = self.started + hard_limit
        self.stop_at = min(self.stop_at, limit)
        await asyncio.gather(*(self._client(i, limit) for i in range(self.clients)))

    async def _client(self, number, limit):
        order = list(range(len(self.targets)))
        random.Random(number).shuffle(order)
        position = number
        connection = None
        while time.monotonic() < min(self.stop_at, limit):
            index = order[position % len(order)]
            position += 1
            target = self.targets[index]
            path = target.url_path(next(self._numbers))
            started = time.monotonic()
            status, error = 0, ""
            try:
                status, connection = await asyncio.wait_for(
                    self._fetch(connection, path, target.cookie), REQUEST_TIMEOUT
                )
            except TimeoutError:
                error = "timeout"
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                error = type(exc).__name__
            if error:
                connection = _close(connection)
            self.records.append((started, time.monotonic(), index, status, error))
            if error:
                await asyncio.sleep(0.01)  # a refused connection must not spin the CPU
        _close(connection)

    async def _fetch(self, connection, path, cookie):
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            "User-Agent: portal-soak\r\nAccept: */*\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "\r\n"
        ).encode()
        head = None
        if connection is not None:  # kept alive: the server may have closed it meanwhile
            try:
                connection[1].write(request)
                head = await connection[0].readuntil(b"\r\n\r\n")
            except (OSError, asyncio.IncompleteReadError):
                connection = _close(connection)
        if head is None:
            connection = await asyncio.open_connection("127.0.0.1", self.port)
            connection[1].write(request)
            head = await connection[0].readuntil(b"\r\n\r\n")
        reader = connection[0]
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    break
        elif "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        else:
            await reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            connection = _close(connection)
        return status, connection


def _close(connection):
    if connection is not None:
        connection[1].close()
    return None


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def is_error(load, record):
    return record[3] != load.targets[record[2]].expect


def summarise(load, records, seconds=None):
    """Per kind: requests, errors, p50/p99 ms; and the errors by what they were."""
    kinds = {}
    for record in records:
        kind = load.targets[record[2]].kind
        entry = kinds.setdefault(kind, {"latencies": [], "errors": 0, "requests": 0})
        entry["requests"] += 1
        entry["latencies"].append((record[1] - record[0]) * 1000)
        entry["errors"] += is_error(load, record)
    table = {}
    for kind, entry in sorted(kinds.items()):
        table[kind] = {
            "requests": entry["requests"],
            "errors": entry["errors"],
            "p50_ms": round(percentile(entry["latencies"], 0.50), 1),
            "p99_ms": round(percentile(entry["latencies"], 0.99), 1),
        }
        if seconds:
            table[kind]["rps"] = round(entry["requests"] / seconds, 1)
    causes = {}
    for record in records:
        if is_error(load, record):
            target = load.targets[record[2]]
            cause = record[4] or f"HTTP {record[3]}"
            key = f"{target.kind}: {cause}"
            causes[key] = causes.get(key, 0) + 1
    total = {
        "requests": len(records),
        "errors": sum(entry["errors"] for entry in table.values()),
    }
    targets = {}
    for record in records:
        entry = targets.setdefault(load.targets[record[2]].name, {"requests": 0, "errors": 0})
        entry["requests"] += 1
        entry["errors"] += is_error(load, record)
    return {"total": total, "kinds": table, "error_causes": causes, "targets": targets}


def between(records, start, end):
    """The requests made entirely within [start, end)."""
    return [record for record in records if start <= record[0] and record[1] < end]


# The portal -----------------------------------------------------------------------------------


class Portal:
    def __init__(self, args, folder):
        self.args = args
        self.pg = PrivatePostgres(folder)
        self.redis = PrivateRedis(folder)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.log_path = WORK / "gunicorn.log"

    def env(self):
        namespace = argparse.Namespace(
            db="postgres", scale=1, redis=self.redis.url, no_page_cache=False
        )
        env = bench.bench_env(namespace)
        env.update(
            DJANGO_SETTINGS_MODULE=self.args.settings,
            DATABASE_URL=self.pg.url,
            STATIC_ROOT=str(WORK / "static"),
            MEDIA_ROOT=str(WORK / "media"),
            PRIVATE_MEDIA_ROOT=str(WORK / "private"),
            CACHE_KEY_PREFIX="soak",
            PYTHONUNBUFFERED="1",
        )
        return env

    def prepare(self):
        """Migrate and seed the private cluster, or restore the dump of an earlier seeding made
        by the same migrations and demo code (seeding takes minutes on a busy machine)."""
        self.steps = {}

        def step(name, *command, manage=False):
            started = time.monotonic()
            if manage:
                output = bench.manage(env, *command, capture=True)
            else:
                output = subprocess.run(command, check=True, capture_output=True).stdout
            self.steps[name] = round(time.monotonic() - started, 1)
            return output

        started = time.monotonic()
        self.pg.init()
        self.pg.start()
        self.redis.start()
        self.steps["private servers"] = round(time.monotonic() - started, 1)
        env = self.env()
        dump = WORK / f"seed-{seed_fingerprint()}.dump"
        if dump.exists() and (WORK / "media").is_dir() and not self.args.reseed:
            maintenance = self.pg.url.rsplit("/", 1)[0] + "/postgres"
            step("createdb", "psql", maintenance, "-qtAc", "CREATE DATABASE portal_soak")
            step("pg_restore", str(PG_BIN / "pg_restore"), "--no-owner", "-d", self.pg.url, dump)
            step("migrate", "migrate", "--noinput", "-v0", manage=True)
            step("collectstatic", "collectstatic", "--noinput", "-v0", manage=True)
            self.seeding = "restored from " + dump.name
        else:
            started = time.monotonic()
            namespace = argparse.Namespace(db="postgres", scale=1, reseed=False)
            bench.prepare_database(namespace, env)
            self.steps["migrate, seed_demo, collectstatic"] = round(time.monotonic() - started, 1)
            for old in WORK.glob("seed-*.dump"):
                old.unlink()
            partial = dump.with_suffix(".tmp")
            step("pg_dump", str(PG_BIN / "pg_dump"), "-Fc", "-f", str(partial), self.pg.url)
            partial.rename(dump)
            self.seeding = "migrated and seeded (seed_demo --scale 1)"
        targets = json.loads(step("bench_targets", "bench_targets", manage=True))
        log("set-up: " + ", ".join(f"{name} {seconds} s" for name, seconds in self.steps.items()))
        return env, sum(self.steps.values()), targets

    def serve(self, env):
        self.log_file = open(self.log_path, "w")  # noqa: SIM115 - closed in `stop`
        self.server = bench.start_server(env, self.port, self.args.workers, log=self.log_file)
        bench.wait_until_up(self.base)

    def log_text(self, start=0):
        self.log_file.flush()
        text = self.log_path.read_text(errors="replace")
        return text[start:], len(text)

    def stop(self):
        """Each server stops even if stopping another failed."""
        try:
            if self.server is not None:
                server, self.server = self.server, None
                try:
                    bench.stop_server(server)
                except subprocess.TimeoutExpired:
                    server.kill()
                self.log_file.close()
        finally:
            try:
                self.redis.stop()
            finally:
                if self.pg.running():
                    self.pg.stop("immediate")


def build_targets(portal, bench_targets, kinds):
    enterprise_login = next(t["login"] for t in bench_targets if t.get("login"))
    enterprise = bench.login_cookie(portal.base, enterprise_login)
    institution = bench.login_cookie(portal.base, INSTITUTION_LOGIN)
    targets = [
        Target(t["name"], t["kind"], t["path"], enterprise if t.get("login") else "")
        for t in bench_targets
        # A revalidating target is the same URL as its plain one to clients without its ETag.
        # The soak's mix stays the documented 43 targets: no revalidation, no member API.
        if t["kind"] != "ceiling" and not t.get("revalidate") and not t.get("api_login")
    ]
    targets += [
        Target("机构中心 机构资料", "member", "/center/institution/profile/", institution),
        Target("机构中心 服务产品", "member", "/center/service-products/", institution),
        Target("机构中心 订单", "member", "/center/institution/orders/", institution),
        # What no cache can answer: a new query each time, and the database probe.
        Target("search, a new query", "uncached", f"/search/?q={urllib.parse.quote('政策')}{{n}}"),
        # `_` (jQuery's cache buster, which the API accepts and ignores): a URL no cache holds,
        # where an ever larger offset would pass the API's 10,000 bound.
        Target("API pages, a new URL", "uncached", "/api/v2/pages/?limit=2&_={n}"),
        Target("healthz (database)", "uncached", "/healthz"),
    ]
    if kinds:
        targets = [target for target in targets if target.kind in kinds]
    for target in targets:
        status, _ = bench.probe(portal.base, target.url_path(0), target.cookie)
        if status != target.expect:
            raise RuntimeError(f"{target.name} ({target.path}) answers {status} before the soak")
    return targets, {"enterprise": enterprise, "institution": institution, **enterprise_login}


# Member actions, through the portal's own forms ------------------------------------------------


def _open(base, path, cookie="", data=None):
    """(status, body, headers), without following redirects."""
    headers = {"Cookie": cookie, "Referer": base + path} if cookie else {"Referer": base + path}
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(base + path, data=body, headers=headers)
    try:
        with bench._PROBE_OPENER.open(request, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


def _csrf(cookie):
    return re.search(r"csrftoken=([^;]+)", cookie).group(1)


def publish_demand(base, cookie, title):
    """发布需求 as the demo enterprise: the form, then 确认发布. Returns where the portal sent
    the member ("/demands/<id>/" when it was published, the login page when the session was
    lost) or the HTTP status it answered instead."""
    status, form, _ = _open(base, "/center/demands/new/", cookie)
    if status != 200:
        return f"HTTP {status}"
    select = re.search(r'<select name="category".*?</select>', form, re.S).group(0)
    category = re.findall(r'<option value="(\d+)"', select)[0]
    data = {
        "csrfmiddlewaretoken": _csrf(cookie),
        "title": title,
        "category": category,
        "description": "浸泡测试：Redis 停止期间发布的需求，必须保存并在恢复后公开显示。",
        "budget": "1000",
        "region_name": "长沙市",
        "deadline": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        "contact_name": "测试",
        "contact_phone": "13800000000",
        "confirm": "1",
    }
    status, _, headers = _open(base, "/center/demands/new/", cookie, data)
    return headers.get("Location", "") if status == 302 else f"HTTP {status}"


def logout(base, cookie):
    return _open(base, "/accounts/logout/", cookie, {"csrfmiddlewaretoken": _csrf(cookie)})[0]


def signed_in(base, cookie):
    """Whether the cookie still opens the member centre (a lost session redirects to login)."""
    status, _, headers = _open(base, "/center/", cookie)
    return status == 200 or (status == 302 and "/accounts/login/" not in headers["Location"])


# Phases ---------------------------------------------------------------------------------------


def phase_load(portal, targets, args):
    load = Load(portal.port, targets, args.clients)
    load.stop_at = time.monotonic() + args.seconds
    started = time.monotonic()
    asyncio.run(load.run(args.seconds + 30))
    elapsed = time.monotonic() - started
    summary = summarise(load, load.records, elapsed)
    return {
        "seconds": round(elapsed, 1),
        "clients": args.clients,
        **summary,
        "passed": summary["total"]["errors"] == 0 and summary["total"]["requests"] > 0,
    }


def phase_postgres(portal, targets, args):
    load = Load(portal.port, targets, args.clients)
    events = {}

    async def fault():
        await asyncio.sleep(args.lead)
        events["stop"] = time.monotonic()
        await asyncio.to_thread(portal.pg.stop, "fast")
        events["stopped"] = time.monotonic()
        await asyncio.sleep(args.pg_down)
        events["start"] = time.monotonic()
        await asyncio.to_thread(portal.pg.start)
        while not await asyncio.to_thread(portal.pg.ready):
            await asyncio.sleep(0.05)
        events["ready"] = time.monotonic()
        load.stop_at = events["ready"] + args.tail

    async def both():
        await asyncio.gather(load.run(args.lead + args.pg_down + args.tail + 90), fault())

    began = time.monotonic()
    asyncio.run(both())
    if "ready" not in events:
        raise RuntimeError("PostgreSQL did not come back")
    stop, ready = events["stop"], events["ready"]
    allowed_until = ready + args.grace
    errors = [record for record in load.records if is_error(load, record)]
    # A request may fail if it overlapped the outage or the grace period after it.
    outside = [r for r in errors if not (r[1] >= stop and r[0] <= allowed_until)]
    after = between(load.records, allowed_until, float("inf"))
    uncached_after = [
        r
        for r in after
        if load.targets[r[2]].kind in ("member", "uncached") and not is_error(load, r)
    ]
    during = between(load.records, events["stopped"], events["start"])
    window = {
        "stop_issued_s": 0.0,
        "stopped_s": round(events["stopped"] - stop, 2),
        "start_issued_s": round(events["start"] - stop, 2),
        "accepting_s": round(ready - stop, 2),
        "first_error_s": round(min(r[1] for r in errors) - stop, 2) if errors else None,
        "last_error_s": round(max(r[1] for r in errors) - stop, 2) if errors else None,
        "errors": len(errors),
        "errors_outside_allowed": len(outside),
        "recovered_after_accepting_s": (
            round(max(0.0, max(r[1] for r in errors) - ready), 2) if errors else 0.0
        ),
    }
    return {
        "seconds": round(time.monotonic() - began, 1),
        "window": window,
        "before": summarise(load, between(load.records, 0, stop)),
        "down": summarise(load, during),
        "after_grace": summarise(load, after),
        "served_while_down": sum(1 for r in during if not is_error(load, r)),
        "passed": not outside
        and bool(uncached_after)
        and summarise(load, after)["total"]["errors"] == 0,
    }


def phase_redis(portal, targets, args, accounts):
    load = Load(portal.port, targets, args.clients)
    events, checks = {}, {}
    base = portal.base
    title = f"浸泡测试需求 {int(time.time())}"
    # Logged in before the outage; logs out while Redis is down: that logout must hold.
    leaving = bench.login_cookie(base, MEMBER_LOGIN)

    def while_down():
        checks["enterprise_session_kept_while_down"] = signed_in(base, accounts["enterprise"])
        checks["demand_published_while_down"] = publish_demand(base, accounts["enterprise"], title)
        own = _open(base, "/center/demands/", accounts["enterprise"])[1]
        checks["demand_stored_while_down"] = title in own
        try:
            arriving = bench.login_cookie(base, INSTITUTION_LOGIN)
        except (OSError, StopIteration) as error:
            arriving = ""
            checks["login_while_down_error"] = str(error)
        checks["login_while_down_signed_in"] = bool(arriving) and signed_in(base, arriving)
        checks["logout_while_down"] = logout(base, leaving)
        return arriving

    async def fault():
        await asyncio.sleep(args.lead)
        events["keys_before"] = portal.redis.command("DBSIZE")
        events["stop"] = time.monotonic()
        await asyncio.to_thread(portal.redis.stop)
        events["stopped"] = time.monotonic()
        action_started = time.monotonic()
        try:
            arriving = await asyncio.to_thread(while_down)
        except Exception as error:  # a finding, reported as such: Redis must come back anyway
            checks["while_down_error"] = repr(error)
            arriving = ""
        await asyncio.sleep(max(0.0, args.redis_down - (time.monotonic() - action_started)))
        events["start"] = time.monotonic()
        await asyncio.to_thread(portal.redis.start)
        events["ready"] = time.monotonic()
        events["keys_restored"] = portal.redis.command("DBSIZE")
        load.stop_at = events["ready"] + args.tail
        checks.update(await asyncio.to_thread(demand_shows))
        await asyncio.sleep(max(0.0, events["ready"] + args.tail / 2 - time.monotonic()))
        checks.update(await asyncio.to_thread(after_checks, arriving))

    def demand_shows():
        """The public list (stored before the outage, in a Redis that kept it) shows the demand
        published while Redis was down: polled from the moment Redis is back."""
        found = {}
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if title in _open(base, "/demands/")[1]:
                found["demand_public_after_s"] = round(time.monotonic() - events["ready"], 2)
                break
            time.sleep(0.1)
        found["demand_public_after_recovery"] = "demand_public_after_s" in found
        return found

    def after_checks(arriving):
        found = {}
        found["login_while_down_kept_after"] = bool(arriving) and signed_in(base, arriving)
        found["logout_while_down_kept_after"] = not signed_in(base, leaving)
        found["enterprise_session_kept_after"] = signed_in(base, accounts["enterprise"])
        probe_path = f"/policies/?soak-check={int(time.time())}"
        _open(base, probe_path)
        status, _, headers = _open(base, probe_path)
        found["page_cache_serves_again"] = status == 200 and "Age" in headers
        found["keys_after"] = portal.redis.command("DBSIZE")
        return found

    async def both():
        await asyncio.gather(load.run(args.lead + args.redis_down + args.tail + 90), fault())

    began = time.monotonic()
    log_start = portal.log_text()[1]
    asyncio.run(both())
    stop, ready = events["stop"], events["ready"]
    log_text = portal.log_text(log_start)[0]
    down = between(load.records, events["stopped"], events["start"])
    passed = (
        summarise(load, load.records)["total"]["errors"] == 0
        and checks.get("enterprise_session_kept_while_down")
        and re.fullmatch(r"/demands/\d+/", checks.get("demand_published_while_down", ""))
        and checks.get("demand_stored_while_down")
        and checks.get("login_while_down_signed_in")
        and checks.get("logout_while_down") == 302
        and checks.get("demand_public_after_recovery")
        and checks.get("login_while_down_kept_after")
        and checks.get("logout_while_down_kept_after")
        and checks.get("enterprise_session_kept_after")
        and checks.get("page_cache_serves_again")
    )
    return {
        "seconds": round(time.monotonic() - began, 1),
        "down_s": round(events["start"] - events["stopped"], 2),
        "keys": {
            "before": events.get("keys_before"),
            "restored": events.get("keys_restored"),
            "after": checks.pop("keys_after", None),
        },
        "before": summarise(load, between(load.records, 0, stop), stop - load.started),
        "down": summarise(load, down, events["start"] - events["stopped"]),
        "after": summarise(load, between(load.records, ready, float("inf")), args.tail),
        "checks": checks,
        "log": {
            "tracebacks": log_text.count("Traceback"),
            "cache_down_warnings": log_text.count("Redis unreachable"),
            "cache_back_lines": log_text.count("Redis reachable again"),
        },
        "passed": bool(passed),
    }


# Report ---------------------------------------------------------------------------------------


def kind_table(summary, with_rps=False):
    lines = [
        "| kind | requests | errors | p50 ms | p99 ms |" + (" req/s |" if with_rps else ""),
        "|---|---:|---:|---:|---:|" + ("---:|" if with_rps else ""),
    ]
    for kind, row in summary["kinds"].items():
        lines.append(
            f"| {kind} | {row['requests']} | {row['errors']} | {row['p50_ms']} | {row['p99_ms']} |"
            + (f" {row.get('rps', '')} |" if with_rps else "")
        )
    total = summary["total"]
    lines.append(f"| **all** | {total['requests']} | {total['errors']} | | |" + (" |" * with_rps))
    if summary["error_causes"]:
        lines.append("")
        lines.append(
            "Errors: " + ", ".join(f"{k} × {v}" for k, v in summary["error_causes"].items())
        )
    return lines


def write_report(results, meta):
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{dt.date.today().isoformat()}-soak"
    (bench.RESULTS / f"{stem}.json").write_text(
        json.dumps({"meta": meta, "phases": results}, ensure_ascii=False, indent=2)
    )
    lines = [
        f"# Soak {stem}",
        "",
        f"- gunicorn {meta['workers']} workers, `{meta['settings']}`, private PostgreSQL "
        f"(database {meta['seeding']}; set-up {meta['seed_seconds']:.0f} s) and private Redis "
        f"on loopback; {meta['clients']} clients; {meta['targets']} targets; load average at the "
        f"start {meta['load_before']}; whole soak {meta['total_seconds']:.0f} s",
        "- an error is an unexpected status (every target answers 200 when probed first), a "
        f"socket error or a timeout ({REQUEST_TIMEOUT:.0f} s)",
        "",
    ]
    load = results.get("load")
    if load:
        lines += [
            f"## 1. Load: {load['seconds']} s — {'PASS' if load['passed'] else 'FAIL'}",
            "",
            *kind_table(load, with_rps=True),
            "",
        ]
    pg = results.get("postgres")
    if pg:
        w = pg["window"]
        lines += [
            f"## 2. PostgreSQL restarted under load — {'PASS' if pg['passed'] else 'FAIL'}",
            "",
            f"Seconds from `pg_ctl stop -m fast`: stopped {w['stopped_s']}, start issued "
            f"{w['start_issued_s']}, accepting connections {w['accepting_s']}. Errors: "
            f"{w['errors']}"
            + (
                f", from {w['first_error_s']} to {w['last_error_s']} s (the last "
                f"{w['recovered_after_accepting_s']} s after it accepted connections)"
                if w["errors"]
                else ""
            )
            + f"; outside the outage + {meta['grace']} s: {w['errors_outside_allowed']}. "
            f"Requests answered while it was down: {pg['served_while_down']}.",
            "",
            "While down:",
            "",
            *kind_table(pg["down"]),
            "",
            f"After the grace period ({meta['tail']} s of load):",
            "",
            *kind_table(pg["after_grace"]),
            "",
        ]
    redis = results.get("redis")
    if redis:
        lines += [
            f"## 3. Redis stopped under load — {'PASS' if redis['passed'] else 'FAIL'}",
            "",
            f"Down {redis['down_s']} s; keys before / restored on start / after: "
            f"{redis['keys']['before']} / {redis['keys']['restored']} / {redis['keys']['after']}. "
            f"Portal log during the phase: {redis['log']['tracebacks']} tracebacks, "
            f"{redis['log']['cache_down_warnings']} 'Redis unreachable' warnings, "
            f"{redis['log']['cache_back_lines']} 'reachable again' lines.",
            "",
            "Before (Redis up):",
            "",
            *kind_table(redis["before"], with_rps=True),
            "",
            "Redis down:",
            "",
            *kind_table(redis["down"], with_rps=True),
            "",
            "Redis back:",
            "",
            *kind_table(redis["after"], with_rps=True),
            "",
            "Checks: " + ", ".join(f"{key} = {value}" for key, value in redis["checks"].items()),
            "",
        ]
    verdict = all(phase["passed"] for phase in results.values())
    lines += [f"**Result: {'PASS' if verdict else 'FAIL'}**", ""]
    (bench.RESULTS / f"{stem}.md").write_text("\n".join(lines))
    return bench.RESULTS / f"{stem}.md", verdict, "\n".join(lines)


def main():
    args = parse_args()
    for tool in ("redis-server", "redis-cli", "psql"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: bash scripts/install-system-deps.sh soak")
    if not (PG_BIN / "initdb").exists():
        sys.exit(f"{PG_BIN}/initdb is missing: bash scripts/install-system-deps.sh soak")
    began = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="portal-soak-"))
    folder.chmod(0o755)  # the postgres user must reach its cluster inside
    portal = Portal(args, folder)
    results = {}
    # Whatever happens, the private servers stop: on SIGTERM as on Ctrl-C, and a watchdog ends
    # a soak that hangs (set-up included, well past what the phases need).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    def give_up():
        log("the soak hangs: stopping its servers")
        try:
            portal.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            os._exit(3)

    limit = 15 * 60 + args.seconds + 3 * (args.lead + args.tail) + args.pg_down + args.redis_down
    watchdog = threading.Timer(limit, give_up)
    watchdog.daemon = True
    watchdog.start()
    try:
        log(f"private PostgreSQL on :{portal.pg.port}, Redis on :{portal.redis.port}; seeding")
        env, seed_seconds, raw_targets = portal.prepare()
        load_before = " ".join(f"{value:.1f}" for value in os.getloadavg())
        portal.serve(env)
        log(f"portal on {portal.base} (log: {portal.log_path.relative_to(ROOT)})")
        targets, accounts = build_targets(portal, raw_targets, args.kinds)
        # Warm both workers (imports, templates, stored pages) before anything is measured.
        warm = Load(portal.port, targets, args.clients)
        warm.stop_at = time.monotonic() + 3
        asyncio.run(warm.run(30))
        for phase in args.phases:
            log(f"phase {phase}")
            if phase == "load":
                results[phase] = phase_load(portal, targets, args)
            elif phase == "postgres":
                results[phase] = phase_postgres(portal, targets, args)
            else:
                results[phase] = phase_redis(portal, targets, args, accounts)
            log(f"phase {phase}: {'PASS' if results[phase]['passed'] else 'FAIL'}")
    finally:
        portal.stop()
        shutil.rmtree(folder, ignore_errors=True)
        watchdog.cancel()
    meta = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "workers": args.workers,
        "settings": args.settings,
        "clients": args.clients,
        "targets": len(targets),
        "seed_seconds": seed_seconds,
        "seeding": portal.seeding,
        "setup_steps_s": portal.steps,
        "load_before": load_before,
        "grace": args.grace,
        "tail": args.tail,
        "total_seconds": time.monotonic() - began,
    }
    report, verdict, text = write_report(results, meta)
    print("\n" + text)
    print(f"Report: {report.relative_to(ROOT)}")
    sys.exit(0 if verdict else 1)


if __name__ == "__main__":
    main()
