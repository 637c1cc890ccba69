import pytest
from django.urls import reverse

from policies.factories import IssuingBodyFactory, PolicyPageFactory


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_editor_forms_open(admin_client, policy_index):
    policy = PolicyPageFactory(parent=policy_index, attachments=1)
    add = reverse("wagtailadmin_pages:add", args=["policies", "policypage", policy_index.pk])
    assert admin_client.get(add).status_code == 200
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[policy.pk]))
    assert edit.status_code == 200
    assert "文号" in edit.content.decode()


@pytest.mark.parametrize("model", ["issuingbody", "policycategory", "industry"])
def test_taxonomy_snippets_are_listed_and_searchable(admin_client, db, model):
    IssuingBodyFactory(name="湖南省财政厅")
    url = reverse(f"wagtailsnippets_policies_{model}:list")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "财政"}).status_code == 200
