"""Benchmark of the portal's Chinese-aware search: recall, precision, index size and latency.

    .venv/bin/python bench/search_bench.py --records 5000 --db sqlite
    .venv/bin/python bench/search_bench.py --records 50000 --db postgres --segmenters bigram

Generates synthetic service/policy records (`search.models.SearchBenchmarkRecord`, title + body)
into a throw-away database — a temporary SQLite file, or a scratch PostgreSQL database on
$BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), dropped at the end — migrates
it, indexes the records through each candidate backend in batches, and runs a fixed query set.

For each candidate it reports recall and precision against ground truth computed in Python
(a record is relevant when every whitespace-separated query term occurs in its title or body:
Chinese as a plain substring, Latin letters and digits as whole words, case-insensitively), the
index size, the indexing time, and latencies (p50/p95 over every query and timed run, after one
warm-up run): a ranked top-20 search — the target metric — and the count of all hits, on the
whole model and on a filtered queryset (``exclude(title__startswith="长沙")``, about 5 % of the
records out, standing in for the live/public filters of the site search, which make the backend
check each hit against the queryset). On PostgreSQL the report shows EXPLAIN ANALYZE of the
statements a ranked search and a count run. Results go to
bench/results/search-<date>-<records>-<db>[-<label>].md/.json.

Candidates: ``none`` is Wagtail's stock database backend (no segmentation); the others are
`search.backends.database` with that SEGMENTER.
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
import unicodedata
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
CANDIDATES = ("none", "jieba", "unigram_bigram", "bigram")
STOCK_BACKEND = "wagtail.search.backends.database"
PORTAL_BACKEND = "search.backends.database"
TOP_N = 20
BATCH_SIZE = 1000

# 1 to 4 Chinese characters (words, and strings that cross word boundaries), Latin, mixed.
QUERIES = [
    "企", "融", "云",
    "咨询", "融资", "检测", "认证", "培训", "专利", "园区", "物流", "人才", "服务", "化转", "权保",
    "数字化", "字化转", "产权保", "孵化器", "智能化",
    "知识产权", "管理咨询", "检验检测", "融资服务", "中小企业", "技术转移", "服务平台",
    "SaaS", "ERP", "AI", "ISO9001", "CRM", "5G",
    "SaaS平台", "ISO9001认证", "AI赋能", "融资 咨询",
]  # fmt: skip

# Space-separated for readability.
REGIONS = "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西".split()  # noqa: SIM905
SERVICES = (  # noqa: SIM905
    "融资服务 知识产权 数字化转型 管理咨询 检验检测 人才培训 法律服务 市场开拓 技术转移 创业孵化 "
    "财税代理 质量认证 专利申请 商标注册 智能制造 工业设计 物流仓储 跨境电商 节能环保 信息化建设 "
    "政策解读 融资担保 股权投资 供应链金融 产学研合作 标准制定 品牌推广 安全生产"
).split()
LATIN_TERMS = (  # noqa: SIM905
    "SaaS平台 ERP系统 CRM系统 AI赋能 ISO9001认证 MES系统 OA办公 IoT平台 5G专网 API接口 "
    "AIoT方案 Email营销 Training课程 ISO14001 SaaS"
).split()
ORGANISATIONS = (  # noqa: SIM905
    "中小企业服务中心 科技有限公司 咨询有限公司 检测认证中心 律师事务所 产业园区 孵化器 "
    "融资担保公司 会计师事务所 技术转移中心 人力资源服务公司 云计算有限公司"
).split()
INDUSTRIES = "制造业 农业 现代服务业 电子信息 生物医药 新材料 文化创意 轨道交通 工程机械".split()  # noqa: SIM905
TITLE_PATTERNS = [
    "{region}{service}服务",
    "{service}专项资金申报通知",
    "关于开展{service}活动的通知",
    "{region}{org}{service}",
    "{latin}与{service}",
    "{year}年{region}{service}政策解读",
]
SENTENCES = [
    "{region}{org}面向{industry}企业提供{service}服务。",
    "本项目支持{service}与{service2}，帮助企业降低成本、提高效率。",
    "平台上线{latin}，实现{service}全流程在线办理。",
    "申报单位须在{region}注册，具备独立法人资格，近三年无不良信用记录。",
    "{year}年度{region}{service}专项资金重点支持{industry}领域。",
    "服务内容包括{service}、{service2}和{latin}等。",
    "详情请咨询{region}{org}，联系电话见附件。",
    "活动邀请{industry}企业代表参加，名额有限，先到先得。",
    "对符合条件的企业给予最高五十万元补贴。",
    "鼓励企业开展{service}，推动高质量发展。",
]


# Ground truth -----------------------------------------------------------------------------


def _normalise(text):
    return unicodedata.normalize("NFKC", text).casefold()


def _term_pattern(term):
    """Chinese as a substring; a Latin/digit edge of the term must be a word edge in the text."""
    before = "(?<![a-z])" if term[0].isascii() and term[0].isalpha() else ""
    before = "(?<![0-9])" if term[0].isdigit() else before
    after = "(?![a-z])" if term[-1].isascii() and term[-1].isalpha() else ""
    after = "(?![0-9])" if term[-1].isdigit() else after
    return re.compile(before + re.escape(term) + after)


def relevant_ids(query, documents):
    patterns = [_term_pattern(term) for term in _normalise(query).split()]
    return {
        pk for pk, text in documents.items() if all(pattern.search(text) for pattern in patterns)
    }


# Data -------------------------------------------------------------------------------------


def generate_records(count, seed):
    rng = random.Random(seed)

    def fill(pattern):
        return pattern.format(
            region=rng.choice(REGIONS),
            service=rng.choice(SERVICES),
            service2=rng.choice(SERVICES),
            latin=rng.choice(LATIN_TERMS),
            org=rng.choice(ORGANISATIONS),
            industry=rng.choice(INDUSTRIES),
            year=rng.randint(2019, 2026),
        )

    for _ in range(count):
        title = fill(rng.choice(TITLE_PATTERNS))
        body = "".join(fill(rng.choice(SENTENCES)) for _ in range(rng.randint(4, 14)))
        yield title, body


# Databases --------------------------------------------------------------------------------


class ScratchDatabase:
    """A database that exists for the run only; sets DATABASE_URL for Django."""

    def __init__(self, vendor, postgres_url):
        self.vendor = vendor
        self.postgres_url = postgres_url.rstrip("/")
        self.name = f"search_bench_{os.getpid()}"
        self.directory = None

    def __enter__(self):
        if self.vendor == "sqlite":
            self.directory = tempfile.mkdtemp(prefix="search-bench-")
            os.environ["DATABASE_URL"] = f"sqlite:///{self.directory}/bench.sqlite3"
        else:
            self._admin(f'CREATE DATABASE "{self.name}"')
            os.environ["DATABASE_URL"] = f"{self.postgres_url}/{self.name}"
        return self

    def __exit__(self, *exc_info):
        from django.db import connections

        connections.close_all()
        if self.vendor == "sqlite":
            shutil.rmtree(self.directory, ignore_errors=True)
        else:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True) as connection:
            connection.execute(sql)


def setup_django():
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    return time.perf_counter() - started


def index_size(vendor):
    """Bytes used by Wagtail's search index (entries, their indexes, FTS shadow tables)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE '%wagtailsearch_indexentry%'"
            )
        else:
            cursor.execute("SELECT pg_total_relation_size('wagtailsearch_indexentry')")
        return cursor.fetchone()[0] or 0


def analyse(vendor):
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            # Rewrite the table so that rows of the previous candidate do not count in its size.
            cursor.execute("VACUUM FULL ANALYZE wagtailsearch_indexentry")
        else:
            cursor.execute("PRAGMA optimize")


# Benchmark --------------------------------------------------------------------------------

# Records whose title starts with this are left out of the filtered queryset.
FILTERED_OUT = "长沙"
# The query whose statements are explained on PostgreSQL.
PLAN_QUERY = "知识产权"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_runs(repeat, function, *args):
    """Milliseconds of `repeat` calls, after one warm-up call."""
    function(*args)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(*args)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def explain_statements(*functions):
    """EXPLAIN ANALYZE of every statement the functions run (PostgreSQL), replayed in order in a
    transaction so that planner settings they make (SET LOCAL) apply as they did."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        for function in functions:
            function()
    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = textwrap.dedent(query["sql"]).strip()
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue  # savepoints
            if "set_config(" in sql:
                cursor.execute(sql)
                plans.append(sql)
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plans.append(sql + "\n" + "\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(plans)


def run_candidate(candidate, documents, repeat, vendor):
    from django.db import transaction
    from wagtail.search.backends import get_search_backend

    from search.models import SearchBenchmarkRecord

    if candidate == "none":
        backend = get_search_backend(STOCK_BACKEND)
    else:
        backend = get_search_backend(PORTAL_BACKEND, SEGMENTER=candidate)
    backend.reset_indexes()

    started = time.perf_counter()
    pks = sorted(documents)
    for offset in range(0, len(pks), BATCH_SIZE):
        batch = list(SearchBenchmarkRecord.objects.filter(pk__in=pks[offset : offset + BATCH_SIZE]))
        with transaction.atomic():
            backend.add_bulk(SearchBenchmarkRecord, batch)
    indexing_seconds = time.perf_counter() - started
    analyse(vendor)
    size = index_size(vendor)

    everything = SearchBenchmarkRecord.objects.all()
    filtered = SearchBenchmarkRecord.objects.exclude(title__startswith=FILTERED_OUT)
    filtered_ids = set(filtered.values_list("pk", flat=True))

    def ranked(query, queryset):
        return list(backend.search(query, queryset)[:TOP_N])

    def count(query, queryset):
        return backend.search(query, queryset).count()

    per_query = []
    for query in QUERIES:
        expected = relevant_ids(query, documents)
        results = backend.search(query, SearchBenchmarkRecord, order_by_relevance=False)
        got = set(results.get_queryset().values_list("pk", flat=True))
        true_positives = len(expected & got)
        timings = {
            "ranked_ms": time_runs(repeat, ranked, query, everything),
            "count_ms": time_runs(repeat, count, query, everything),
            "filtered_ranked_ms": time_runs(repeat, ranked, query, filtered),
            "filtered_count_ms": time_runs(repeat, count, query, filtered),
        }
        counts = (count(query, everything), len(got))
        filtered_counts = (count(query, filtered), len(got & filtered_ids))
        per_query.append(
            {
                "query": query,
                "relevant": len(expected),
                "found": len(got),
                "true_positives": true_positives,
                "recall": true_positives / len(expected) if expected else 1.0,
                "precision": true_positives / len(got) if got else (1.0 if not expected else 0.0),
                # count() must agree with the matching set, on the model and on the filter.
                "count_ok": counts[0] == counts[1] and filtered_counts[0] == filtered_counts[1],
                "ranked_ms_median": statistics.median(timings["ranked_ms"]),
                **timings,
            }
        )

    plan = None
    if vendor == "postgresql":
        plan = explain_statements(
            lambda: ranked(PLAN_QUERY, filtered), lambda: count(PLAN_QUERY, filtered)
        )

    def latency(key, fraction):
        return percentile([t for row in per_query for t in row[key]], fraction)

    all_timings = [t for row in per_query for t in row["ranked_ms"]]
    relevant = sum(row["relevant"] for row in per_query)
    found = sum(row["found"] for row in per_query)
    true_positives = sum(row["true_positives"] for row in per_query)
    return {
        "candidate": candidate,
        "backend": type(backend).__module__ + "." + type(backend).__name__,
        "indexing_seconds": round(indexing_seconds, 2),
        "index_bytes": size,
        # Micro-averaged over all queries: every relevant record counts once.
        "recall": true_positives / relevant if relevant else 1.0,
        "precision": true_positives / found if found else 1.0,
        "macro_recall": statistics.mean(row["recall"] for row in per_query),
        "macro_precision": statistics.mean(row["precision"] for row in per_query),
        "ranked_p50_ms": percentile(all_timings, 0.50),
        "ranked_p95_ms": percentile(all_timings, 0.95),
        "ranked_max_ms": max(all_timings),
        "count_p50_ms": latency("count_ms", 0.50),
        "count_p95_ms": latency("count_ms", 0.95),
        "filtered_ranked_p50_ms": latency("filtered_ranked_ms", 0.50),
        "filtered_ranked_p95_ms": latency("filtered_ranked_ms", 0.95),
        "filtered_count_p50_ms": latency("filtered_count_ms", 0.50),
        "filtered_count_p95_ms": latency("filtered_count_ms", 0.95),
        "counts_ok": all(row["count_ok"] for row in per_query),
        "queries": per_query,
        "plan": plan,
    }


def write_report(report):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stem = f"search-{report['date']}-{report['records']}-{report['db']}"
    if report["label"]:
        stem += f"-{report['label']}"
    (RESULTS_DIR / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))

    lines = [
        f"# Search benchmark — {report['records']:,} records, {report['db']}",
        "",
        f"{report['date']} · {report['database_version']} · `bench/search_bench.py "
        f"--records {report['records']} --db {report['db']}` · seed {report['seed']} · "
        f"{len(QUERIES)} queries × {report['repeat']} timed runs (ranked top {TOP_N}) · "
        f"migrate {report['migrate_seconds']:.0f} s, generate {report['generate_seconds']:.1f} s"
        + (f" · load average {report['load_average']}" if report.get("load_average") else ""),
        "",
        "Latencies in ms, p50 / p95 over every query and run: *ranked* is the top "
        f"{TOP_N} best first (the target metric), *count* the count of all hits; *filtered*: "
        f"the same on a queryset without the titles starting with {FILTERED_OUT}.",
        "",
        "| candidate | recall | precision | macro R / P | ranked p50 | ranked p95 | max "
        "| count | filtered ranked | filtered count | counts right | index MB | indexing s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in report["candidates"]:
        lines.append(
            f"| {result['candidate']} | {result['recall']:.3f} | {result['precision']:.3f} "
            f"| {result['macro_recall']:.3f} / {result['macro_precision']:.3f} "
            f"| {result['ranked_p50_ms']:.1f} | {result['ranked_p95_ms']:.1f} "
            f"| {result['ranked_max_ms']:.1f} "
            f"| {result['count_p50_ms']:.1f} / {result['count_p95_ms']:.1f} "
            f"| {result['filtered_ranked_p50_ms']:.1f} / {result['filtered_ranked_p95_ms']:.1f} "
            f"| {result['filtered_count_p50_ms']:.1f} / {result['filtered_count_p95_ms']:.1f} "
            f"| {'yes' if result['counts_ok'] else 'NO'} "
            f"| {result['index_bytes'] / 2**20:.1f} | {result['indexing_seconds']:.1f} |"
        )
    for result in report["candidates"]:
        lines += [
            "",
            f"## {result['candidate']} (`{result['backend']}`)",
            "",
            "Medians in ms.",
            "",
            "| query | relevant | found | recall | precision | ranked | count "
            "| filtered ranked | filtered count |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {row['query']} | {row['relevant']} | {row['found']} | {row['recall']:.3f} "
            f"| {row['precision']:.3f} | {row['ranked_ms_median']:.1f} "
            f"| {statistics.median(row['count_ms']):.1f} "
            f"| {statistics.median(row['filtered_ranked_ms']):.1f} "
            f"| {statistics.median(row['filtered_count_ms']):.1f} |"
            for row in result["queries"]
        ]
        if result["plan"]:
            lines += [
                "",
                f"Statements of a ranked search and a count for {PLAN_QUERY} on the filtered "
                "queryset, with EXPLAIN ANALYZE:",
                "",
                "```",
                result["plan"],
                "```",
            ]
    (RESULTS_DIR / f"{stem}.md").write_text("\n".join(lines) + "\n")
    return RESULTS_DIR / f"{stem}.md"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--segmenters",
        default=",".join(CANDIDATES),
        help=f"comma-separated candidates among {', '.join(CANDIDATES)}",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--label", default="", help="appended to the report's file names")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    args = parser.parse_args()
    candidates = [name for name in args.segmenters.split(",") if name]
    unknown = set(candidates) - set(CANDIDATES)
    if unknown:
        parser.error(f"unknown candidates: {', '.join(sorted(unknown))}")

    with ScratchDatabase(args.db, args.postgres_url):
        migrate_seconds = setup_django()
        from django.db import connection

        from search.models import SearchBenchmarkRecord

        started = time.perf_counter()
        SearchBenchmarkRecord.objects.bulk_create(
            (
                SearchBenchmarkRecord(title=title, body=body)
                for title, body in generate_records(args.records, args.seed)
            ),
            batch_size=2000,
        )
        documents = {
            pk: _normalise(title) + "\n" + _normalise(body)
            for pk, title, body in SearchBenchmarkRecord.objects.values_list("pk", "title", "body")
        }
        generate_seconds = time.perf_counter() - started
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version"
            )
            version = ("SQLite " if vendor == "sqlite" else "PostgreSQL ") + cursor.fetchone()[0]

        results = []
        for candidate in candidates:
            print(f"{candidate}: indexing {args.records} records…", file=sys.stderr)
            result = run_candidate(candidate, documents, args.repeat, vendor)
            print(
                f"{candidate}: recall {result['recall']:.3f} precision {result['precision']:.3f} "
                f"p50 {result['ranked_p50_ms']:.1f} ms p95 {result['ranked_p95_ms']:.1f} ms "
                f"index {result['index_bytes'] / 2**20:.1f} MB",
                file=sys.stderr,
            )
            results.append(result)

    report = {
        "date": datetime.date.today().isoformat(),
        "records": args.records,
        "db": args.db,
        "database_version": version,
        "seed": args.seed,
        "label": args.label,
        "load_average": " ".join(f"{load:.1f}" for load in os.getloadavg()),
        "repeat": args.repeat,
        "migrate_seconds": migrate_seconds,
        "generate_seconds": generate_seconds,
        "queries": QUERIES,
        "candidates": results,
    }
    print(write_report(report))


if __name__ == "__main__":
    main()
