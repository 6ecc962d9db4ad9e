"""E-mail preferences (signed in) and unsubscribe links (no sign-in). Never page-cached."""

from django.urls import path

from goals.notifications import views

app_name = "notifications"

urlpatterns = [
    path("account/notifications/", views.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:kind>/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
