"""The one error shape of the API (/api/v2/): a 4xx (or a 503) with `{"message": "<Chinese>"}`.

Whatever refuses a request — the portal's own parameter checks (`portal.api_parameters`),
Wagtail's (`BadRequestError`, `Http404`), DRF's (`Throttled`, `MethodNotAllowed`, …), the search
time limit (`portal.query_guard`) — the client reads the same shape, in Chinese:

- `BadParameter` is Wagtail's `BadRequestError` with a Chinese message (Wagtail's viewsets
  answer it as a 400 themselves);
- `chinese_bad_request` gives the English messages Wagtail still raises a Chinese one;
- `exception_handler` (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``) replaces DRF's
  ``{"detail": …}`` with ``{"message": …}``;
- `error_response` is the same for the plain views (`/api/v2/search/`).
"""

import re

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

JSON_DUMPS_PARAMS = {"ensure_ascii": False}


class BadParameter(BadRequestError):
    """A bad query parameter; the message is Chinese and names the parameter."""


class SearchTimedOut(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE


def throttled_message():
    return _("请求过于频繁，请稍后再试。")


def not_found_message():
    return _("未找到。")


def search_timeout_message():
    return _("搜索超时，请缩短或简化关键词后重试。")


def method_not_allowed_message(method):
    return _("不支持 %(method)s 请求：本接口只读，请用 GET。") % {"method": method}


def error_response(message, status=400):
    """The API's error shape for a view that is not a DRF view."""
    return JsonResponse(
        {"message": str(message)}, status=status, json_dumps_params=JSON_DUMPS_PARAMS
    )


# Wagtail's own messages (wagtail/api/v2/), for what the portal does not check before Wagtail does.
_WAGTAIL_MESSAGES = [
    (r"unknown fields: (?P<names>.+)", lambda m: _("参数 fields 中有未知字段：%(names)s。") % m),
    (
        r"'(?P<name>.+)' does not support nested fields",
        lambda m: _("字段 %(name)s 不支持嵌套字段（括号）。") % m,
    ),
    (r"type doesn't exist", lambda m: _("参数 type 不是已知的页面类型。")),
    (r"search is disabled", lambda m: _("本接口已关闭搜索（参数 search）。")),
    (
        r"filtering by tag with a search query is not supported",
        lambda m: _("按标签筛选时不能同时搜索（参数 tags 与 search）。"),
    ),
    (
        r"cannot filter by '(?P<name>.+)' while searching.*",
        lambda m: _("搜索时不能按 %(name)s 筛选。") % m,
    ),
    (
        r"cannot order by '(?P<name>.+)' while searching.*",
        lambda m: _("搜索时不能按 %(name)s 排序（参数 order）。") % m,
    ),
    (
        r"(?P<name>child_of|ancestor_of|descendant_of|translation_of) must be a positive integer",
        lambda m: _("参数 %(name)s 必须是非负整数。") % m,
    ),
    (
        r"(parent|descendant|ancestor|translation_of) page doesn't exist",
        lambda m: _(
            "参数所指的页面不存在或未公开（child_of、ancestor_of、descendant_of、translation_of）。"
        ),
    ),
    (
        r"filtering by descendant_of with child_of is not supported",
        lambda m: _("参数 descendant_of 与 child_of 不能同时使用。"),
    ),
]


def chinese_bad_request(message):
    """The Chinese message for one of Wagtail's 400 messages (a general one if unknown); a
    message an endpoint already wrote in Chinese is kept as it is."""
    for pattern, translate in _WAGTAIL_MESSAGES:
        if match := re.fullmatch(pattern, message):
            return translate(match.groupdict())
    if re.search(r"[\u4e00-\u9fff]", message):
        return message
    return _("请求参数无效。")


def _message_for(exc):
    if isinstance(exc, exceptions.Throttled):
        return throttled_message()
    if isinstance(exc, exceptions.NotFound):
        return not_found_message()
    if isinstance(exc, exceptions.MethodNotAllowed):
        return method_not_allowed_message(exc.args[0])
    if isinstance(exc, exceptions.NotAcceptable):
        return _("不支持请求的响应格式（参数 format 只能是 json 或 api）。")
    if isinstance(exc, exceptions.AuthenticationFailed) and re.search(
        r"[\u4e00-\u9fff]", str(exc.detail)
    ):
        return str(exc.detail)  # the member token's own reason (expired, revoked, …)
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        return _("需要登录。")
    if isinstance(exc, exceptions.PermissionDenied):
        return _("没有权限。")
    if isinstance(exc, SearchTimedOut):
        return search_timeout_message()
    if isinstance(exc, exceptions.ParseError):
        return _("请求格式错误。")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("不支持的请求内容类型。")
    return _("请求无效。")


def exception_handler(exc, context):
    """DRF's handler (status, headers such as `Retry-After`), with `{"message": <Chinese>}`."""
    # Imported here: rest_framework.views imports portal.api_throttle (its default throttle
    # class), which imports this module, while it is itself being imported.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, BadRequestError):
        message = str(exc) if isinstance(exc, BadParameter) else chinese_bad_request(str(exc))
        return Response({"message": message}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None:
        if not isinstance(exc, exceptions.APIException):
            # Django's Http404 and PermissionDenied, which DRF answers as a 404 and a 403.
            exc = {404: exceptions.NotFound, 403: exceptions.PermissionDenied}.get(
                response.status_code, exceptions.APIException
            )()
        response.data = {"message": _message_for(exc)}
    return response
