"""Error pages in the site's language and layout."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception=None):
    return render(request, "theme/404.html", status=404)


def server_error(request):
    # No context processors: the failure may come from one of them.
    template = loader.get_template("theme/500.html")
    return HttpResponseServerError(template.render({"LANGUAGE_CODE": "ar"}))
