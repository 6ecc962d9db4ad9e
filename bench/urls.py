"""The real URLs plus a constant view, the floor of what a Django response can cost."""

from django.http import HttpResponse
from django.urls import include, path

CONSTANT_BODY = b"<!DOCTYPE html><title>constant</title><p>A constant Django response.</p>\n"


def constant(request):
    return HttpResponse(CONSTANT_BODY)


urlpatterns = [
    path("__bench__/constant/", constant, name="bench-constant"),
    path("", include("strategy_site.urls")),
]
