from django.urls import path

from .bench import ceiling
from .urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("__bench__/ceiling", ceiling), *portal_urlpatterns]
