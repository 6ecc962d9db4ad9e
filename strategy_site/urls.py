from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from goals.api import api

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("goals.urls")),
]
