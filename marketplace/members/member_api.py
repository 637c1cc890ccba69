"""The member API of members (/api/v2/me/): who I am, my profile (修改并提交), my messages.

Views for one kind of member derive from `EnterpriseAPIView` / `InstitutionAPIView` (the other
kind, staff and plain accounts get a 403 in Chinese), as the member centre's pages do with
`EnterpriseCentreMixin` / `InstitutionCentreMixin`. The upper apps' member endpoints build on
these too (`marketplace.catalogue.member_api`, `marketplace.trade.member_api`, …).
"""

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from marketplace.members.forms import EnterpriseProfileForm, InstitutionProfileForm
from marketplace.members.models import Enterprise, Institution, Notification
from marketplace.members.views.center.base import member_of
from marketplace.members.views.center.menu import ENTERPRISE, INSTITUTION
from portal.member_api import (
    ERROR_RESPONSES,
    LIST_PARAMETERS,
    MemberAPIView,
    boolean_parameter,
    form_serializer,
    list_serializer,
    paginated,
    run_form,
)

KIND_LABELS = {ENTERPRISE: "企业", INSTITUTION: "服务机构"}


class MemberKindAPIView(MemberAPIView):
    """Resolves `self.member_kind` and `self.member` once the token is checked."""

    member_kind_required = None
    refusal = ""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.member_kind, self.member = member_of(request.user)
        if self.member_kind_required and self.member_kind != self.member_kind_required:
            raise PermissionDenied(self.refusal)


class EnterpriseAPIView(MemberKindAPIView):
    member_kind_required = ENTERPRISE
    refusal = gettext_lazy("只有企业用户可以使用此接口。")


class InstitutionAPIView(MemberKindAPIView):
    member_kind_required = INSTITUTION
    refusal = gettext_lazy("只有服务机构用户可以使用此接口。")


class AnyMemberAPIView(MemberKindAPIView):
    """Enterprises and institutions alike; other accounts get a 403."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.member is None:
            raise PermissionDenied(_("只有企业或服务机构用户可以使用此接口。"))


# Serializers ------------------------------------------------------------------------------------


class LogoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()


class EnterpriseProfileSerializer(serializers.ModelSerializer):
    industry_label = serializers.CharField(source="get_industry_display")
    scale_label = serializers.CharField(source="get_scale_display")
    completeness = serializers.IntegerField(help_text="资料完整度（0–100）")
    is_complete = serializers.BooleanField(help_text="资料已完善，可以发布产品和需求")
    logo = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = [
            "id",
            *EnterpriseProfileForm.Meta.fields,
            "industry_label",
            "scale_label",
            "completeness",
            "is_complete",
            "logo",
            "created_at",
            "updated_at",
        ]

    def get_logo(self, member) -> LogoSerializer(allow_null=True):  # type: ignore[valid-type]
        return _logo(member, self.context.get("request"))


class InstitutionProfileSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    platform_name = serializers.CharField(source="platform.name")
    logo = serializers.SerializerMethodField()

    class Meta:
        model = Institution
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "platform",
            "platform_name",
            "region_code",
            "region_name",
            *InstitutionProfileForm.Meta.fields,
            "is_approved",
            "approved_at",
            "logo",
            "created_at",
            "updated_at",
        ]

    def get_logo(self, member) -> LogoSerializer(allow_null=True):  # type: ignore[valid-type]
        return _logo(member, self.context.get("request"))


def _logo(member, request):
    if member.logo_id is None:
        return None
    url = member.logo.file.url
    return {"id": member.logo_id, "url": request.build_absolute_uri(url) if request else url}


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    kind = serializers.ChoiceField(choices=list(KIND_LABELS), allow_null=True)
    kind_label = serializers.CharField(allow_null=True)
    unread_messages = serializers.IntegerField()
    enterprise = EnterpriseProfileSerializer(allow_null=True, required=False)
    institution = InstitutionProfileSerializer(allow_null=True, required=False)


class MessageItemSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField()
    url = serializers.SerializerMethodField(help_text="相关页面（网页地址）")

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "is_read"]

    def get_url(self, notification) -> str:
        request = self.context.get("request")
        if notification.url and request is not None:
            return request.build_absolute_uri(notification.url)
        return notification.url


# Views ------------------------------------------------------------------------------------------


class MeView(MemberKindAPIView):
    """GET: who I am and my profile. PATCH: 修改并提交 (the member centre's profile form)."""

    def payload(self, request):
        user = request.user
        data = {
            "username": user.get_username(),
            "kind": self.member_kind,
            "kind_label": KIND_LABELS.get(self.member_kind),
            "unread_messages": Notification.objects.filter(user=user).unread().count(),
            "enterprise": None,
            "institution": None,
        }
        context = {"request": request}
        if self.member_kind == ENTERPRISE:
            data["enterprise"] = EnterpriseProfileSerializer(self.member, context=context).data
        elif self.member_kind == INSTITUTION:
            data["institution"] = InstitutionProfileSerializer(self.member, context=context).data
        return data

    @extend_schema(
        tags=["我的"], summary="我的账号和资料", responses={200: MeSerializer, **ERROR_RESPONSES}
    )
    def get(self, request):
        return Response(self.payload(request))

    @extend_schema(
        tags=["我的"],
        summary="修改并提交资料（企业资料或机构资料）",
        description=(
            "企业提交企业资料的字段（名称、统一社会信用代码、地区、行业、规模、地址、联系人…），"
            "服务机构提交机构资料的字段（简介、服务范围、联系电话）；只提交要修改的字段。"
            "上传标志（logo_upload）时请用 multipart/form-data。"
        ),
        # One flat body (the two forms' fields together, all optional): each kind of member
        # sends its own form's fields; the other kind's are refused by name.
        request=type(
            "ProfileUpdate",
            (
                form_serializer(EnterpriseProfileForm, "EnterpriseProfileUpdate", partial=True),
                form_serializer(InstitutionProfileForm, "InstitutionProfileUpdate", partial=True),
            ),
            {},
        ),
        responses={200: MeSerializer, **ERROR_RESPONSES},
    )
    def patch(self, request):
        form_class = {ENTERPRISE: EnterpriseProfileForm, INSTITUTION: InstitutionProfileForm}.get(
            self.member_kind
        )
        if form_class is None:
            raise PermissionDenied(_("只有企业或服务机构用户有资料可修改。"))
        form = run_form(form_class, request, instance=self.member, partial=True)
        self.member = form.save()
        return Response(self.payload(request))


class MessageListView(AnyMemberAPIView):
    @extend_schema(
        tags=["我的"],
        summary="我的消息（最新在前）",
        parameters=[
            *LIST_PARAMETERS,
            OpenApiParameter("unread", bool, description="true：只列出未读消息"),
        ],
        responses={200: list_serializer(MessageItemSerializer, "MessageList"), **ERROR_RESPONSES},
    )
    def get(self, request):
        messages = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
        if boolean_parameter(request, "unread"):
            messages = messages.unread()
        return paginated(request, messages, MessageItemSerializer, known={"unread"})


class MessageReadView(AnyMemberAPIView):
    @extend_schema(
        tags=["我的"],
        summary="标记消息为已读",
        request=None,
        responses={200: MessageItemSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        notification = Notification.objects.filter(user=request.user, pk=pk).first()
        if notification is None:
            return Response({"message": _("未找到该消息。")}, status=404)
        Notification.objects.filter(pk=notification.pk).mark_read()
        notification.refresh_from_db()
        return Response(MessageItemSerializer(notification, context={"request": request}).data)


urlpatterns = [
    path("", MeView.as_view(), name="me"),
    path("messages/", MessageListView.as_view(), name="messages"),
    path("messages/<int:pk>/read/", MessageReadView.as_view(), name="message_read"),
]
