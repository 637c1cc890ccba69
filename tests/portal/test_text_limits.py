"""Every free text members or the public write has a maximum, reported in one Chinese sentence.

The introspection test walks every model of the portal's apps, so a new TextField without a
`max_length` fails here unless it is added, with its reason, to EDITOR_ONLY.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from wagtail.fields import StreamField

from portal.text_limits import (
    HTML,
    RICH_TEXT,
    LabelledMaxLengthValidator,
    too_long_message,
)
from tests.portal.test_accounts import enterprise_data

HUGE = "x" * 1_048_576  # what the probe sent: 1 MB

# Free-text fields without a maximum, each written only by trusted staff or by code.
EDITOR_ONLY = {
    # Wagtail pages: bodies, introductions and summaries that editors write in the admin.
    "home.HomePage.banner_text",
    "home.HomePage.intro",
    "home.StandardPage.introduction",
    "home.StandardPage.body",
    "policies.PolicyIndexPage.intro",
    "policies.PolicyPage.summary",
    "policies.PolicyPage.body",
    "notices.NoticeIndexPage.intro",
    "notices.ActivityNoticePage.body",
    "notices.ProjectDeclarationPage.body",
    "notices.ProjectDeclarationPage.eligibility",
    "notices.ProjectDeclarationPage.materials",
    "notices.NewsPage.body",
    # The standard contract's wording: a snippet edited by platform staff.
    "contracts.ContractTemplate.body",
    # Written by code from texts that are limited where members type them.
    "members.Notification.body",
    # Benchmark records made by `bench/`, never by a form.
    "search.SearchBenchmarkRecord.body",
}
# No CharField needs more; a longer one is a TextField in disguise.
CHAR_FIELD_MAX = 500


def portal_models():
    """The models of the portal's own apps (PORTAL_APPS names modules, not labels)."""
    for config in apps.get_app_configs():
        if config.name in settings.PORTAL_APPS:
            yield from config.get_models()


def free_text_fields():
    """(label, field) of every TextField (RichTextField included) and StreamField the portal's
    own models define (fields inherited from Wagtail's Page table are Wagtail's)."""
    for model in portal_models():
        for field in model._meta.local_fields:
            if isinstance(field, models.TextField | StreamField):
                yield f"{model._meta.label}.{field.name}", field


def test_every_member_writable_free_text_field_has_a_maximum():
    missing = [
        label
        for label, field in free_text_fields()
        if not field.max_length and label not in EDITOR_ONLY
    ]
    assert missing == [], f"give these a max_length (or a reason in EDITOR_ONLY): {missing}"


def test_the_editor_only_list_names_only_unlimited_fields():
    unlimited = {label for label, field in free_text_fields() if not field.max_length}
    assert unlimited >= EDITOR_ONLY, f"stale entries: {EDITOR_ONLY - unlimited}"


def test_char_fields_have_realistic_limits():
    too_long = [
        f"{model._meta.label}.{field.name} ({field.max_length})"
        for model in portal_models()
        for field in model._meta.local_fields
        if isinstance(field, models.CharField) and field.max_length > CHAR_FIELD_MAX
    ]
    assert too_long == []


def test_one_message_format():
    assert (
        too_long_message("产品描述", 5000, 1048576) == "产品描述最多 5000 个字，当前 1048576 个字。"
    )
    assert too_long_message("产品描述", 20000, 20001, HTML) == (
        "产品描述最多 20000 个字符（含排版代码），当前 20001 个字符。"
    )
    assert "不含排版代码" in too_long_message("服务内容", 10, 11, RICH_TEXT)


def test_rich_text_counts_the_text_and_html_counts_the_tags():
    rich = LabelledMaxLengthValidator(5, "服务内容", RICH_TEXT)
    rich("<p><b>12345</b></p>")  # five characters of text
    with pytest.raises(Exception, match="服务内容最多 5 个字（不含排版代码），当前 6 个字"):
        rich("<p>12&amp;345</p>")
    html = LabelledMaxLengthValidator(10, "产品描述", HTML)
    with pytest.raises(Exception, match="当前 12 个字符"):
        html("<p>12345</p>")


def test_service_product_html_is_capped_even_with_little_text(db):
    from marketplace.catalogue.models import ServiceProduct
    from marketplace.catalogue.models.service_products import CONTENT_HTML_MAX_LENGTH

    product = ServiceProduct(content="<p><b>字</b></p>" * (CONTENT_HTML_MAX_LENGTH // 10))
    with pytest.raises(Exception, match="含排版代码"):
        product.clean()


# Registration: the public's forms ----------------------------------------------------------


@pytest.fixture
def _no_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("enterprise_name", HUGE, "企业名称最多 150 个字，当前 1048576 个字。"),
        ("username", HUGE, "用户名最多 30 个字，当前 1048576 个字。"),
        ("password1", HUGE, "密码最多 128 个字，当前 1048576 个字。"),
        ("email", "a" * 250 + "@example.com", "电子邮箱最多 254 个字，当前 262 个字。"),
    ],
)
@pytest.mark.usefixtures("_no_rate_limit")
def test_registration_refuses_oversized_values(client, db, field, value, message):
    data = enterprise_data(**{field: value})
    response = client.post(reverse("members:register_enterprise"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.exists()
