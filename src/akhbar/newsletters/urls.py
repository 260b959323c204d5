"""Reader-facing newsletter URLs."""

from django.urls import path

from . import views

app_name = "akhbar_newsletters"

urlpatterns = [
    # Providers' tracking webhooks (/newsletters/anymail/<provider>/tracking/),
    # behind ANYMAIL_WEBHOOK_SECRET: bounces and complaints stop a subscriber.
    # The provider's webhook module is imported by its first event, not here.
    path(
        "anymail/<slug:provider>/tracking/",
        views.tracking_webhook,
        name="tracking_webhook",
    ),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<str:slug>/subscribe/", views.subscribe, name="subscribe"),
]
