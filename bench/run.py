#!/usr/bin/env python
"""`make bench`: serve the portal as in production and measure it under load.

Steps: prepare a throw-away database (SQLite file or a PostgreSQL database), migrate, seed the
demo data at the requested scale, collect static files, start gunicorn (2 workers) on loopback,
then drive each target URL with wrk from a second process for a fixed time. Writes
bench/results/<date>-<scale>-<db>.md and .json.

    .venv/bin/python bench/run.py --scale 1 --db sqlite --duration 10
"""

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
# Figures the portal must reach, as a share of the minimal view's throughput (issue "Benchmark").
TARGET_RATIO = {
    "home": 0.5,
    "index": 0.5,
    "detail": 0.5,
    "api": 0.3,
    "search": 0.15,
    "member": 0.15,
    "member-api": 0.15,
    "member-public": 0.15,
    "search-fresh": 0.05,
}
# With --no-page-cache every request renders (issue 20): the render itself must be cheap.
NO_PAGE_CACHE_TARGET_RATIO = {
    **TARGET_RATIO,
    "home": 0.15,
    "index": 0.15,
    "detail": 0.15,
    "api": 0.15,
}
P99_BUDGET_MS = 150
# Kinds with their own p99 budget (issue 20): members every time, searches nobody asked before.
P99_BUDGET_MS_BY_KIND = {"member": 100, "member-public": 100, "search-fresh": 500}
# 确认合同 must answer within this (issue 22): the PDF is made by the task worker, not in it.
CONFIRM_BUDGET_MS = 300


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per target")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reseed", action="store_true", help="drop and re-create the database")
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/5",
        help="the shared cache, as in production ('' for per-process local memory)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="measure real renders: turn off the anonymous page cache (decision 0007)",
    )
    return parser.parse_args()


def bench_env(args):
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
    env["STATIC_ROOT"] = str(WORK / "static")
    env["MEDIA_ROOT"] = str(WORK / "media")
    env["PRIVATE_MEDIA_ROOT"] = str(WORK / "private")
    if args.db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{WORK / f'bench-{args.scale}.sqlite3'}"
    else:
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/portal_bench_{args.scale}"
    # Production shares one cache between workers (content versions, pages, sessions).
    env["REDIS_URL"] = args.redis
    env["CACHE_KEY_PREFIX"] = f"bench-{args.db}-{args.scale}"
    if args.no_page_cache:
        env["PORTAL_PAGE_CACHE_SECONDS"] = "0"
    return env


def manage(env, *command, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else None


def prepare_database(args, env):
    if args.db == "sqlite":
        path = WORK / f"bench-{args.scale}.sqlite3"
        if args.reseed and path.exists():
            path.unlink()
    else:
        # The server and database named by DATABASE_URL (`bench/soak.py` brings its own).
        url = urllib.parse.urlsplit(env["DATABASE_URL"])
        name = url.path.lstrip("/")
        psql = ["psql", urllib.parse.urlunsplit(url._replace(path="/postgres")), "-qtAc"]
        if args.reseed:
            subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True)
        exists = subprocess.run(
            [*psql, f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not exists:
            subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    manage(env, "migrate", "--noinput", "-v0")
    started = time.monotonic()
    manage(env, "seed_demo", "--scale", str(args.scale))
    seed_seconds = time.monotonic() - started
    manage(env, "collectstatic", "--noinput", "-v0")
    return seed_seconds


def start_server(env, port, workers, log=None):
    """gunicorn as in production, on loopback; `log` (a file) takes its output."""
    return subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "portal.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def wait_until_up(base, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not come up")


def login_cookie(base, login):
    """Log in through the portal's own form; returns a Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/accounts/login/").read()
    csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    data = urllib.parse.urlencode({**login, "csrfmiddlewaretoken": csrf}).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=data, headers={"Referer": base + "/accounts/login/"}
    )
    opener.open(request).read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """wrk does not follow redirects either: a target that redirects must show as such."""

    def redirect_request(self, *args, **kwargs):
        return None


_PROBE_OPENER = urllib.request.build_opener(_NoRedirect)


def request_headers(cookie, headers=None):
    """The headers of a target's requests: its member's session cookie, its own (If-None-Match)."""
    return {**({"Cookie": cookie} if cookie else {}), **(headers or {})}


def current_etag(base, path):
    """The ETag the portal gives `path` now, for a target that revalidates (`"revalidate"`); sent
    as wrk sends its requests (no Accept, no cookie), so the portal answers 304 to them."""
    with _PROBE_OPENER.open(urllib.request.Request(base + path), timeout=30) as response:
        return response.headers.get("ETag", "")


def api_token(base, login):
    """Log in through the member API as an app does; returns an Authorization header value."""
    request = urllib.request.Request(
        base + "/api/v2/auth/token/",
        data=json.dumps({**login, "name": "bench"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with _PROBE_OPENER.open(request, timeout=30) as response:
        return "Bearer " + json.loads(response.read())["token"]


def target_headers(base, target):
    if target.get("api_login"):
        return {"Authorization": api_token(base, target["api_login"])}
    if not target.get("revalidate"):
        return {}
    etag = current_etag(base, target["path"])
    return {"If-None-Match": etag} if etag else {}


def probe(base, path, cookie, headers=None):
    request = urllib.request.Request(base + path, headers=request_headers(cookie, headers))
    try:
        with _PROBE_OPENER.open(request, timeout=30) as response:
            return response.status, int(response.headers.get("X-Query-Count", -1))
    except urllib.error.HTTPError as error:
        return error.code, int(error.headers.get("X-Query-Count", -1))
    except (TimeoutError, urllib.error.URLError) as error:
        # A page too slow to answer at this scale is a finding, not a reason to stop the run.
        print(f"probe of {path} failed: {error}", file=sys.stderr, flush=True)
        return 0, -1


def run_wrk(base, path, cookie, args, headers=None, fresh_terms=None):
    """wrk on `path`; with `fresh_terms`, each request appends a new triple of them
    (bench/wrk_fresh_search.lua)."""
    script = "wrk_fresh_search.lua" if fresh_terms else "wrk_report.lua"
    command = [
        "wrk",
        "-t2",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / script),
    ]
    for name, value in request_headers(cookie, headers).items():
        command += ["-H", f"{name}: {value}"]
    command.append(base + path)
    if fresh_terms:
        command += ["--", *(urllib.parse.quote(term) for term in fresh_terms)]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    figures = json.loads(re.search(r"BENCH_JSON (\{.*\})", output).group(1))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1_000_000)
    return figures


def worker_memory_mb(master_pid):
    children = subprocess.run(
        ["ps", "-o", "pid=,rss=", "--ppid", str(master_pid)],
        capture_output=True,
        text=True,
    ).stdout.split()
    return [int(rss) / 1024 for rss in children[1::2]]


def micro_lines(micro):
    lines = ["## Micro-benchmarks", ""]
    pdf = micro.get("contract_pdf")
    if pdf:
        lines.append(
            f"- contract PDF (WeasyPrint): median {pdf['median_s']:.2f} s over {pdf['runs']} "
            f"renders (max {pdf['max_s']:.2f} s); first in a process {pdf['first_s']:.2f} s; "
            f"{pdf['bytes'] / 1024:.0f} KB"
        )
    confirm = micro.get("contract_confirm")
    if confirm:
        lines.append(
            f"- 确认合同 POST (PDF queued for the worker, database task backend): median "
            f"{confirm['median_s'] * 1000:.0f} ms over {confirm['runs']} requests (max "
            f"{confirm['max_s'] * 1000:.0f} ms; first {confirm['first_s'] * 1000:.0f} ms); "
            f"target ≤ {CONFIRM_BUDGET_MS} ms"
        )
    for name, figures in micro.get("renditions", {}).items():
        lines.append(
            f"- renditions, {name} set ({figures['sizes']} sizes): median "
            f"{figures['median_s']:.2f} s per image over {figures['images']} images "
            f"(max {figures['max_s']:.2f} s)"
        )
    return [*lines, ""]


def target_ratios(no_page_cache):
    return NO_PAGE_CACHE_TARGET_RATIO if no_page_cache else TARGET_RATIO


def p99_budget(kind):
    return P99_BUDGET_MS_BY_KIND.get(kind, P99_BUDGET_MS)


def below_target(row, ratios=TARGET_RATIO):
    return (
        (row["kind"] in ratios and row["ratio"] < ratios[row["kind"]])
        or row["p99_ms"] > p99_budget(row["kind"])
        or row["errors"]
        # A redirect or an error page measures the wrong thing; a revalidating target expects
        # its 304.
        or row["status"] != row.get("expect", 200)
    )


def write_report(args, rows, meta):
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{dt.date.today().isoformat()}-{args.scale}-{args.db}"
    if args.no_page_cache:
        stem += "-no-page-cache"
    (RESULTS / f"{stem}.json").write_text(
        json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=2)
    )
    lines = [
        f"# Benchmark {stem}",
        "",
        f"- scale {args.scale}, database {args.db}, gunicorn {args.workers} workers, "
        f"wrk {args.connections} connections × {args.duration} s per target, same 2-core machine, "
        f"load average after seeding {meta['load_before']}",
        "- cache: "
        + (
            "anonymous page cache off (every request renders)"
            if args.no_page_cache
            else "Redis, anonymous page cache on (decision 0007); SQL = queries of an uncached "
            "render (the probe request)"
        ),
        f"- seed time {meta['seed_seconds']:.1f} s; worker memory after the run: "
        + ", ".join(f"{mb:.0f} MB" for mb in meta["worker_memory_mb"]),
        "- ceiling measured first and last: "
        + " and ".join(f"{rps:.0f}" for rps in meta["ceiling_first_last"])
        + " req/s; the better one is the reference",
        "",
        "| page | kind | HTTP | req/s | × ceiling | target | p50 ms | p95 ms | p99 ms "
        "| p99 budget | errors | SQL |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ratios = target_ratios(args.no_page_cache)
    for row in rows:
        target = ratios.get(row["kind"])
        lines.append(
            f"| {row['name']} | {row['kind']} | {row['status']} | {row['rps']:.0f} | "
            f"{row['ratio']:.2f} | "
            f"{'' if target is None else f'≥ {target:.2f}'} | {row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['p99_ms']:.1f} | ≤ {p99_budget(row['kind'])} | "
            f"{row['errors']} | {row['queries']} |"
        )
    misses = [row["name"] for row in rows if below_target(row, ratios)]
    confirm = meta["micro"].get("contract_confirm")
    if confirm and confirm["max_s"] * 1000 > CONFIRM_BUDGET_MS:
        misses.append("确认合同 POST")
    lines += ["", "Below target: " + (", ".join(misses) if misses else "none"), ""]
    lines += micro_lines(meta["micro"])
    (RESULTS / f"{stem}.md").write_text("\n".join(lines))
    return RESULTS / f"{stem}.md"


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: bash scripts/install-system-deps.sh bench")
    WORK.mkdir(parents=True, exist_ok=True)
    env = bench_env(args)
    seed_seconds = prepare_database(args, env)
    load_before = " ".join(f"{value:.1f}" for value in os.getloadavg())
    targets = json.loads(manage(env, "bench_targets", capture=True))
    # Before the server starts: the micro-benchmarks must not compete with it for the CPU.
    micro = json.loads(manage(env, "bench_micro", capture=True))
    base = f"http://127.0.0.1:{args.port}"
    server = start_server(env, args.port, args.workers)
    rows = []
    try:
        wait_until_up(base)
        # Warm both workers (imports, template and URL caches) before anything is measured.
        warm_up = argparse.Namespace(**{**vars(args), "duration": 3})
        run_wrk(base, targets[0]["path"], "", warm_up)
        for target in targets:
            # Requests a slow page left queued must not be charged to the next target.
            try:
                wait_until_up(base, timeout=300)
            except RuntimeError:
                print("the server is still busy with the previous target", file=sys.stderr)
            cookie = login_cookie(base, target["login"]) if target.get("login") else ""
            headers = target_headers(base, target)
            fresh_terms = target.get("fresh_terms")
            probe_path = target["path"] + (fresh_terms[0] if fresh_terms else "")
            status, queries = probe(
                base, urllib.parse.quote(probe_path, safe="/?=&"), cookie, headers
            )
            figures = run_wrk(base, target["path"], cookie, args, headers, fresh_terms)
            rows.append({**target, **figures, "status": status, "queries": queries})
            print(
                f"{target['name']:<40} {figures['rps']:8.0f} req/s  p99 {figures['p99_ms']:7.1f} ms"
                f"  SQL {queries:3d}  HTTP {status}",
                flush=True,
            )
        # The ceiling again, last: the reference is the better of the two, so a disturbance
        # while one was measured cannot make every page look fast.
        ceiling_again = run_wrk(base, targets[0]["path"], "", args)
        memory = worker_memory_mb(server.pid)
    finally:
        stop_server(server)
    ceiling_row = next(row for row in rows if row["kind"] == "ceiling")
    ceiling_first = ceiling_row["rps"]
    if ceiling_again["rps"] > ceiling_first:
        ceiling_row.update({key: ceiling_again[key] for key in ceiling_again})
    ceiling = ceiling_row["rps"]
    for row in rows:
        row["ratio"] = row["rps"] / ceiling if ceiling else 0.0
        row.pop("login", None)
        row.pop("api_login", None)
        row.pop("fresh_terms", None)
    meta = {
        "scale": args.scale,
        "db": args.db,
        "seed_seconds": seed_seconds,
        "load_before": load_before,
        "page_cache": not args.no_page_cache,
        "micro": micro,
        "worker_memory_mb": memory,
        "ceiling_first_last": [ceiling_first, ceiling_again["rps"]],
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }
    report = write_report(args, rows, meta)
    print(f"\nReport: {report.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
