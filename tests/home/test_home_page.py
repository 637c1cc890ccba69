import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Site

from home.models import HomePage, NavigationSettings

MAIN_NAVIGATION = [
    "首页",
    "政策法规",
    "活动通知",
    "项目申报",
    "服务产品",
    "企业产品",
    "需求",
    "服务机构",
]


def seed(*only):
    args = ["--only", *only] if only else []
    call_command("seed_demo", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def seeded(db):
    seed("home")
    return HomePage.objects.get()


def test_home_page_is_chinese_with_the_manuals_header(client, seeded):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    assert "湖南省中小企业公共服务平台" in html
    # "免费注册" and "登录" come first in the top bar, as in the manual.
    assert html.index("免费注册") < html.index("登录") < html.index('class="main-nav"')
    nav = html[html.index('id="main-nav-list"') :]
    positions = [nav.index(f">{label}</a>") for label in MAIN_NAVIGATION]
    assert positions == sorted(positions)


def test_footer_comes_from_site_settings(client, seeded):
    footer = seeded.get_site().root_page and Site.objects.get(is_default_site=True)
    from home.models import FooterSettings

    settings = FooterSettings.for_site(footer)
    settings.phone = "0731-12345678"
    settings.save()
    assert "0731-12345678" in client.get("/").content.decode()


# Records of activity rather than content: a second run may add to them.
ACTIVITY_MODELS = {
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "django_tasks_db.dbtaskresult",
    "sessions.session",
}


def content_counts():
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models()
        if model._meta.label_lower not in ACTIVITY_MODELS
        and model._meta.app_label not in ("axes", "wagtailsearch", "modelsearch")
    }


def test_seed_demo_of_every_app_is_idempotent(db):
    seed()
    seeded = HomePage.objects.get()
    counts = content_counts()
    seed()
    assert content_counts() == counts
    assert HomePage.objects.count() == 1
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == seeded
    labels = [link.label for link in NavigationSettings.for_site(site).links.all()]
    assert labels == MAIN_NAVIGATION


def test_language_switch_gives_english_and_back(client, seeded):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Free registration" in html
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "免费注册" in client.get("/").content.decode()


def test_browser_language_does_not_switch_the_portal_to_english(client, seeded):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-CN">' in html


def test_standard_page_renders_with_breadcrumbs(client, seeded):
    html = client.get("/about/").content.decode()
    assert "关于平台" in html
    assert 'aria-label="当前位置"' in html


def test_home_page_query_count_is_bounded(client, seeded, django_assert_max_num_queries):
    client.get("/")  # warm Wagtail's site-root cache
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200
