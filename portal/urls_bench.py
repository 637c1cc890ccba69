from django.urls import path

from portal.bench import ceiling
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("__bench__/ceiling", ceiling), *portal_urlpatterns]
