"""The member API's shared machinery (/api/v2/auth/, /api/v2/me/): tokens, errors, forms, lists.

Members use the same rules through the API as through the member centre's pages, not a copy of
them: an endpoint validates what the app sent with the member centre's own Django form
(`run_form`) and changes things only through the same model methods (the order and contract
transitions, `Evaluation.submit`, …), which check who may act and from which state, lock the row,
log and notify. So an API action leaves the same audit log as the page, and a refusal is the same
Chinese message.

- Authentication: `Authorization: Bearer <token>` with Wagtail 8's hashed `APIToken`
  (`wagtail.models.APIToken`: only a digest is stored, revocable, `last_used_at`), issued by
  `POST /api/v2/auth/token/` (portal/accounts/api.py). A session cookie never authenticates an
  API request, so the API needs no CSRF token and a browser's session cannot be ridden.
  A token expires `PORTAL_API_TOKEN_DAYS` after it was issued.
- Errors: one shape, `{"message": "<Chinese>"}`; a form's field errors add
  `"errors": {"<field>": ["…"]}`. 400 bad input, 401 no or bad token, 403 the wrong kind of
  member, 404 not found *or not yours* (another member's order is indistinguishable from none),
  409 a refused action (`portal.exceptions.ActionRefused`), 429 too many requests.
- Lists: `?limit=` (1–100, default 20) and `?offset=` (0–10,000), checked as the public API
  checks them (`portal.api_parameters`), answered as
  `{"meta": {"total_count": n}, "items": [...]}`, the shape of Wagtail's API.
- Schema: request bodies are described from the same forms (`form_serializer`), responses by
  DRF serializers, so the OpenAPI document says what the endpoints accept.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import APIToken

from portal.api_errors import BadParameter, throttled_message
from portal.api_parameters import DEFAULT_LIMIT, MAX_OFFSET, integer_parameter
from portal.api_schema import error_response
from portal.exceptions import ActionRefused
from portal.ratelimit import RateLimit

MAX_LIMIT = 100
# How often a token's `last_used_at` is written (seconds): not on every request.
LAST_USED_INTERVAL = 60


# Authentication ---------------------------------------------------------------------------------


def token_is_expired(api_token, now=None):
    days = settings.PORTAL_API_TOKEN_DAYS
    if not days:
        return False
    return (now or timezone.now()) - api_token.created > datetime.timedelta(days=days)


class MemberTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer wagtail_…`: a live, unexpired `APIToken` of an active account."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Authorization 头的格式应为：Bearer <登录凭证>。")
            )
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            token = ""
        # The format check (prefix, length, checksum) spares the database a look-up of garbage.
        if not token or not APIToken.validate_token_format(token):
            raise exceptions.AuthenticationFailed(_("登录凭证无效，请重新登录。"))
        api_token = (
            APIToken.objects.select_related("user")
            .filter(key_hash__in=APIToken.candidate_key_hashes(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            raise exceptions.AuthenticationFailed(_("登录凭证无效或已注销，请重新登录。"))
        now = timezone.now()
        if token_is_expired(api_token, now):
            raise exceptions.AuthenticationFailed(_("登录凭证已过期，请重新登录。"))
        if (
            api_token.last_used_at is None
            or (now - api_token.last_used_at).total_seconds() >= LAST_USED_INTERVAL
        ):
            APIToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token.user, api_token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) when the token is missing or bad.
        return 'Bearer realm="api"'


class MemberAPIRateThrottle(BaseThrottle):
    """Requests per member (`PORTAL_API_MEMBER_RATE`), counted in the portal's rate-limit store."""

    def allow_request(self, request, view):
        rate = settings.PORTAL_API_MEMBER_RATE
        if not rate or not request.user.is_authenticated:
            return True
        count, _slash, period = rate.partition("/")
        window = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[:1]]
        limit = RateLimit("api-member", limit=int(count), window=window, per="user")
        self.decision = limit.acquire(request)
        return self.decision.allowed

    def wait(self):
        return self.decision.retry_after


# Errors -----------------------------------------------------------------------------------------


class FormRejected(exceptions.APIException):
    """A member centre form refused the input: a 400 naming each field's errors."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, form):
        self.errors = {
            field: [str(message) for message in messages] for field, messages in form.errors.items()
        }
        super().__init__(_("提交的内容有误，请按提示修改后重新提交。"))


def _message(exc):
    """The Chinese message of a DRF exception the portal did not raise itself."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("请先登录：在 Authorization 头中提供登录凭证（Bearer <登录凭证>）。")
    if isinstance(exc, exceptions.AuthenticationFailed):
        return str(exc.detail)
    if isinstance(exc, exceptions.PermissionDenied):
        return _("您没有权限进行此操作。")
    if isinstance(exc, exceptions.NotFound):
        return _("未找到，或您无权查看。")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("此接口不支持 %(method)s 请求。") % {"method": exc.args[0] if exc.args else ""}
    if isinstance(exc, exceptions.ParseError):
        return _("请求内容不是有效的 JSON 或表单数据。")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("不支持的请求内容类型，请使用 application/json 或 multipart/form-data。")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("此接口只返回 JSON。")
    if isinstance(exc, exceptions.Throttled):
        return throttled_message()
    return _("请求有误。")


def member_exception_handler(exc, context):
    """Every error of the member API as `{"message": …}` (plus `errors` for a form)."""
    if isinstance(exc, ActionRefused):
        return Response({"message": exc.message}, status=exc.status_code)
    if isinstance(exc, BadRequestError):  # `BadParameter`: the public API's Chinese 400s
        return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if not isinstance(exc, exceptions.APIException):
        return None  # a server error: Django's 500 handling and logging
    if isinstance(exc, FormRejected):
        data = {"message": str(exc.detail), "errors": exc.errors}
    elif isinstance(exc, exceptions.PermissionDenied) and exc.detail != exc.default_detail:
        data = {"message": str(exc.detail)}
    else:
        data = {"message": _message(exc)}
    response = Response(data, status=exc.status_code)
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response["Retry-After"] = str(int(exc.wait))
    if auth_header := getattr(exc, "auth_header", None):
        response["WWW-Authenticate"] = auth_header
    return response


# Views ------------------------------------------------------------------------------------------


class MemberAPIView(APIView):
    """Base of every member API view: a token, JSON in and out, the errors above."""

    authentication_classes = [MemberTokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [MemberAPIRateThrottle]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self):
        return member_exception_handler


# Forms: the member centre's rules ---------------------------------------------------------------


def form_data(request, form_class, instance=None, *, partial=False):
    """The request's fields as a form's data; unknown fields are refused, not ignored.

    With `partial` (PATCH), fields not sent keep the instance's current values.
    """
    fields = list(form_class.base_fields)
    sent = request.data
    unknown = sorted(set(sent.keys()) - set(fields))
    if unknown:
        raise BadParameter(
            _("不支持的字段：%(names)s。可提交的字段：%(fields)s。")
            % {"names": "、".join(unknown), "fields": "、".join(fields)}
        )
    data = {}
    if partial and instance is not None:
        current = model_to_dict(instance, fields=fields)
        data.update(
            {name: _form_value(value) for name, value in current.items() if value is not None}
        )
    for name, form_field in form_class.base_fields.items():
        if name not in sent:
            continue
        many = isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        if hasattr(sent, "getlist"):  # a form post
            value = sent.getlist(name)
            value = value if many else (value[-1] if value else "")
        else:  # JSON
            value = sent.get(name)
        if isinstance(value, dict) or (isinstance(value, list) and not many):
            raise BadParameter(_("字段 %(name)s 的值格式不正确。") % {"name": name})
        data[name] = "" if value is None else value
    return data


def _form_value(value):
    """A model value as a form's data holds it: related objects by their primary key."""
    if isinstance(value, list | tuple):
        return [_form_value(item) for item in value]
    return getattr(value, "pk", value)


def run_form(form_class, request, *, instance=None, partial=False, **kwargs):
    """A bound, valid form of the member centre, or `FormRejected` (a 400 with its errors)."""
    data = form_data(request, form_class, instance, partial=partial)
    if instance is not None:
        kwargs["instance"] = instance
    form = form_class(data=data, files=request.FILES or None, **kwargs)
    if not form.is_valid():
        raise FormRejected(form)
    return form


def _serializer_field(form_field):
    options = {
        "required": form_field.required,
        "help_text": str(form_field.label or ""),
    }
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **options)
    if isinstance(form_field, forms.ModelChoiceField):
        return serializers.IntegerField(**options)
    if isinstance(form_field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(
            choices=[c for c in form_field.choices if c[0] != ""], **options
        )
    if isinstance(form_field, forms.ChoiceField):
        return serializers.ChoiceField(
            choices=[c for c in form_field.choices if c[0] != ""], **options
        )
    if isinstance(form_field, forms.ImageField):
        return serializers.ImageField(**options)
    if isinstance(form_field, forms.FileField):
        return serializers.FileField(**options)
    if isinstance(form_field, forms.BooleanField):
        return serializers.BooleanField(required=False, help_text=options["help_text"])
    if isinstance(form_field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=form_field.max_digits,
            decimal_places=form_field.decimal_places,
            min_value=form_field.min_value,
            max_value=form_field.max_value,
            **options,
        )
    if isinstance(form_field, forms.IntegerField):
        return serializers.IntegerField(
            min_value=form_field.min_value, max_value=form_field.max_value, **options
        )
    if isinstance(form_field, forms.DateTimeField):
        return serializers.DateTimeField(**options)
    if isinstance(form_field, forms.DateField):
        return serializers.DateField(**options)
    if isinstance(form_field, forms.EmailField):
        return serializers.EmailField(max_length=form_field.max_length, **options)
    if isinstance(form_field, forms.URLField):
        return serializers.URLField(max_length=form_field.max_length, **options)
    return serializers.CharField(
        max_length=getattr(form_field, "max_length", None),
        allow_blank=not form_field.required,
        **options,
    )


def form_serializer(form_class, name, *, partial=False, **form_kwargs):
    """A DRF serializer describing what `form_class` accepts, for the OpenAPI schema only.

    The form itself stays the rule (`run_form`); this mirrors its fields, labels, limits,
    choices and required flags as the form has them once built (some forms change them in
    `__init__`). With `partial`, nothing is required (PATCH).
    """
    try:
        form_fields = form_class(**form_kwargs).fields
    except TypeError:
        form_fields = form_class.base_fields
    attributes = {}
    for field_name, form_field in form_fields.items():
        field = _serializer_field(form_field)
        if partial:
            field.required = False
        attributes[field_name] = field
    return type(name, (serializers.Serializer,), attributes)


# Lists ------------------------------------------------------------------------------------------


def boolean_parameter(request, name):
    """`true`/`false` (also 1/0); absent is False; anything else is a 400."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return False
    value = {"true": True, "1": True, "false": False, "0": False}.get(raw.lower())
    if value is None:
        raise BadParameter(_("参数 %(name)s 只能是 true 或 false。") % {"name": name})
    return value


def refuse_unknown_parameters(request, known):
    unknown = sorted(set(request.query_params) - set(known))
    if unknown:
        raise BadParameter(
            _("不支持的参数：%(names)s。可用的参数：%(known)s。")
            % {"names": "、".join(unknown), "known": "、".join(sorted(known)) or "—"}
        )


def paginated(request, queryset, serializer_class, *, known=(), context=None):
    """`{"meta": {"total_count": n}, "items": [...]}` for one page of `queryset`."""
    refuse_unknown_parameters(request, {"limit", "offset", *known})
    limit = integer_parameter(request.query_params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = integer_parameter(request.query_params, "offset", 0, 0, MAX_OFFSET)
    items = serializer_class(
        queryset[offset : offset + limit],
        many=True,
        context={"request": request, **(context or {})},
    ).data
    return Response({"meta": {"total_count": queryset.count()}, "items": items})


# The paging parameters of every member list, for `extend_schema(parameters=…)`.
LIST_PARAMETERS = [
    OpenApiParameter("limit", int, description=f"每页条数，1–{MAX_LIMIT}，默认 {DEFAULT_LIMIT}"),
    OpenApiParameter("offset", int, description=f"从第几条开始（0–{MAX_OFFSET}），默认 0"),
]


def list_serializer(item_serializer, name):
    """The response shape of `paginated`, for the schema."""
    meta = type(
        f"{name}Meta", (serializers.Serializer,), {"total_count": serializers.IntegerField()}
    )
    return type(
        name,
        (serializers.Serializer,),
        {"meta": meta(), "items": item_serializer(many=True)},
    )


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="中文说明")


class FormErrorSerializer(serializers.Serializer):
    """`Error` plus each field's errors: a refused form (400)."""

    message = serializers.CharField(help_text="中文说明")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="每个字段的错误（字段名 → 错误说明）",
    )


# The error responses every member endpoint may answer, for `extend_schema(responses=…)`.
ERROR_RESPONSES = {
    400: OpenApiResponse(FormErrorSerializer, description="提交的内容或参数有误"),
    401: error_response("未登录，或登录凭证无效、已注销、已过期"),
    403: error_response("这类会员不能使用此接口，或资料未完善"),
    404: error_response("不存在，或不是您的"),
    409: error_response("当前状态不允许此操作（例如订单或合同的状态）"),
    429: error_response("请求过于频繁，稍后再试；Retry-After 给出秒数"),
}
