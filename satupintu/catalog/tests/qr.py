"""Read back the QR code a page embeds, as a phone camera would: rasterise, then decode."""

from __future__ import annotations

import re
from urllib.parse import unquote

import zxingcpp
from PIL import Image, ImageDraw

_VIEWBOX = re.compile(r"viewBox='0 0 (\d+) (\d+)'")
_PATH = re.compile(r"class='qrline'[^>]*\bd='([^']+)'")
_COMMAND = re.compile(r"([MmHh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?")


def svg_qr_to_image(data_uri: str, scale: int = 8) -> Image.Image:
    """Draw segno's SVG (horizontal dark runs along module rows) as a black-on-white image."""
    svg = unquote(data_uri.split(",", 1)[1])
    width, height = map(int, _VIEWBOX.search(svg).groups())
    image = Image.new("L", (width * scale, height * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in _COMMAND.findall(_PATH.search(svg).group(1)):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:  # h: a dark run of `a` modules on the row whose centre line is y
            end = x + float(a) if command == "h" else float(a)
            row = int(y)
            draw.rectangle(
                [int(x) * scale, row * scale, int(end) * scale - 1, (row + 1) * scale - 1], fill=0
            )
            x = end
    return image


def decode_qr(image: Image.Image) -> list[str]:
    """The texts of every QR code zxing-cpp finds in the image."""
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L")) if r.valid]
