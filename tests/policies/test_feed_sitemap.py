import xml.etree.ElementTree as ET

from wagtail.models import PageViewRestriction

from policies.factories import PolicyCategoryFactory, PolicyPageFactory


def test_rss_feed_lists_latest_policies(client, policy_index):
    policy = PolicyPageFactory(
        parent=policy_index, title="政策甲", categories=[PolicyCategoryFactory(name="融资")]
    )
    PolicyPageFactory(parent=policy_index, title="草稿乙", live=False)

    response = client.get(f"{policy_index.url}feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["政策甲"]
    assert items[0].findtext("link").endswith(f"{policy_index.url}{policy.slug}/")
    assert items[0].findtext("category") == "融资"


def test_atom_feed(client, policy_index):
    PolicyPageFactory(parent=policy_index, title="政策丙")
    response = client.get(f"{policy_index.url}feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "政策丙" in response.content.decode()


def test_index_advertises_its_feed(client, policy_index):
    html = client.get(policy_index.url).content.decode()
    assert f'type="application/rss+xml" title="政策法规 RSS" href="{policy_index.url}feed/"' in html


def test_sitemap_contains_live_public_policies(client, policy_index):
    live = PolicyPageFactory(parent=policy_index, slug="live-policy")
    PolicyPageFactory(parent=policy_index, slug="draft-policy", live=False)
    private = PolicyPageFactory(parent=policy_index, slug="private-policy")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode()
    assert f"{policy_index.url}</loc>" in xml
    assert f"{live.url}</loc>" in xml
    assert "draft-policy" not in xml
    assert "private-policy" not in xml
