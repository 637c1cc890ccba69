from django.urls import path

from .views import directories, private_files
from .views.center import home as center_home
from .views.center import inbox as center_inbox
from .views.center import profile as center_profile
from .views.center import qualification as center_qualification

app_name = "marketplace"

urlpatterns = [
    # Public directories
    path("institutions/", directories.InstitutionListView.as_view(), name="institution_list"),
    path(
        "institutions/<int:pk>/",
        directories.InstitutionDetailView.as_view(),
        name="institution_detail",
    ),
    path("enterprises/", directories.EnterpriseListView.as_view(), name="enterprise_list"),
    path(
        "enterprises/<int:pk>/",
        directories.EnterpriseDetailView.as_view(),
        name="enterprise_detail",
    ),
    # Member centre
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
