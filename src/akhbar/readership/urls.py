from django.urls import path

from . import views

urlpatterns = [path("view/", views.view_beacon, name="readership_view")]
