"""The API's common query parameters, checked in one place before Wagtail reads them.

Wagtail answers a bad `offset` or `fields` with an English message, and some values (a 20-digit
offset, an unknown `search_operator`, an id beyond the database's integers) reach the database
and fail there as a 500. `check_listing_parameters` / `check_detail_parameters` refuse them first
with a `BadParameter` (a 400 with a Chinese message naming the parameter and what is allowed),
and bound what a client may ask for: `limit` at most `WAGTAILAPI_LIMIT_MAX`, `offset` at most
`MAX_OFFSET`, `search` at most `MAX_QUERY_LENGTH` characters (the site search's cap).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.utils import parse_fields_parameter

from portal.api_errors import BadParameter
from portal.search_query import MAX_QUERY_LENGTH, clean_query

# Deeper than anyone pages through a listing; a narrower query (filters, search) is the answer.
MAX_OFFSET = 10_000
DEFAULT_LIMIT = 20
# The largest value of a 64-bit database integer: an id beyond it cannot exist, and SQLite or
# PostgreSQL fail on it rather than find nothing.
MAX_DATABASE_INTEGER = 2**63 - 1
SEARCH_OPERATORS = ("and", "or")
# Identifiers whose value may also be "root" (wagtail.api.v2.filters).
PAGE_ID_PARAMETERS = {"child_of": True, "descendant_of": True, "translation_of": True}
PAGE_ID_PARAMETERS["ancestor_of"] = False


def integer_parameter(params, name, default, minimum, maximum):
    """`params[name]` as an integer in [minimum, maximum]; `default` when absent or empty."""
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise BadParameter(_("参数 %(name)s 必须是整数。") % {"name": name}) from None
    if not minimum <= number <= maximum:
        raise BadParameter(
            _("参数 %(name)s 必须在 %(minimum)s 到 %(maximum)s 之间。")
            % {"name": name, "minimum": minimum, "maximum": maximum}
        )
    return number


def id_parameter(params, name):
    """An object id (a positive database integer), or None when absent or empty."""
    return integer_parameter(params, name, None, 1, MAX_DATABASE_INTEGER)


def limit_max():
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20


def search_query(params, name="search"):
    """The cleaned `params[name]` ("" when absent or blank); longer than the cap is a 400."""
    query, truncated = clean_query(params.get(name, ""))
    if truncated:
        raise BadParameter(
            _("搜索关键词（参数 %(name)s）不能超过 %(length)s 个字符。")
            % {"name": name, "length": MAX_QUERY_LENGTH}
        )
    return query


def unknown_parameters(names):
    return BadParameter(_("不支持的参数：%(names)s。") % {"names": "、".join(sorted(names))})


def check_single_values(params):
    repeated = sorted(name for name, values in params.lists() if len(values) > 1)
    if repeated:
        raise BadParameter(_("每个参数只能出现一次：%(names)s。") % {"names": "、".join(repeated)})


def check_fields(params):
    if "fields" not in params:
        return
    try:
        parse_fields_parameter(params["fields"])
    except ValueError:
        raise BadParameter(
            _(
                "参数 fields 格式不正确：应为逗号分隔的字段名，如 fields=name,summary；"
                "fields=* 为全部字段，fields=_,name 只取 name，fields=-name 去掉 name，"
                "关联对象的字段写在括号里。"
            )
        ) from None


def check_rich_text_format(params):
    value = params.get("rich_text_format")
    if value is None:
        return
    allowed = list(APIRichText._serializers())
    if value not in allowed:
        raise BadParameter(
            _("参数 rich_text_format 必须是以下之一：%(formats)s。")
            % {"formats": "、".join(allowed)}
        )


def check_search(params):
    search_query(params)
    operator = params.get("search_operator")
    if operator not in (None, "", *SEARCH_OPERATORS):
        raise BadParameter(_("参数 search_operator 必须是 and 或 or（默认 and：每个词都要匹配）。"))


def check_page_ids(params):
    for name, root_allowed in PAGE_ID_PARAMETERS.items():
        if name not in params or (root_allowed and params[name] == "root"):
            continue
        value = params[name]
        if not value.isdigit() or int(value) > MAX_DATABASE_INTEGER:
            allowed = _("页面 id（非负整数）或 root") if root_allowed else _("页面 id（非负整数）")
            raise BadParameter(
                _("参数 %(name)s 必须是%(allowed)s。") % {"name": name, "allowed": allowed}
            )


def check_detail_parameters(params):
    """What a detail view reads: `fields` and `rich_text_format`."""
    check_single_values(params)
    check_fields(params)
    check_rich_text_format(params)


def check_listing_parameters(params):
    """What every listing reads: paging, fields, search, page ids."""
    check_detail_parameters(params)
    integer_parameter(params, "limit", DEFAULT_LIMIT, 0, limit_max())
    integer_parameter(params, "offset", 0, 0, MAX_OFFSET)
    check_search(params)
    check_page_ids(params)
