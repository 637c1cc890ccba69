"""The editors' view of activity sign-ups in the Wagtail admin: list, filter, export."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet

from notices.models import ActivitySignUp


class ActivitySignUpFilterSet(WagtailFilterSet):
    class Meta:
        model = ActivitySignUp
        fields = ["activity"]


class ActivitySignUpViewSet(ModelViewSet):
    model = ActivitySignUp
    icon = "form"
    menu_label = _("活动报名")
    menu_order = 250
    add_to_admin_menu = True
    # Sign-ups are members' own records: editors read, export and may correct or remove them.
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["name", "organisation", "phone", "note"]

    list_display = ["name", "organisation", "phone", "activity", "created_at"]
    list_export = ["activity", "name", "organisation", "phone", "note", "user", "created_at"]
    export_headings = {
        "activity": _("活动"),
        "name": _("姓名"),
        "organisation": _("单位名称"),
        "phone": _("联系电话"),
        "note": _("备注"),
        "user": _("用户名"),
        "created_at": _("报名时间"),
    }
    export_filename = "activity-signups"
    filterset_class = ActivitySignUpFilterSet
    search_fields = ["name", "organisation", "phone", "activity__title"]
    search_backend_name = None  # sign-ups are not in the search index: plain ORM lookups
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return ActivitySignUp.objects.select_related("activity", "user").defer("activity__body")


activity_signup_viewset = ActivitySignUpViewSet("activity_signups")
