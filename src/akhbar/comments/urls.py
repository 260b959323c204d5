"""Reader-facing comment URLs (the admin queue is registered by wagtail_hooks)."""

from django.urls import path

from . import views

app_name = "akhbar_comments"

urlpatterns = [
    # A string, parsed by the view: an id too large for the database is a 404.
    path("post/<str:article_id>/", views.post_comment, name="post"),
    path("tokens/<str:article_id>/", views.comment_tokens, name="tokens"),
]
