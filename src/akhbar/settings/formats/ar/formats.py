"""Arabic formats that Django's ``ar`` module leaves unset, so that Django fell
back to its English ``DATETIME_FORMAT``, "N j, Y, P": Wagtail's admin dated
things «ديسمبر 7, 2026, 5:19 م» (the tooltips of its "3 hours ago"). The rest
is Django's ``ar`` module, which Django reads after this one.

The digits stay Western: Django's date and number formatting write Python's
digits and have no setting for another set (Akhbar's own pages and admin
screens convert theirs, ``AKHBAR_DIGITS``)."""

DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
