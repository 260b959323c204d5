"""Related articles by content, and wire-copy duplicates.

One public read, ``selectors.related_for(page, k)``, serves the article page
(through the hook ``news.selectors.register_related_provider``), the API and
the editor. Suggestions are stored per article and recomputed on publish.
"""
