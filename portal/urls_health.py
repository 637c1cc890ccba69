from django.urls import path

from portal.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
]
