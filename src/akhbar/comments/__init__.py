"""Reader comments: threaded, moderated, safe, with no outside service.

- ``services``: the only code that creates or changes comments
  (``comment_create``, ``comment_approve``, ``comment_spam``, ``comment_trash``,
  ``comment_restore``, ``comment_moderate_many``, ``comment_forget_client_data``).
- ``selectors``: reads; public reads never load e-mail, IP or browser.
- ``moderation``: the rules that publish or hold; ``spam``: form timestamp and
  rate limits; ``text``/``rendering``: plain text in, escaped HTML out.
- The article page includes ``akhbar_comments/article_comments.html``; the form
  posts to ``/comments/post/<article id>/``; the queue is ``/admin/comments/``,
  for users with ``akhbar_comments.moderate_comment``.
- Settings: ``AKHBAR_COMMENTS_*`` at the end of ``akhbar.settings.base``.
"""
