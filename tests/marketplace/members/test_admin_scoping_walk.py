"""Issue 14: a reviewer must not see another platform's data anywhere in the admin.

Two platforms (长沙, 株洲) each get an institution, an enterprise buying from it, a qualification
and a service product in review, a live product, orders, a contract, an evaluation and the log
entries all that writes; every name carries a marker of its platform. Logged in as each
platform's reviewer, the test GETs every URL the admin exposes — the reviewer's menu (with its
submenus) and every pattern of the admin URLconf, which is where Wagtail's viewset registry,
choosers, reports and search end up — plus each viewset's object URLs for every row of its
model, and the CSV/XLSX export of every exporting view. Nothing is listed by hand: a viewset
registered tomorrow is walked too. Any response with the other platform's marker fails, as
does any 500.
"""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.generic import BaseListingView
from wagtail.admin.views.generic.chooser import BaseChooseView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.snippets.models import get_snippet_models

from contracts.models import Contract
from marketplace.members.admin.reports import (
    ScopedSiteHistoryView,
    ScopedWorkflowTasksView,
    ScopedWorkflowView,
)
from marketplace.members.admin.scoping import (
    PlatformScopedChooserViewSet,
    PlatformScopedViewSetMixin,
    ScopedSnippetDeleteBulkAction,
)
from marketplace.members.demo.qualifications import qualification_values, review, save_qualification
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.members.models import Qualification
from marketplace.members.models.platforms import PROVINCIAL_STAFF_GROUP
from marketplace.members.scoping import is_platform_data
from marketplace.members.workflows import ensure_review_setup
from marketplace.trade.models import Evaluation, Order
from portal.factories import SuperUserFactory, UserFactory
from tests.marketplace.catalogue_helpers import make_category, make_product, submitted_product

# ASCII markers: JSON responses (choosers) escape CJK, and both contain the search term "XMARK".
MARKERS = {"changsha": "XMARKCS", "zhuzhou": "XMARKZZ"}
SEARCH_TERM = "XMARK"

# Admin URLs that are not views of data: logging out would end the walk; failwhale raises on
# purpose (Wagtail's error-page test).
SKIPPED_PATHS = ("/admin/logout/", "/admin/failwhale/")
# Object URLs are walked for this many rows of the viewset's model at most.
ROWS_PER_MODEL = 12

CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@pytest.fixture(autouse=True)
def review_setup(db):
    ensure_review_setup()


def _platform_data(platform, marker, category, approver):
    """Everything a member of `platform` leaves in the admin, each name carrying `marker`."""
    institution = InstitutionFactory(
        user__username=f"{marker.lower()}-inst",
        user__display_name=f"{marker}机构用户",
        platform=platform,
        name=f"{marker}服务机构",
        is_approved=True,
    )
    enterprise = EnterpriseFactory(
        user__username=f"{marker.lower()}-ent",
        user__display_name=f"{marker}企业用户",
        name=f"{marker}企业有限公司",
    )
    # Approved (so its products are on sale), then changed and in review again.
    values = qualification_values(institution)
    review(save_qualification(institution, values, submit=True), approver, "approve")
    values["legal_representative"] = f"{marker}法人"
    qualification = save_qualification(institution, values, submit=True)
    live = make_product(institution, category, name=f"{marker}代理记账")
    pending = submitted_product(institution, category, name=f"{marker}待审产品")

    contracted = Order.place(enterprise.user, live, quantity_or_scope=f"{marker}一年")
    contract = Contract.make_for(contracted, institution.user)
    contract.save_draft(
        institution.user,
        {"service_content": f"{marker}服务内容", "amount": Decimal("1000.00")},
    )

    evaluated = Order.place(enterprise.user, live, quantity_or_scope=f"{marker}半年")
    evaluated.start_contract(institution.user)
    evaluated.confirm_contract(enterprise.user)
    evaluated.submit_contract(institution.user)
    evaluated.mark_completed(enterprise.user)
    evaluation = Evaluation.submit(
        enterprise.user,
        evaluated,
        score=5,
        quality_score=5,
        speed_score=5,
        expertise_score=5,
        comment=f"{marker}评价内容",
    )
    return [institution, enterprise, qualification, live, pending, contract, evaluation]


@pytest.fixture
def platforms(changsha, zhuzhou):
    category = make_category()
    approver = SuperUserFactory(username="approver")
    reviewers = {}
    for key, platform in (("changsha", changsha), ("zhuzhou", zhuzhou)):
        _platform_data(platform, MARKERS[key], category, approver)
        # As the demo seeds them: a staff account made a platform's reviewer.
        reviewer = UserFactory(username=f"reviewer-{key}", is_staff=True)
        platform.reviewers.add(reviewer)
        reviewers[key] = reviewer
    return reviewers


# Discovering URLs ---------------------------------------------------------------------------


def _menu_urls(user):
    """Every admin URL the user's menu shows, submenus (reports, settings, groups) included."""
    request = RequestFactory().get("/admin/")
    request.user = user
    request.session = {}
    urls = set()

    def walk(items):
        for item in items:
            if isinstance(item, SubmenuMenuItem):
                walk(item.menu.menu_items_for_request(request))
            elif item.url.startswith("/admin/"):
                urls.add(item.url)

    walk(admin_menu.menu_items_for_request(request))
    return urls


def _admin_patterns():
    """(path template, namespace) of every route in the admin URLconf."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + route, inner)
            elif isinstance(pattern, URLPattern):
                yield prefix + route, namespace

    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == "admin/":
            yield from walk(pattern.url_patterns, "/admin/", None)


def _viewset_models():
    """URL namespace → model, for every registered viewset (choosers included)."""
    models = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        # Wagtail's base page viewset has no URLs (nor name) of its own.
        if isinstance(model, type) and viewset.name:
            models[viewset.url_namespace] = model
    return models


def _bulk_action_urls():
    """Every registered bulk action, for all rows (`id=all`) and for each row by id."""
    urls = set()
    bulk_action_registry.get_bulk_actions_for_model("", "")  # fills the registry from its hook
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            model = apps.get_model(app_label, model_name)
            ids = "&".join(
                f"id={pk}"
                for pk in model._default_manager.values_list("pk", flat=True)[:ROWS_PER_MODEL]
            )
            for action in actions:
                url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
                urls.update({f"{url}?id=all", f"{url}?{ids}"})
    return urls


def _fill(template, obj):
    """The template with `pk` (and `revision_id`) of `obj`, or None for other parameters."""
    values = {"pk": obj.pk, "revision_id": getattr(obj, "latest_revision_id", None)}

    def replace(match):
        value = values.get(match["name"])
        if value is None:
            raise KeyError(match["name"])
        return str(value)

    try:
        return CONVERTER.sub(replace, template)
    except KeyError:
        return None


def _variants(url):
    """The URL, plus exports and a search for views that export or list."""
    view_class = getattr(resolve(url.split("?")[0]).func, "view_class", None)
    urls = [url]
    if view_class is None:
        return urls
    joiner = "&" if "?" in url else "?"
    if issubclass(view_class, SpreadsheetExportMixin):
        urls += [f"{url}{joiner}export=csv", f"{url}{joiner}export=xlsx"]
    if issubclass(view_class, BaseListingView | BaseChooseView):
        urls.append(f"{url}{joiner}q={SEARCH_TERM}")
    return urls


def admin_urls(user):
    urls = _menu_urls(user) | _bulk_action_urls()
    models = _viewset_models()
    for template, namespace in _admin_patterns():
        if template.startswith("/admin/^") or "(?P" in template:
            continue  # regex catch-alls (Wagtail's 404 fallbacks)
        model = models.get((namespace or "").split(":")[-1])
        rows = model._default_manager.all()[:ROWS_PER_MODEL] if model else []
        if not CONVERTER.search(template):
            urls.add(template)
            if template.endswith("chosen-multiple/") and rows:
                urls.add(template + "?" + "&".join(f"id={obj.pk}" for obj in rows))
            continue
        for obj in rows:
            if url := _fill(template, obj):
                urls.add(url)
    walked = set()
    for url in urls:
        if not url.startswith(SKIPPED_PATHS):
            walked.update(_variants(url))
    return sorted(walked)


# Reading responses --------------------------------------------------------------------------


def response_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in response.get("Content-Type", ""):
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode("utf-8", errors="replace")


def walk(client, user):
    """{url: text} of every admin URL as `user` sees it; 500s are collected apart."""
    client.force_login(user)
    pages, errors = {}, []
    for url in admin_urls(user):
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(url)
            continue
        pages[url] = response_text(response)
    return pages, errors


# The walk -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("own", "other", "also_editor"),
    # 株洲 as the demo reviewer is; 长沙's reviewer also edits pages, which opens the workflow
    # reports and page views (page permissions only add to what a reviewer may open).
    [("zhuzhou", "changsha", False), ("changsha", "zhuzhou", True)],
)
def test_reviewer_sees_nothing_of_another_platform_anywhere(
    client, platforms, own, other, also_editor
):
    reviewer = platforms[own]
    if also_editor:
        reviewer.groups.add(Group.objects.get(name="Editors"))
    pages, errors = walk(client, reviewer)
    assert not errors, f"500 on {errors}"
    leaks = sorted(url for url, text in pages.items() if MARKERS[other] in text)
    assert not leaks, f"{own} reviewer sees {other}'s data at: {leaks}"
    # The walk reaches the reviewer's own data (it is not vacuous).
    seen = {url for url, text in pages.items() if MARKERS[own] in text}
    expected = {
        "/admin/marketplace/qualifications/",
        "/admin/marketplace/qualifications/?export=xlsx",
        "/admin/snippets/choose/members/qualification/results/",
        "/admin/bulk/members/qualification/delete/?id=all",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/?export=csv",
        "/admin/marketplace/review-queue/",
        "/admin/",
    }
    if also_editor:
        expected |= {"/admin/reports/workflow/", "/admin/reports/workflow_tasks/?export=xlsx"}
    assert expected <= seen, expected - seen


def test_provincial_staff_see_both_platforms(client, platforms):
    staff = UserFactory(username="ops", is_staff=True)
    staff.groups.add(Group.objects.get(name=PROVINCIAL_STAFF_GROUP))
    client.force_login(staff)
    for url in (
        "/admin/snippets/choose/members/qualification/results/",
        "/admin/reports/site-history/",
        "/admin/marketplace/orders/?export=csv",
    ):
        text = response_text(client.get(url))
        assert all(marker in text for marker in MARKERS.values()), url


# The mechanism, by registry -----------------------------------------------------------------


def test_every_viewset_of_platform_data_goes_through_the_rule():
    resolve("/admin/")  # loads the admin URLconf, which fills Wagtail's viewset registry
    checked = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if not (isinstance(model, type) and is_platform_data(model)):
            continue
        if isinstance(viewset, ChooserViewSet):
            assert isinstance(viewset, PlatformScopedChooserViewSet), viewset
        else:
            assert isinstance(viewset, PlatformScopedViewSetMixin), viewset
        checked.append(model)
    assert Qualification in checked and Contract in checked
    for model in get_snippet_models():
        action = bulk_action_registry.get_bulk_action_class(
            model._meta.app_label, model._meta.model_name, "delete"
        )
        if is_platform_data(model):
            assert action is ScopedSnippetDeleteBulkAction, model


def test_reports_listing_other_models_than_pages_are_the_scoped_ones():
    """Every report URL serving Wagtail's log or workflow reports serves our subclass."""
    scoped = (ScopedSiteHistoryView, ScopedWorkflowView, ScopedWorkflowTasksView)
    for name in (
        "site_history",
        "site_history_results",
        "workflow",
        "workflow_results",
        "workflow_tasks",
        "workflow_tasks_results",
    ):
        view_class = resolve(reverse(f"wagtailadmin_reports:{name}")).func.view_class
        assert issubclass(view_class, scoped), name
    for template, _namespace in _admin_patterns():
        if "(?P" in template or "^" in template or CONVERTER.search(template):
            continue
        view_class = getattr(resolve(template).func, "view_class", None)
        if view_class and issubclass(view_class, LogEntriesView | WorkflowView | WorkflowTasksView):
            assert issubclass(view_class, scoped), template
