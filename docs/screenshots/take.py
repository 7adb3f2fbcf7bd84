"""Retake the README's screenshots of the portal a citizen meets, from a running demo portal.

    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:5000 [page ...]

Thai and English at 1280 px and 390 px, full page, with Debian's Chromium (``DGPLAN_CHROMIUM``,
default ``/usr/bin/chromium``) driven by Playwright. Each page is also checked as it is taken:
the width of the document (no sideways scroll) is printed next to the file name.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PAGES = {
    "home": "/",
    "dataset": "/dataset/st-elevation-stemi",
    "search": "/dataset/?q=%E0%B8%AA%E0%B8%96%E0%B8%B4%E0%B8%95%E0%B8%B4",  # สถิติ
    "plan": "/plan",
    "strategy": "/plan/strategy/S3",
    "kpi": "/plan/kpi/KPI-EGDI-RANK",
    "coverage": "/plan/coverage",
}
WIDTHS = (1280, 390)


def main(base: str, names: list[str]) -> None:
    chromium = os.environ.get("DGPLAN_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        for width in WIDTHS:
            phone = width < 600
            ctx = browser.new_context(viewport={"width": width, "height": 844 if phone else 900},
                                      device_scale_factor=1, is_mobile=phone, has_touch=phone)
            page = ctx.new_page()
            for name in names or list(PAGES):
                for lang in ("th", "en"):
                    url = base + ("/en" if lang == "en" else "") + PAGES[name]
                    page.goto(url, wait_until="networkidle", timeout=120_000)
                    out = HERE / f"{name}-{lang}-{width}.png"
                    page.screenshot(path=str(out), full_page=True)
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    print(f"{out.name}: document {scroll} px wide")
            ctx.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2:])
