from django.urls import path

from goals.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.my_objectives, name="mine"),
    path("objectives/<int:pk>/check-in/", views.check_in, name="check-in"),
    path("objectives/<int:pk>/github/", views.add_github_link, name="add-github-link"),
    path("github/<int:pk>/remove/", views.remove_github_link, name="remove-github-link"),
]
