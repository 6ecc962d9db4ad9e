"""The board's review pages: signed-in board members and founders only (never page-cached)."""

from django.urls import path

from goals.board import views

app_name = "board"

urlpatterns = [
    path("", views.review_home, name="home"),
    path("plans/<slug:plan_slug>/", views.plan_review, name="plan"),
    path("plans/<slug:plan_slug>/record/", views.record_review, name="record-new"),
    path("plans/<slug:plan_slug>/objectives.csv", views.objectives_csv, name="objectives-csv"),
    path("records/<int:pk>/", views.review_detail, name="record"),
    path("records/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("records/<int:pk>/snapshot.csv", views.snapshot_csv, name="snapshot-csv"),
    path("compare/", views.compare, name="compare"),
]
