"""Bring content into Akhbar and take it out again.

Sources (``wordpress/``, ``pages/``, ``feeds/``) only parse and convert; every write
goes through ``services.py``, which creates pages with Wagtail's own API and
comments with ``akhbar.comments.services``. ``export.py`` writes WXR back out.
"""
