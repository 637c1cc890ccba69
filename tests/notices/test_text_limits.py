"""活动报名: oversized values are refused in Chinese, naming the field and the limit."""

import pytest

from notices.factories import ActivityNoticePageFactory
from notices.models import ActivitySignUp

pytestmark = pytest.mark.django_db

HUGE = "x" * 1_048_576
FORM = {"name": "张三", "organisation": "湖南示范科技有限公司", "phone": "13800000000"}


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("note", "备注最多 500 个字，当前 1048576 个字。"),
        ("organisation", "单位名称最多 200 个字，当前 1048576 个字。"),
        ("name", "姓名最多 50 个字，当前 1048576 个字。"),
    ],
)
def test_signup_refuses_oversized_values(client, user, activity_index, field, message):
    activity = ActivityNoticePageFactory(
        parent=activity_index, title="数字化转型培训会", capacity=2
    )
    client.force_login(user)
    response = client.post(f"{activity.url}signup/", {**FORM, field: HUGE})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActivitySignUp.objects.exists()
