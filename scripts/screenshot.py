"""Take headless-Chromium screenshots of pages of a running satupintu.

python scripts/screenshot.py http://127.0.0.1:8000 /mpp/banyumas/ docs/img/landing.png [--lang en]
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

from satupintu.gates.browser import CHROMIUM_ARGS, chromium_executable


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("path")
    parser.add_argument("out")
    parser.add_argument("--lang", default="id")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    executable = chromium_executable()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(
            viewport={"width": args.width, "height": args.height}, locale=args.lang
        )
        page.context.add_cookies(
            [{"name": "django_language", "value": args.lang, "url": args.base}]
        )
        page.goto(args.base + args.path)
        page.screenshot(path=args.out, full_page=args.full)
        browser.close()


if __name__ == "__main__":
    main()
