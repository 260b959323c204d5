from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/v1/search", views.search_api, name="search_api"),
]
