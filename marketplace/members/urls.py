from django.urls import path

from marketplace.members.registration import views as registration
from marketplace.members.views import directories, private_files
from marketplace.members.views.center import home as center_home
from marketplace.members.views.center import inbox as center_inbox
from marketplace.members.views.center import profile as center_profile
from marketplace.members.views.center import qualification as center_qualification
from portal.page_cache import cache_public_page

app_name = "members"

urlpatterns = [
    # 免费注册: beside the portal's own account pages under /accounts/
    path("accounts/register/", registration.RegisterChoiceView.as_view(), name="register"),
    path(
        "accounts/register/enterprise/",
        registration.EnterpriseRegistrationView.as_view(),
        name="register_enterprise",
    ),
    path(
        "accounts/register/institution/",
        registration.InstitutionRegistrationView.as_view(),
        name="register_institution",
    ),
    path(
        "institutions/",
        cache_public_page(directories.InstitutionListView.as_view()),
        name="institution_list",
    ),
    path(
        "institutions/<int:pk>/",
        cache_public_page(directories.InstitutionDetailView.as_view()),
        name="institution_detail",
    ),
    path(
        "enterprises/",
        cache_public_page(directories.EnterpriseListView.as_view()),
        name="enterprise_list",
    ),
    path(
        "enterprises/<int:pk>/",
        cache_public_page(directories.EnterpriseDetailView.as_view()),
        name="enterprise_detail",
    ),
    path("center/", center_home.CenterHomeView.as_view(), name="center_home"),
    path(
        "center/enterprise/profile/",
        center_profile.EnterpriseProfileView.as_view(),
        name="center_enterprise_profile",
    ),
    path(
        "center/institution/profile/",
        center_profile.InstitutionProfileView.as_view(),
        name="center_institution_profile",
    ),
    path("center/messages/", center_inbox.InboxView.as_view(), name="center_messages"),
    path(
        "center/messages/<int:pk>/",
        center_inbox.NotificationDetailView.as_view(),
        name="center_message",
    ),
    path(
        "center/messages/read-all/",
        center_inbox.MarkAllReadView.as_view(),
        name="center_messages_read_all",
    ),
    path(
        "center/qualification/",
        center_qualification.QualificationView.as_view(),
        name="center_qualification",
    ),
    path(
        "files/qualifications/<int:pk>/<str:field_name>/",
        private_files.qualification_file,
        name="qualification_file",
    ),
]
