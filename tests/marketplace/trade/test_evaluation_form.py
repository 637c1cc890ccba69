# ruff: noqa: F811 — the fixtures are imported from test_orders
"""The evaluation form (issue 22): each criterion a group of five labelled stars with their
meaning, working without JavaScript; Chinese messages; only the buyer of a completed order."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from marketplace.trade.models import Evaluation, Order
from tests.marketplace.trade.test_orders import advance, order  # noqa: F401 — fixtures

CRITERIA = {
    "score": "总体评分",
    "quality_score": "服务质量",
    "speed_score": "响应速度",
    "expertise_score": "专业水平",
}
MEANINGS = ["1 星：很不满意", "2 星：不满意", "3 星：一般", "4 星：满意", "5 星：很满意"]


@pytest.fixture
def completed(order, buyer, seller):
    return advance(order, buyer, seller, Order.Status.COMPLETED)


@pytest.fixture
def form_url(completed):
    return reverse("trade:center_order_evaluate", args=[completed.pk])


def test_each_criterion_is_five_labelled_star_radios_with_meanings(client, buyer, form_url):
    client.force_login(buyer.user)
    html = BeautifulSoup(client.get(form_url).text, "html.parser")
    form = html.find(attrs={"data-testid": "evaluation-form"})
    assert "1 星很不满意" in form.find(attrs={"data-testid": "star-scale"}).text
    for name, label in CRITERIA.items():
        group = form.find("fieldset", attrs={"data-testid": f"star-rating-{name}"})
        assert group.legend.text.strip().rstrip("*") == label
        radios = group.find_all("input", attrs={"name": name})
        assert [r["type"] for r in radios] == ["radio"] * 5
        assert [r["value"] for r in radios] == ["1", "2", "3", "4", "5"]
        # Each radio has a label tied to it by id, saying the stars and their meaning.
        names = [group.find("label", attrs={"for": r["id"]}).get_text(strip=True) for r in radios]
        assert names == [f"★{meaning}" for meaning in MEANINGS]
        assert [
            label.find(class_="visually-hidden").text
            for label in group.find_all("label", class_="star-rating__star")
        ] == MEANINGS
        # The chosen star's meaning is shown by CSS, one element per score.
        shown = group.find_all(class_="star-rating__meaning", attrs={"data-score": True})
        assert [m.text for m in shown] == MEANINGS
    # No inline script or style: CSP allows neither.
    assert not form.find("script") and not form.find(attrs={"style": True})


def test_submitting_the_stars_rates_the_order(client, buyer, completed, form_url):
    client.force_login(buyer.user)
    data = {"score": "4", "quality_score": "5", "speed_score": "3", "expertise_score": "2"}
    response = client.post(form_url, {**data, "comment": "对账很及时。"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(order=completed)
    assert (evaluation.score, evaluation.quality_score) == (4, 5)
    assert (evaluation.speed_score, evaluation.expertise_score) == (3, 2)
    detail = client.get(response["Location"]).text
    assert "4 星：满意" in detail and "★★★★☆" in detail and "2 星：不满意" in detail


def test_missing_stars_are_named_in_chinese_and_the_choice_is_kept(
    client, buyer, completed, form_url
):
    client.force_login(buyer.user)
    response = client.post(form_url, {"score": "5", "speed_score": "9", "comment": ""})
    assert response.status_code == 400
    text = response.text
    assert "请为“服务质量”打分（1 到 5 分）。" in text
    assert "请为“专业水平”打分（1 到 5 分）。" in text
    assert "“响应速度”的分数须为 1 到 5 分。" in text
    assert "请填写评价内容。" in text
    # The star already chosen stays chosen.
    chosen = BeautifulSoup(text, "html.parser").find(
        "input", attrs={"name": "score", "checked": True}
    )
    assert chosen["value"] == "5"
    assert re.search(r'aria-describedby="star-scale id_quality_score_error"', text)
    assert not Evaluation.objects.exists()


def test_only_the_buyer_may_open_the_form(
    client, form_url, seller, other_enterprise, other_institution
):
    assert client.get(form_url).status_code == 302  # anonymous: to the login page
    client.force_login(other_enterprise.user)
    assert client.get(form_url).status_code == 404
    for institution in (seller, other_institution):
        client.force_login(institution.user)
        assert client.get(form_url).status_code in (302, 403, 404)
        assert client.post(form_url, {"score": "1", "comment": "x"}).status_code in (302, 403, 404)
    assert not Evaluation.objects.exists()
