"""Entity pages: one reader page per canonical person, place and organisation,
listing the live articles that mention it, and the article page's links to the
entities central to a story.

Entities are the canonical names the search index stores per article
(``akhbar.search``); their type, slug and aliases come from the gazetteer
(``akhbar.arabic.entities``) with editors' changes over it (``models``,
``catalogue``): renamed, merged, split, hidden, more aliases, and names the
model found in enough articles. Editors change them through ``services``,
from the admin (``admin_views``).
"""
