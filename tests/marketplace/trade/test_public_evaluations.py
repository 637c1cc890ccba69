"""用户评价 on the public service and institution pages (issue 22): written, visible evaluations
with the institution's reply, newest first, ten a page, the buyer anonymised; a constant number
of queries; the page cache retired by a new evaluation, a reply and hiding."""

import datetime
import itertools

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.members.factories import EnterpriseFactory
from marketplace.trade.models import Evaluation, Order
from marketplace.trade.public_evaluations import EVALUATIONS_PER_PAGE
from portal.factories import UserFactory
from tests.marketplace.catalogue_helpers import make_category, make_product

NUMBERS = itertools.count(1)
START = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 0))


def evaluate(product, comment, *, day, score=4, buyer_name="湖南麓谷智造有限公司", **fields):
    """An evaluation of a completed order of `product`, written on 2026-03-`day`."""
    order = Order.objects.create(
        number=f"T{next(NUMBERS):08d}",
        enterprise=EnterpriseFactory(name=buyer_name),
        institution=product.institution,
        service_product=product,
        product_name=product.name,
        price_text="¥3,000.00",
        quantity_or_scope="1 年",
        status=Order.Status.EVALUATED,
    )
    evaluation = Evaluation.objects.create(
        order=order,
        score=score,
        quality_score=5,
        speed_score=3,
        expertise_score=4,
        comment=comment,
        **fields,
    )
    created = START + datetime.timedelta(days=day - 1)
    Evaluation.objects.filter(pk=evaluation.pk).update(created_at=created)
    return evaluation


@pytest.fixture
def products(seller):
    category = make_category()
    return make_product(seller, category, name="代理记账"), make_product(
        seller, category, name="税务筹划"
    )


def items(response):
    html = BeautifulSoup(response.text, "html.parser")
    return [
        item.find(class_="evaluation-item__comment").text
        for item in html.find_all(attrs={"data-testid": "evaluation-item"})
    ]


def institution_url(seller):
    return reverse("members:institution_detail", args=[seller.pk])


def test_service_page_lists_comments_newest_first_with_reply_hidden_absent(
    client, products, seller
):
    bookkeeping, planning = products
    evaluate(bookkeeping, "旧的评价", day=1)
    newer = evaluate(bookkeeping, "记账及时，沟通顺畅。", day=3, score=5, buyer_name="长沙星火科技")
    newer.add_reply(seller.user, "感谢您的信任！")
    evaluate(bookkeeping, "骂人的话", day=4, is_hidden=True, hidden_reason="辱骂")
    evaluate(planning, "筹划方案很实用", day=2)

    response = client.get(bookkeeping.get_absolute_url())
    assert response.status_code == 200
    assert items(response) == ["记账及时，沟通顺畅。", "旧的评价"]
    html = BeautifulSoup(response.text, "html.parser")
    first = html.find(attrs={"data-testid": "evaluation-item"})
    text = first.get_text(" ", strip=True)
    assert "★★★★★" in text and "5 星：很满意" in text
    assert "2026-03-03" in text
    assert "长**" in text and "长沙星火科技" not in response.text  # anonymised
    assert "服务质量 5 星 · 响应速度 3 星 · 专业水平 4 星" in text
    reply = first.find(attrs={"data-testid": "evaluation-reply"})
    assert reply.get_text(" ", strip=True) == "机构回复 感谢您的信任！"
    assert "骂人的话" not in response.text and "辱骂" not in response.text


def test_institution_page_lists_the_comments_of_all_its_services(client, products):
    bookkeeping, planning = products
    evaluate(bookkeeping, "记账及时", day=1)
    evaluate(planning, "筹划方案很实用", day=2)
    evaluate(planning, "被隐藏的评价", day=3, is_hidden=True)
    response = client.get(institution_url(bookkeeping.institution))
    assert items(response) == ["筹划方案很实用", "记账及时"]
    section = BeautifulSoup(response.text, "html.parser").find(attrs={"data-testid": "evaluations"})
    assert "服务产品：税务筹划" in section.get_text()


def test_no_comment_yet_says_so(client, products):
    response = client.get(products[0].get_absolute_url())
    assert "暂无文字评价。" in response.text


def test_ten_a_page_with_the_portal_pagination(client, products):
    bookkeeping = products[0]
    for day in range(1, 24):
        evaluate(bookkeeping, f"第{day}条评价", day=day)
    url = bookkeeping.get_absolute_url()
    first = client.get(url)
    assert items(first) == [f"第{day}条评价" for day in range(23, 13, -1)]
    assert "第 1 / 3 页" in first.text and 'href="?page=2"' in first.text
    third = client.get(url, {"page": 3})
    assert items(third) == ["第3条评价", "第2条评价", "第1条评价"]
    assert len(items(client.get(url, {"page": 2}))) == EVALUATIONS_PER_PAGE
    # Bad page numbers never fail: not a number → page 1, past the end → the last page.
    for bad, expected in (("abc", 23), ("", 23), ("-1", 3), ("99999999999999999999", 3)):
        response = client.get(url, {"page": bad})
        assert response.status_code == 200
        assert items(response)[0] == f"第{expected}条评价"
    assert client.get(institution_url(bookkeeping.institution), {"page": "x"}).status_code == 200


@pytest.mark.parametrize("page", ["service", "institution"])
def test_query_count_does_not_grow_with_evaluations(client, products, seller, page):
    bookkeeping = products[0]
    url = bookkeeping.get_absolute_url() if page == "service" else institution_url(seller)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    evaluate(bookkeeping, "一条", day=1, reply="谢谢")
    queries()  # the site's first requests create its settings rows
    few = queries()
    for day in range(2, 16):
        evaluate(bookkeeping, f"第{day}条", day=day, reply="谢谢", buyer_name=f"企业{day}")
    assert queries() == few


def test_a_new_evaluation_a_reply_and_hiding_show_at_once_despite_the_page_cache(
    client, settings, products, seller
):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    bookkeeping = products[0]
    urls = [bookkeeping.get_absolute_url(), institution_url(seller)]
    for url in urls:
        # The site's first requests create its settings rows (a change); then the page is kept.
        client.get(url), client.get(url)
        response = client.get(url)
        assert "Age" in response and items(response) == []
    evaluation = evaluate(bookkeeping, "新的评价", day=1)
    for url in urls:
        assert items(client.get(url)) == ["新的评价"]
    evaluation.add_reply(seller.user, "谢谢支持")
    for url in urls:
        assert "谢谢支持" in client.get(url).text
    evaluation.set_hidden(UserFactory(), True, "广告")
    for url in urls:
        assert items(client.get(url)) == []
