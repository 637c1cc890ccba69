# ruff: noqa: F811 — the fixtures are imported from test_orders
"""服务评价 (R3.8): one per order, by the buyer once completed; reply once; operators hide."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from marketplace.members.models import Notification
from marketplace.members.models.platforms import PROVINCIAL_STAFF_GROUP
from marketplace.trade.models import Evaluation, Order, TransitionNotAllowed
from portal.factories import UserFactory
from tests.marketplace.trade.test_orders import (  # noqa: F401 — fixtures
    advance,
    order,
    reviewer,
    zz_reviewer,
)

SCORES = {"score": 5, "quality_score": 4, "speed_score": 5, "expertise_score": 3}


@pytest.fixture
def completed(order, buyer, seller):
    return advance(order, buyer, seller, Order.Status.COMPLETED)


def test_submit_once_logs_notifies_and_counts(
    client, completed, buyer, seller, product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = Evaluation.submit(buyer.user, completed, comment="很专业", **SCORES)
    assert completed.status == Order.Status.EVALUATED
    assert (
        ModelLogEntry.objects.for_instance(completed)
        .filter(action="marketplace.order.record_evaluation")
        .exists()
    )
    assert Notification.objects.filter(user=seller.user, title="企业评价了您的服务").exists()
    with pytest.raises(TransitionNotAllowed):
        Evaluation.submit(buyer.user, completed, comment="再来一次", **SCORES)
    assert Evaluation.objects.count() == 1
    page = client.get(product.get_absolute_url()).content.decode()
    assert "5.0 分（1 条评价）" in page
    page = client.get(reverse("members:institution_detail", args=[seller.pk])).content.decode()
    assert "5.0 分（1 条评价）" in page
    evaluation.set_hidden(UserFactory(), True, "辱骂")
    assert "暂无评价" in client.get(product.get_absolute_url()).content.decode()


def test_only_buyer_and_only_when_completed(
    order, buyer, seller, other_enterprise, other_institution
):
    with pytest.raises(TransitionNotAllowed):
        Evaluation.submit(buyer.user, order, comment="太早", **SCORES)
    advance(order, buyer, seller, Order.Status.COMPLETED)
    for user in (seller.user, other_enterprise.user, other_institution.user):
        with pytest.raises(TransitionNotAllowed):
            Evaluation.submit(user, order, comment="冒充", **SCORES)
    with pytest.raises(TransitionNotAllowed):
        Evaluation.submit(buyer.user, order, comment="坏分", **{**SCORES, "score": 6})
    assert Evaluation.objects.count() == 0
    assert Order.objects.get(pk=order.pk).status == Order.Status.COMPLETED


def test_concurrent_double_submit_integrity_path(completed, buyer, monkeypatch):
    Evaluation.objects.create(order=completed, comment="先到", **SCORES)
    # The second submission skips the existence check (as if it raced) and hits the constraint.
    monkeypatch.setattr(Evaluation.objects, "filter", lambda **kw: Evaluation.objects.none())
    with pytest.raises(TransitionNotAllowed, match="已评价"):
        Evaluation.submit(buyer.user, completed, comment="后到", **SCORES)
    assert Evaluation.objects.all().count() == 1
    assert Order.objects.get(pk=completed.pk).status == Order.Status.COMPLETED


def test_centre_evaluate_and_reply(client, completed, buyer, seller):
    url = reverse("trade:center_order_evaluate", args=[completed.pk])
    client.force_login(buyer.user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"comment": "", "score": "9"}).status_code == 400
    data = {**{k: str(v) for k, v in SCORES.items()}, "comment": "很好"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Evaluation.objects.count() == 1
    client.force_login(seller.user)
    reply = reverse("trade:center_institution_evaluation_reply", args=[completed.pk])
    client.post(reply, {"reply": "谢谢"})
    client.post(reply, {"reply": "再谢"})
    assert Evaluation.objects.get().reply == "谢谢"


def test_admin_hide_by_operator_and_scoping(client, completed, buyer, reviewer, zz_reviewer):
    evaluation = Evaluation.submit(buyer.user, completed, comment="垃圾！", **SCORES)
    edit = reverse("marketplace_evaluations:edit", args=[evaluation.pk])
    client.force_login(zz_reviewer)
    assert (
        client.get(reverse("marketplace_evaluations:inspect", args=[evaluation.pk])).status_code
        == 404
    )
    client.force_login(reviewer)
    assert (
        client.get(reverse("marketplace_evaluations:inspect", args=[evaluation.pk])).status_code
        == 200
    )
    assert client.post(edit, {"is_hidden": "on", "hidden_reason": "x"}).status_code in (302, 403)
    assert not Evaluation.objects.get().is_hidden
    staff = UserFactory(username="ops")
    staff.groups.add(Group.objects.get(name=PROVINCIAL_STAFF_GROUP))
    client.force_login(staff)
    assert client.post(edit, {"is_hidden": "on", "hidden_reason": ""}).status_code == 200
    assert not Evaluation.objects.get().is_hidden
    client.post(edit, {"is_hidden": "on", "hidden_reason": "辱骂"})
    evaluation.refresh_from_db()
    assert evaluation.is_hidden and evaluation.hidden_reason == "辱骂"
    assert ModelLogEntry.objects.filter(action="marketplace.evaluation.hide").exists()
