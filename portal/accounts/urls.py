from django.contrib.auth import views as auth_views
from django.urls import path

from .views import PortalLoginView, RegisterChoiceView

app_name = "accounts"

urlpatterns = [
    path("login/", PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("register/", RegisterChoiceView.as_view(), name="register"),
]
