"""Print, as JSON, the URLs `make bench` drives: one of each kind of page the portal serves.

Targets come from what exists in the database, so the list grows as apps land. Run only against
a throw-away benchmark database: it sets a known password on one member of each kind.
"""

import json

from django.apps import apps
from django.core.management.base import BaseCommand
from wagtail.models import Page

BENCH_PASSWORD = "Bench-Pass-2026"


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _first_live(label):
    model = _model(label)
    if model is None:
        return None
    return model.objects.live().public().order_by("-pk").first()


def _page_targets():
    targets = [{"name": "首页 home", "kind": "home", "path": "/"}]
    indexes = [
        ("policies.PolicyIndexPage", "政策法规 index", "?level=provincial"),
        ("notices.NoticeIndexPage", "通知 index", "?status=open"),
    ]
    for label, name, filtered in indexes:
        model = _model(label)
        if model is None:
            continue
        for index in model.objects.live().public():
            targets.append({"name": f"{name} {index.slug}", "kind": "index", "path": index.url})
            targets.append(
                {
                    "name": f"{name} {index.slug} filtered",
                    "kind": "index",
                    "path": index.url + filtered,
                }
            )
    for label in (
        "policies.PolicyPage",
        "notices.ActivityNoticePage",
        "notices.ProjectDeclarationPage",
        "notices.NewsPage",
    ):
        page = _first_live(label)
        if page is not None:
            targets.append({"name": f"{label} detail", "kind": "detail", "path": page.url})
    standard = Page.objects.live().filter(depth=3).order_by("path").first()
    if standard is not None:
        targets.append({"name": "content page", "kind": "detail", "path": standard.url})
    return targets


def _marketplace_targets():
    targets = []
    institution_model = _model("marketplace.Institution")
    if institution_model is not None:
        targets.append({"name": "服务机构 directory", "kind": "index", "path": "/institutions/"})
        institution = institution_model.objects.filter(is_approved=True).first()
        if institution is not None:
            targets.append(
                {
                    "name": "服务机构 detail",
                    "kind": "detail",
                    "path": f"/institutions/{institution.pk}/",
                }
            )
    return targets


def _api_targets():
    targets = [
        {"name": "API pages", "kind": "api", "path": "/api/v2/pages/"},
        {"name": "API images", "kind": "api", "path": "/api/v2/images/"},
    ]
    if _model("policies.PolicyPage") is not None:
        targets.append(
            {
                "name": "API policies",
                "kind": "api",
                "path": "/api/v2/pages/?type=policies.PolicyPage&fields=document_number",
            }
        )
    if _model("marketplace.Institution") is not None:
        targets.append({"name": "API institutions", "kind": "api", "path": "/api/v2/institutions/"})
    return targets


def _member_targets():
    enterprise_model = _model("marketplace.Enterprise")
    if enterprise_model is None:
        return []
    enterprise = enterprise_model.objects.select_related("user").order_by("pk").first()
    if enterprise is None:
        return []
    enterprise.user.set_password(BENCH_PASSWORD)
    enterprise.user.save(update_fields=["password"])
    login = {"username": enterprise.user.username, "password": BENCH_PASSWORD}
    return [
        {"name": "企业管理中心 profile", "kind": "member", "path": "/center/", "login": login},
    ]


class Command(BaseCommand):
    help = "Print the benchmark's target URLs as JSON (benchmark databases only)."

    def handle(self, *args, **options):
        targets = [
            {"name": "ceiling (minimal view)", "kind": "ceiling", "path": "/__bench__/ceiling"},
            *_page_targets(),
            *_marketplace_targets(),
            {"name": "search", "kind": "search", "path": "/search/?q=%E6%94%BF%E7%AD%96"},
            *_api_targets(),
            *_member_targets(),
        ]
        self.stdout.write(json.dumps(targets, ensure_ascii=False))
