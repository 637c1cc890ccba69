"""Bulk demo data for benchmarks: `manage.py seed_demo --scale N` with N > 1.

The normal demo data (scale 1) is seeded first. Then each portal app's `<app>/demo/scale.py`, in
the order of `settings.PORTAL_APPS` (lowest layer first), adds in `seed_scale(run)` (N − 1) times
its share of rows through `bulk_create` in batches: no per-row `save()`, signals, workflows or
log entries (and no revisions, except the published one of each approved qualification, also in
bulk), so N = 100 (about 20,000 service products, 30,000 enterprise products, 10,000 demands,
4,000 policies, 5,000 institutions, 5,000 enterprises, 5,000 orders and their contracts) takes
minutes, not hours.
Afterwards the search index entries of the new rows are written in bulk through every configured
search backend, and the content versions are bumped so that cached pages and fragments refresh.

Scale rows carry a marker: their members' usernames start with `scale-`, policy slugs with
`scale-policy-`, order keys with `scale-order-`. Running again with the same N adds nothing; a
larger N tops the rows up to the new target; a smaller N keeps what is there (nothing is
deleted). Everything happens in one transaction: an interrupted run leaves no half-made rows.

An app's scale data may hang off the scale rows of the apps below it (contracts off the orders,
orders off the members and service products, …): it finds them again by their markers in the
database (e.g. `marketplace.members.demo.scale.scale_institutions()`), never by importing an app
above it. The `ScaleRun` carries what the apps share: the target, the clock, the random
generator, the shared password hash and the created rows (for the search index).

Members all have the same password (`SCALE_PASSWORD`, hashed once, not once per user).
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backends
from wagtail.search.index import RelatedFields, class_is_indexed

from portal.cache import bump_content_version
from portal.demo import app_modules
from portal.page_cache import VERSION_TAGS

SCALE_PREFIX = "scale-"
SCALE_PASSWORD = "Scale-Member-2026"
BATCH_SIZE = 1000
# Each batch of index entries ends with a pass over the whole index table (modelsearch's title
# norms): large batches keep the number of passes down.
INDEX_BATCH_SIZE = 2000

# Words shared by the apps' generators --------------------------------------------------------


def words(text):
    """A word list written as one space-separated string."""
    return text.split()


BRANDS = words(
    "麓谷 星沙 湘江 岳麓 芙蓉 洞庭 韶山 南岳 桃花源 梅溪 橘洲 天心 雨花 望城 浏河 "
    "湘潭 莲城 神农 炎帝 舜德 九嶷 武陵 雪峰 紫鹊 崀山 沅澧 资江 涟源 金霞 捞刀河 "
    "三湘 潇湘 楚天 湘楚 华容 君山 汨水 溆浦 安化 茶陵"
)
SURNAMES = words(
    "王 李 张 刘 陈 杨 黄 赵 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 梁 宋 郑 谢 唐 邓 彭 曾 肖 田"
)
GIVEN_NAMES = words(
    "建华 晓红 志强 芳 明 磊 丽 伟 静 军 敏 勇 艳 杰 娟 涛 超 霞 平 刚 "
    "湘宁 岳峰 楚雄 沅芷 嘉怡 思远 子涵 雨桐 宇航 浩然"
)


def pick(items, number, stride=1):
    """The `number`-th item, walking `items` with `stride` (coprime strides vary combinations)."""
    return items[(number * stride) % len(items)]


def person_name(number):
    return pick(SURNAMES, number, 7) + pick(GIVEN_NAMES, number, 11)


# The run ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """How far the scale rows of a kind fall short of the run's target.

    Rows are numbered from 1 in creation order, so the missing ones are `existing + 1` …
    `target`: `numbers` (empty when nothing is missing; a smaller scale deletes nothing). The
    length and truth value are those of `numbers`: `if not missing: return 0`.
    """

    existing: int
    target: int

    @property
    def numbers(self):
        return range(self.existing + 1, self.target + 1)

    def __len__(self):
        return len(self.numbers)


@dataclass
class ScaleRun:
    """What one `--scale N` run shares between the apps' generators."""

    ctx: object
    scale: int
    apps: tuple
    rng: random.Random = field(default_factory=lambda: random.Random(2026_100))
    now: datetime.datetime = field(default_factory=timezone.now)
    # model → primary keys of the rows this run created (those of indexed models are indexed)
    created: dict = field(default_factory=dict)
    rows: int = 0
    _password_hash: str = ""

    def target(self, per_unit):
        """How many scale rows of a kind there should be: scale 1 is the normal demo data."""
        return per_unit * (self.scale - 1)

    def missing(self, queryset, per_unit):
        """The scale rows of a kind still to create, given `queryset` (the existing ones)."""
        return Missing(existing=queryset.count(), target=self.target(per_unit))

    def log(self, message):
        self.ctx.log(message)

    @property
    def password_hash(self):
        # One PBKDF2 hash for every scale member: hashing 10,000 passwords would take minutes.
        if not self._password_hash:
            self._password_hash = make_password(SCALE_PASSWORD)
        return self._password_hash

    def bulk_create(self, model, objs):
        """`bulk_create` in batches; the new rows are remembered for the search index."""
        objs = model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
        self.rows += len(objs)
        self.created.setdefault(model, []).extend(obj.pk for obj in objs)
        return objs

    def days_ago(self, days, seconds=0):
        return self.now - datetime.timedelta(days=days, seconds=seconds)


def create_users(run, usernames_and_names):
    """Active member accounts with the shared password hash; returns them with their pks."""
    User = get_user_model()
    users = [
        User(
            username=username,
            email=f"{username}@example.com",
            display_name=display_name[:100],
            password=run.password_hash,
            is_active=True,
            date_joined=run.now,
        )
        for username, display_name in usernames_and_names
    ]
    return run.bulk_create(User, users)


# Pages -----------------------------------------------------------------------------------------


def bulk_create_child_pages(run, parent, pages):
    """Add `pages` (unsaved instances of one Page subclass) under `parent`, live, in bulk.

    What `parent.add_child()` + `publish()` would do for each, computed here: materialised paths
    after the parent's last child (treebeard steps of `Page.steplen` in base 36), depth,
    `url_path`, locale, content type, publication dates; then the parent's `numchild`. Rows go in
    as the base `wagtailcore_page` rows (`bulk_create`) and then the subclass's own table.
    """
    if not pages:
        return []
    model = type(pages[0])
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last else 0
    depth = parent.depth + 1
    for page in pages:
        position += 1
        page.path = Page._get_path(parent.path, depth, position)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or run.now
        page.last_published_at = page.last_published_at or page.first_published_at
        page.latest_revision_created_at = page.last_published_at
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    bases = Page.objects.bulk_create(
        [
            Page(**{field.attname: getattr(page, field.attname) for field in base_fields})
            for page in pages
        ],
        batch_size=BATCH_SIZE,
    )
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = base.pk
        page.page_ptr_id = base.pk
    # Django refuses `bulk_create` for multi-table inheritance; insert the subclass's own columns
    # the way `Model.save()` does, in batches the database accepts.
    fields = model._meta.local_concrete_fields
    batch = max(1, min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, pages)))
    for start in range(0, len(pages), batch):
        model._base_manager._insert(pages[start : start + batch], fields=fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    run.rows += len(pages)
    run.created.setdefault(model, []).extend(page.pk for page in pages)
    return pages


# Search index ----------------------------------------------------------------------------------


def _nested_related(queryset, model, search_fields, prefix="", multi=False):
    """Join (or prefetch) the relations of nested `RelatedFields` too.

    `get_indexed_objects()` joins only the first level, so `RelatedFields("institution",
    [RelatedFields("user", …)])` would cost a query per object when indexing thousands; and it
    does not prefetch a `ParentalManyToManyField` at all.
    """
    for search_field in search_fields:
        if not isinstance(search_field, RelatedFields):
            continue
        try:
            field = model._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:
            continue  # a method or property: nothing to join
        if not field.is_relation or field.related_model is None:
            continue
        path = f"{prefix}{field.name}"
        many = multi or field.many_to_many or field.one_to_many
        if many:
            # modelsearch leaves out ParentalManyToManyFields (e.g. policy categories).
            queryset = queryset.prefetch_related(path)
        elif prefix:
            queryset = queryset.select_related(path)
        queryset = _nested_related(
            queryset, field.related_model, search_field.fields, f"{path}__", many
        )
    return queryset


def index_created_rows(run):
    """Write the search index entries of the new rows, in batches, through every backend.

    Generic on purpose: whichever models are indexed (`class_is_indexed`) get their entries,
    read through the model's own `get_indexed_objects()` (with its related-field prefetching).
    """
    backends = list(get_search_backends())
    counts = {}
    for model, pks in run.created.items():
        if not pks or not class_is_indexed(model):
            continue
        indexed = _nested_related(model.get_indexed_objects(), model, model.get_search_fields())
        for start in range(0, len(pks), INDEX_BATCH_SIZE):
            chunk = pks[start : start + INDEX_BATCH_SIZE]
            objs = list(indexed.filter(pk__in=chunk).order_by("pk"))
            for backend in backends:
                backend.add_bulk(model, objs)
            counts[model._meta.label] = counts.get(model._meta.label, 0) + len(objs)
    return counts


# Orchestration ---------------------------------------------------------------------------------


def scale_seeders(apps):
    """(app, `<app>.demo.scale` module) for each of `apps` whose module defines `seed_scale`."""
    for app, module in app_modules(apps, "demo.scale"):
        if hasattr(module, "seed_scale"):
            yield app, module


def seed_scale(ctx, apps=None):
    """Add the bulk rows of `ctx.scale` (> 1) on top of the normal demo data of `apps` (apps of
    `settings.PORTAL_APPS`, in that order; all of them by default)."""
    apps = tuple(settings.PORTAL_APPS if apps is None else apps)
    run = ScaleRun(ctx=ctx, scale=ctx.scale, apps=apps)
    started = time.monotonic()
    with transaction.atomic():
        for app, module in scale_seeders(apps):
            step = time.monotonic()
            module.seed_scale(run)
            ctx.log(f"  · {app} 规模数据 {time.monotonic() - step:.1f} s")
        step = time.monotonic()
        counts = index_created_rows(run)
        if counts:
            summary = ", ".join(f"{label} {count}" for label, count in counts.items())
            ctx.log(f"  · 搜索索引 {summary} ({time.monotonic() - step:.1f} s)")
        transaction.on_commit(lambda: bump_content_version(*VERSION_TAGS))
    ctx.log(f"  规模 {ctx.scale}: 新增 {run.rows} 行, {time.monotonic() - started:.1f} s")
    if get_user_model().objects.filter(username=f"{SCALE_PREFIX}ent-000001").exists():
        ctx.add_credentials(
            "规模数据会员 (scale-ent-…, scale-inst-…)", f"{SCALE_PREFIX}ent-000001", SCALE_PASSWORD
        )
    return run
