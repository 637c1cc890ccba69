"""用户评价 on the public pages of a service and of an institution (issue 22).

The catalogue and members apps know nothing of trade: their detail views ask the
`public_service_product_context` / `public_institution_context` hooks, which trade answers
(`wagtail_hooks.py`) with one page of written, visible evaluations, newest first. Two queries
(the count and the page) whatever the number of evaluations. The page number comes from
`?page=` and is read as the portal's other listings read it (`Paginator.get_page`): a value that
is not a number gives page 1, one past the end the last page, never an error.

The pages are stored by the anonymous page cache; any saved evaluation (a new one, a reply,
hiding or showing again) bumps the marketplace content version (`TradeConfig.public_content_tag`,
`portal.page_cache`), so the next visitor sees the change.
"""

from django.core.paginator import Paginator

from marketplace.trade.models import Evaluation

EVALUATIONS_PER_PAGE = 10


def evaluation_page(request, **filters):
    comments = Evaluation.objects.public_comments().filter(**filters)
    return Paginator(comments, EVALUATIONS_PER_PAGE).get_page(request.GET.get("page"))
