"""What the import commands share: turning bad input into clear command errors."""

import contextlib

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .selectors import section_by_reference
from .xmlsafe import ImportRefused


def section_option(reference: str | None):
    """The section named by ``--section``, None when not given; an error if unknown."""
    if not reference:
        return None
    section = section_by_reference(reference)
    if section is None:
        raise CommandError(
            _("لا يوجد قسم بهذا الاسم: %(section)s") % {"section": reference}
        )
    return section


@contextlib.contextmanager
def command_errors():
    """Report a missing file or a refused import as a CommandError (non-zero exit)."""
    try:
        yield
    except FileNotFoundError as error:
        raise CommandError(
            _("الملف غير موجود: %(path)s") % {"path": error.filename}
        ) from error
    except ImportRefused as error:
        raise CommandError(str(error)) from error
