"""Token login for apps: /api/v2/auth/.

- `POST token/` with `{"username", "password", "name"?}` checks the password exactly as the login
  page does (`PortalAuthenticationForm`: same messages, django-axes' lockout after repeated
  failures) and answers 201 with a new token, shown this once: only its digest is stored
  (Wagtail's `APIToken`).
- `POST logout/` revokes the token the request carries.
- `GET tokens/` lists the account's live tokens (never their secret); `DELETE tokens/<id>/`
  revokes one, e.g. a lost phone's.

Staff accounts cannot get a token here: the member API is for members, and the admin has its own
login with its own protections.
"""

import datetime

from django.conf import settings
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from wagtail.models import APIToken

from portal.accounts.forms import PASSWORD_MAX_LENGTH, PortalAuthenticationForm
from portal.member_api import (
    ERROR_RESPONSES,
    MemberAPIView,
    form_data,
    list_serializer,
    token_is_expired,
)
from portal.ratelimit import RateLimit

# Password guesses per client IP, beyond django-axes' per-account lockout.
LOGIN_LIMIT = RateLimit("api-login", limit=20, window=600)
TOKEN_NAME_MAX_LENGTH = 100


class LoginRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text="用户名")
    password = serializers.CharField(max_length=PASSWORD_MAX_LENGTH, help_text="密码")
    name = serializers.CharField(
        max_length=TOKEN_NAME_MAX_LENGTH,
        required=False,
        help_text="给这个登录凭证起的名字，例如设备名称（默认：应用登录）",
    )


class TokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="凭证的开头几个字符，用于辨认")
    created = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.SerializerMethodField()

    def get_expires_at(self, token) -> str | None:
        days = settings.PORTAL_API_TOKEN_DAYS
        if not days:
            return None
        return (token.created + datetime.timedelta(days=days)).isoformat()


class IssuedTokenSerializer(TokenSerializer):
    token = serializers.CharField(help_text="登录凭证：在 Authorization 头中以 Bearer 方式提供")
    username = serializers.CharField(source="user.username")


class TokenLoginView(MemberAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        tags=["登录"],
        summary="登录，取得登录凭证",
        request=LoginRequestSerializer,
        responses={201: IssuedTokenSerializer, **ERROR_RESPONSES},
        auth=[],
    )
    def post(self, request):
        decision = LOGIN_LIMIT.acquire(request._request)
        if not decision.allowed:
            return Response(
                {"message": _("登录尝试过于频繁，请稍后再试。")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(decision.retry_after)},
            )
        name = request.data.get("name") or _("应用登录")
        if not isinstance(name, str) or len(name) > TOKEN_NAME_MAX_LENGTH:
            return Response(
                {"message": _("凭证名称最多 %(n)d 个字。") % {"n": TOKEN_NAME_MAX_LENGTH}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        credentials = {
            key: value for key, value in request.data.items() if key in ("username", "password")
        }
        if set(request.data.keys()) - {"username", "password", "name"}:
            form_data(request, PortalAuthenticationForm)  # raises the unknown-field message
        form = PortalAuthenticationForm(request._request, data=credentials)
        if not form.is_valid():
            if getattr(request._request, "axes_locked_out", False):
                # Answered here in JSON; AxesMiddleware would replace it with its HTML page.
                request._request.axes_locked_out = False
                return Response(
                    {"message": _("登录失败次数过多，账号已暂时锁定，请一小时后再试。")},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            messages = [str(m) for errors in form.errors.values() for m in errors]
            return Response(
                {
                    "message": messages[0] if messages else _("请输入用户名和密码。"),
                    "errors": {f: [str(m) for m in e] for f, e in form.errors.items()},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        user = form.get_user()
        if user.is_staff or user.is_superuser:
            return Response(
                {"message": _("管理员账号不能通过接口登录，请在管理后台登录。")},
                status=status.HTTP_403_FORBIDDEN,
            )
        api_token, plaintext = APIToken.create_token(user=user, name=name.strip() or _("应用登录"))
        api_token.token = plaintext  # shown this once; never stored
        data = IssuedTokenSerializer(api_token).data
        return Response(data, status=status.HTTP_201_CREATED)


class LogoutView(MemberAPIView):
    @extend_schema(
        tags=["登录"],
        summary="退出登录（注销当前凭证）",
        request=None,
        responses={204: None, **ERROR_RESPONSES},
    )
    def post(self, request):
        request.auth.revoke()
        return Response(status=status.HTTP_204_NO_CONTENT)


def live_tokens(user):
    return APIToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created", "-pk")


class TokenListView(MemberAPIView):
    @extend_schema(
        tags=["登录"],
        summary="我的登录凭证",
        responses={200: list_serializer(TokenSerializer, "TokenList"), **ERROR_RESPONSES},
    )
    def get(self, request):
        now = timezone.now()
        live = [token for token in live_tokens(request.user) if not token_is_expired(token, now)]
        # A handful per account: plain list semantics, same envelope as other lists.
        return Response(
            {"meta": {"total_count": len(live)}, "items": TokenSerializer(live, many=True).data}
        )


class TokenDetailView(MemberAPIView):
    @extend_schema(
        tags=["登录"],
        summary="注销一个登录凭证",
        request=None,
        responses={204: None, **ERROR_RESPONSES},
    )
    def delete(self, request, pk):
        token = live_tokens(request.user).filter(pk=pk).first()
        if token is None:
            return Response({"message": _("未找到该登录凭证。")}, status=404)
        token.revoke()
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("token/", TokenLoginView.as_view(), name="token"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("tokens/", TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/", TokenDetailView.as_view(), name="token_detail"),
]
