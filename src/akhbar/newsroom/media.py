"""Image uploads that are checked before they are stored, with Arabic messages.

Wagtail checks the extension, the byte size and the pixel count read from the
file's header. A file whose header is sound but whose data is cut short (a
truncated JPEG) passes those checks and then fails on every rendition; here the
image is decoded once at upload, so it is refused with a message instead. The
pixel limit is checked before anything is decoded, which keeps a decompression
bomb (a small file declaring enormous dimensions) from using the server's memory.

``validate_image_file`` applies the same field to a file on disk: the
importers and the demo check images by these rules, not rules of their own.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from akhbar.arabic.dates import format_number

# Pillow errors that mean "this is not a whole, readable image".
DECODE_ERRORS = (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError)


def _number(value) -> str:
    return format_number(value, digits=settings.AKHBAR_DIGITS)


def _megapixels(pixels: int) -> str:
    return format_number(pixels / 1_000_000, digits=settings.AKHBAR_DIGITS, decimals=1)


class NewsImageField(WagtailImageField):
    """Wagtail's image field with Arabic messages and a full decode of the image."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formats = "، ".join(ext.upper() for ext in self.allowed_image_extensions)
        self.error_messages.update(
            {
                "invalid_image": _(
                    "هذا الملف ليس صورة يمكن قراءتها. ارفع صورة بإحدى الصيغ: "
                    "%(formats)s."
                )
                % {"formats": formats},
                "invalid_image_extension": _(
                    "صيغة الملف غير مقبولة. الصيغ المقبولة: %(formats)s."
                )
                % {"formats": formats},
                "invalid_image_known_format": _(
                    "امتداد الملف (.%(extension)s) لا يطابق محتواه (%(image_format)s). "
                    "احفظ الصورة من جديد بالصيغة الصحيحة أو صحّح امتدادها."
                ),
                "file_too_large": _(
                    "حجم الملف %(file_size)s أكبر من الحد المسموح %(max_filesize)s. "
                    "صغّر الصورة أو اضغطها ثم ارفعها من جديد."
                ),
                "file_too_large_unknown_size": _(
                    "حجم الملف أكبر من الحد المسموح %(max_filesize)s."
                )
                % {"max_filesize": self.max_upload_size_text},
            }
        )

    def check_image_pixel_size(self, f):
        if self.max_image_pixels is None:
            return super().check_image_pixel_size(f)
        limit = _megapixels(self.max_image_pixels)
        try:
            width, height = f.image.get_size()
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
            # Pillow refuses to even read the size of a file this large.
            raise ValidationError(
                _(
                    "أبعاد الصورة أكبر بكثير من الحد المسموح (%(limit)s ميغابكسل)، "
                    "ولن تُفتح حمايةً للخادم."
                )
                % {"limit": limit},
                code="file_too_many_pixels",
            ) from None
        except DECODE_ERRORS:
            # Willow may decode while reading the size; Wagtail would answer
            # a truncated JPEG with a server error here.
            raise self._corrupt() from None
        pixels = width * height * f.image.get_frame_count()
        if pixels > self.max_image_pixels:
            raise ValidationError(
                _(
                    "أبعاد الصورة %(width)s × %(height)s بكسل (%(pixels)s ميغابكسل) "
                    "تتجاوز الحد المسموح %(limit)s ميغابكسل. صغّر الصورة ثم ارفعها."
                )
                % {
                    "width": _number(width),
                    "height": _number(height),
                    "pixels": _megapixels(pixels),
                    "limit": limit,
                },
                code="file_too_many_pixels",
            )

    def to_python(self, data):
        f = super().to_python(data)
        if f is not None:
            self.check_image_decodes(f)
        return f

    def check_image_decodes(self, f):
        """Decode the image once so that truncated or corrupt data is refused now."""
        f.seek(0)
        try:
            with PILImage.open(f) as image:
                # A JPEG can be decoded at an eighth of its size: every byte of the
                # compressed data is still read, with a sixty-fourth of the memory.
                image.draft(
                    "RGB", (max(image.width // 8, 1), max(image.height // 8, 1))
                )
                image.load()
        except DECODE_ERRORS:
            raise self._corrupt() from None
        finally:
            f.seek(0)

    def _corrupt(self) -> ValidationError:
        return ValidationError(
            _(
                "الصورة تالفة أو ناقصة ولا يمكن فتحها. صدّرها من جديد من برنامج "
                "الصور ثم ارفعها."
            ),
            code="invalid_image_data",
        )


class NewsImageForm(BaseImageForm):
    """The image form of the admin (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the field itself; the multiple uploader's edit form has
        # none, which is why it is swapped here and not declared on the class.
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(
            field, NewsImageField
        ):
            self.fields["file"] = NewsImageField(
                label=field.label,
                required=field.required,
                widget=field.widget,
                help_text=field.help_text,
            )


def validate_image_file(path: Path) -> None:
    """Check an image file on disk as the newsroom's upload form checks an upload
    (``NewsImageField``): extension, byte size, format, pixel count (every frame)
    and a full decode. Raises ``ValidationError`` with the Arabic message."""
    field = NewsImageField()
    with open(path, "rb") as handle:
        upload = File(handle, name=Path(path).name)
        # Before the field reads the whole file into memory.
        field.check_image_file_size(upload)
        field.clean(upload)
