"""API v2 policies: the labels of coded values beside the codes (what the HTML badges say)."""

import datetime

from policies.factories import IssuingBodyFactory, PolicyPageFactory
from policies.models import PolicyLevel


def test_level_and_status_labels_next_to_the_codes(client, policy_index):
    today = datetime.date.today()
    PolicyPageFactory(
        parent=policy_index,
        title="省级现行政策",
        issuing_body=IssuingBodyFactory(name="湖南省工业和信息化厅", level=PolicyLevel.PROVINCIAL),
    )
    PolicyPageFactory(
        parent=policy_index,
        title="已失效的国家政策",
        issuing_body=IssuingBodyFactory(name="工业和信息化部", level=PolicyLevel.NATIONAL),
        effective_date=today - datetime.timedelta(days=400),
        expiry_date=today - datetime.timedelta(days=1),
    )
    response = client.get(
        "/api/v2/pages/",
        {"type": "policies.PolicyPage", "fields": "level,level_label,status,status_label"},
    )
    items = {item["title"]: item for item in response.json()["items"]}
    current = items["省级现行政策"]
    assert (current["level"], current["level_label"]) == ("provincial", "省级")
    assert (current["status"], current["status_label"]) == ("in-force", "现行有效")
    expired = items["已失效的国家政策"]
    assert (expired["level"], expired["level_label"]) == ("national", "国家级")
    assert (expired["status"], expired["status_label"]) == ("expired", "已失效")
