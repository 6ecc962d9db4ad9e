from django.urls import path

from goals.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.my_objectives, name="mine"),
    path("objectives/<int:pk>/check-in/", views.check_in, name="check-in"),
]
