from django.urls import path

from notices.views.signups import cancel_signup, my_signups

app_name = "notices"

urlpatterns = [
    path("notices/my-signups/", my_signups, name="my_signups"),
    path("notices/signups/<int:pk>/cancel/", cancel_signup, name="cancel_signup"),
]
