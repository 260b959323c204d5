from django.urls import path

from . import feeds, views
from .selectors import KINDS

urlpatterns = [
    *feeds.urlpatterns(),
    *(
        path(
            "%s/<str:slug>/" % kind.prefix,
            views.entity_page,
            {"type": type},
            name="entity_%s" % type.lower(),
        )
        for type, kind in KINDS.items()
    ),
]
