"""The public JSON API under ``/api/v1/``: read-only, anonymous, described by an
OpenAPI 3.1 document generated from the code (django-ninja).

A top-floor app: it reads news, search and comments through their selectors and
nothing imports it but the URL configuration.
"""
