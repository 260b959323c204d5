"""Draw the site icons into src/akhbar/theme/static/akhbar/icons/.

The icon is the site's initial, a stylised «أ» (an alef with its hamza) in white
on the theme's accent red, drawn from a few shapes so that no font is needed and
the SVG and the bitmaps come from one geometry. Run after changing the design:

    .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "src/akhbar/theme/static/akhbar/icons"
ACCENT = "#a3141c"
WHITE = "#ffffff"
GRID = 64  # Design units; every figure below is on this grid.
CORNER = 12
ALEF = (27, 24, 37, 54, 5)  # x0, y0, x1, y1, corner radius
HAMZA_BOX = (28, 7, 38, 17)  # bounding box of the hamza's open curve
HAMZA_TAIL = ((33, 17), (26, 21))
STROKE = 3.5


def svg() -> str:
    x0, y0, x1, y1, radius = ALEF
    cx = (HAMZA_BOX[0] + HAMZA_BOX[2]) / 2
    cy = (HAMZA_BOX[1] + HAMZA_BOX[3]) / 2
    r = (HAMZA_BOX[2] - HAMZA_BOX[0]) / 2
    (tx0, ty0), (tx1, ty1) = HAMZA_TAIL
    # The hamza's curve opens to the right: from its top-right point round the
    # left side to the bottom, then the tail.
    start_x, start_y = cx + r * 0.7, cy - r * 0.7
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">'
        f'<rect width="{GRID}" height="{GRID}" rx="{CORNER}" fill="{ACCENT}"/>'
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" '
        f'rx="{radius}" fill="{WHITE}"/>'
        f'<path d="M{start_x} {start_y} A{r} {r} 0 1 0 {tx0} {ty0} L{tx1} {ty1}" '
        f'fill="none" stroke="{WHITE}" stroke-width="{STROKE}" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
        "</svg>\n"
    )


def bitmap(size: int, *, rounded: bool = True) -> Image.Image:
    """The icon at ``size`` px, drawn 8 times larger and scaled down smoothly."""
    scale = size * 8 / GRID
    big = Image.new("RGBA", (size * 8, size * 8), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.rounded_rectangle(
        (0, 0, size * 8 - 1, size * 8 - 1),
        radius=CORNER * scale if rounded else 0,
        fill=ACCENT,
    )
    x0, y0, x1, y1, radius = ALEF
    draw.rounded_rectangle(
        (x0 * scale, y0 * scale, x1 * scale, y1 * scale),
        radius=radius * scale,
        fill=WHITE,
    )
    box = tuple(v * scale for v in HAMZA_BOX)
    width = round(STROKE * scale)
    # Pillow's angles run clockwise from 3 o'clock: leave the right side open.
    draw.arc(box, start=90, end=315, fill=WHITE, width=width)
    (tx0, ty0), (tx1, ty1) = HAMZA_TAIL
    draw.line(
        (tx0 * scale, ty0 * scale, tx1 * scale, ty1 * scale), fill=WHITE, width=width
    )
    for x, y in ((tx0, ty0), (tx1, ty1)):
        half = width / 2
        draw.ellipse(
            (x * scale - half, y * scale - half, x * scale + half, y * scale + half),
            fill=WHITE,
        )
    return big.resize((size, size), Image.LANCZOS)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(svg(), encoding="utf-8")
    # iOS rounds the corners itself and shows transparency as black.
    bitmap(180, rounded=False).convert("RGB").save(
        OUT / "apple-touch-icon.png", optimize=True
    )
    bitmap(256).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    for path in sorted(OUT.iterdir()):
        print("%s  %d bytes" % (path.name, path.stat().st_size))


if __name__ == "__main__":
    main()
