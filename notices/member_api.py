"""活动报名 through the member API (/api/v2/me/signups/), R1.8 / R2.7.

Whoever may sign up on an activity's page may sign up here: any logged-in account (the page asks
for a login, not for a kind of member), so any account holding a token. The sign-up goes through
the page's own form (`ActivitySignUpForm`) and `notices.signups.sign_up`, which locks the
activity's row while it checks that sign-up is open, not yet closed, not full and not already
made, and writes the one row the unique constraint allows: a full activity, a closed sign-up or
a second sign-up is a 409 with the page's message. Cancelling is always allowed, as on
我的报名; someone else's sign-up is a 404.
"""

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from notices.forms import ActivitySignUpForm
from notices.models import ActivityNoticePage, ActivitySignUp
from notices.signups import cancel_sign_up, sign_up
from portal.member_api import (
    ERROR_RESPONSES,
    LIST_PARAMETERS,
    MemberAPIView,
    form_serializer,
    list_serializer,
    paginated,
    run_form,
)


class SignUpActivitySerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text="upcoming / ongoing / ended")
    status_label = serializers.CharField(help_text="即将开始 / 进行中 / 已结束")
    url = serializers.SerializerMethodField(help_text="活动页面地址")

    class Meta:
        model = ActivityNoticePage
        fields = ["id", "title", "start_at", "end_at", "place", "status", "status_label", "url"]

    def get_status(self, activity) -> str:
        return str(activity.status().value)

    def get_url(self, activity) -> str | None:
        request = self.context.get("request")
        url = activity.get_url(request)
        return request.build_absolute_uri(url) if url and request is not None else url


class SignUpSerializer(serializers.ModelSerializer):
    activity = SignUpActivitySerializer()

    class Meta:
        model = ActivitySignUp
        fields = ["id", "activity", "name", "organisation", "phone", "note", "created_at"]


class SignUpRequestForm(ActivitySignUpForm):
    """The page's sign-up form plus which activity: a live, public activity page."""

    activity = forms.ModelChoiceField(
        label=gettext_lazy("活动"),
        queryset=ActivityNoticePage.objects.live(),
        error_messages={
            "required": gettext_lazy("请指定要报名的活动（activity：活动页面 id）。"),
            "invalid_choice": gettext_lazy("所选活动不存在或未公开。"),
        },
    )

    field_order = ["activity"]

    def clean_activity(self):
        activity = self.cleaned_data["activity"]
        # `public()` reads the view restrictions as it is built: per request, never at import.
        if not ActivityNoticePage.objects.filter(pk=activity.pk).public().exists():
            raise forms.ValidationError(
                self.fields["activity"].error_messages["invalid_choice"], code="invalid_choice"
            )
        return activity


def my_signups(user):
    return (
        ActivitySignUp.objects.filter(user=user)
        .select_related("activity")
        .defer("activity__body")
        .order_by("-created_at", "-pk")
    )


class SignUpsView(MemberAPIView):
    @extend_schema(
        tags=["活动报名"],
        summary="我的报名（最新在前）",
        operation_id="me_signups_list",
        parameters=LIST_PARAMETERS,
        responses={200: list_serializer(SignUpSerializer, "MySignUpList"), **ERROR_RESPONSES},
    )
    def get(self, request):
        return paginated(request, my_signups(request.user), SignUpSerializer)

    @extend_schema(
        tags=["活动报名"],
        summary="报名参加活动",
        description=(
            "activity 为活动页面 id（/api/v2/pages/?type=notices.ActivityNoticePage）。"
            "活动不开放在线报名、报名已截止、名额已满或已报名时拒绝（409），并说明原因。"
        ),
        request=form_serializer(SignUpRequestForm, "SignUpCreate"),
        responses={201: SignUpSerializer, **ERROR_RESPONSES},
    )
    def post(self, request):
        form = run_form(SignUpRequestForm, request)
        fields = dict(form.cleaned_data)
        signup = sign_up(fields.pop("activity"), request.user, **fields)
        signup = my_signups(request.user).get(pk=signup.pk)
        return Response(
            SignUpSerializer(signup, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class SignUpDetailView(MemberAPIView):
    def get_signup(self, request, pk):
        # Filtering on the user makes someone else's sign-up a plain 404, as on the page.
        return get_object_or_404(my_signups(request.user), pk=pk)

    @extend_schema(
        tags=["活动报名"],
        summary="报名详情",
        responses={200: SignUpSerializer, **ERROR_RESPONSES},
    )
    def get(self, request, pk):
        signup = self.get_signup(request, pk)
        return Response(SignUpSerializer(signup, context={"request": request}).data)

    @extend_schema(
        tags=["活动报名"],
        summary="取消报名",
        request=None,
        responses={204: None, **ERROR_RESPONSES},
    )
    def delete(self, request, pk):
        cancel_sign_up(self.get_signup(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("signups/", SignUpsView.as_view(), name="signups"),
    path("signups/<int:pk>/", SignUpDetailView.as_view(), name="signup"),
]
