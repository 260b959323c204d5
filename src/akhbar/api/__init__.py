"""The public JSON API under ``/api/v1/``, described by an OpenAPI 3.1 document
generated from the code (django-ninja).

Reads are anonymous and cacheable, through the selectors of news, search,
entities and readership. Writes (token-authenticated, ``tokens``) go through
the one path that writes pages: ``akhbar.importers.services`` (the upserts the
importers and the demo share) and the newsroom's review workflow, so a story
pushed by the API gets the revisions, slugs, entity extraction, related lists,
duplicate warnings and cache purges an editor's gets. That puts ``api`` on the
fourth floor, beside ``importers`` and ``demo``; ``importers`` never imports it,
and nothing imports it but the URL configuration.
"""
