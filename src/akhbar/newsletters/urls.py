"""Reader-facing newsletter URLs."""

from django.urls import path

from . import views

app_name = "akhbar_newsletters"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<str:slug>/subscribe/", views.subscribe, name="subscribe"),
]
