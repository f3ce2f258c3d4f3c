"""The QR code on the printed service standard poster, drawn on the server.

SVG stays sharp at any print size, and as a data: URI it needs no file and no script
(the Content-Security-Policy allows data: images and nothing inline).
"""

from __future__ import annotations

import segno


def qr_data_uri(url: str) -> str:
    """An SVG QR code for `url`; error level M survives a scuffed or glossy poster."""
    return segno.make_qr(url, error="m").svg_data_uri(border=4, light="#fff", omitsize=True)
