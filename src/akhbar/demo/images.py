"""Illustrations for the demo, drawn locally: no download, no third-party photo."""

import hashlib
import io
import random

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

PALETTES = (
    ((163, 20, 28), (240, 200, 120), (30, 30, 45)),
    ((20, 90, 140), (200, 230, 240), (15, 40, 60)),
    ((30, 120, 80), (220, 240, 200), (20, 50, 35)),
    ((120, 60, 150), (240, 210, 240), (40, 20, 60)),
    ((200, 110, 20), (250, 230, 190), (70, 40, 10)),
    ((60, 60, 70), (220, 220, 225), (20, 20, 25)),
)


def draw_illustration(key: str, *, palette: int = 0, size=(1600, 900)) -> bytes:
    """An abstract, deterministic JPEG for ``key``: gradient, arcs and bands."""
    seed = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    rng = random.Random(seed)  # noqa: S311
    main, light, dark = PALETTES[palette % len(PALETTES)]
    width, height = size
    image = PILImage.new("RGB", size, light)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        color = tuple(int(light[i] * (1 - t) + main[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=color)
    for _ in range(7):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(80, 420)
        shade = tuple(min(255, c + rng.randrange(-40, 40)) for c in dark)
        draw.ellipse(
            [x - r, y - r, x + r, y + r], outline=shade, width=rng.randrange(4, 22)
        )
    for _ in range(3):
        y = rng.randrange(height)
        draw.rectangle([0, y, width, y + rng.randrange(10, 60)], fill=main)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()
