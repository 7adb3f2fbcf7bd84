"""Retake the screenshots of a cp874 upload's table preview, from a running portal (``make serve``).

    .venv/bin/python docs/screenshots/take_table.py http://127.0.0.1:5000 var/admin.token [dataset [resource]]

Uploads ``table-cp874.csv`` (next to this script: registered population by province, Department of
Provincial Administration, 2566, written as Excel on Thai Windows writes CSV: Windows-874) as a new
resource of ``dataset`` (default ``social_news`` of the demo data), waits for xloader's job, and
takes the resource page (its default ``datatables_view``; of ``resource`` instead, when one is given:
no upload) in Thai and English at 1280 px with Debian's Chromium (``DGPLAN_CHROMIUM``), by Playwright.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
CSV = HERE / "table-cp874.csv"


def upload(base: str, token: str, dataset: str) -> dict:
    with open(CSV, "rb") as fh:
        res = requests.post(f"{base}/api/3/action/resource_create", headers={"Authorization": token},
                            data={"package_id": dataset, "name": "จำนวนประชากรตามทะเบียนราษฎร (cp874)",
                                  "format": "CSV", "url": ""},
                            files={"upload": ("population-cp874.csv", fh, "text/csv")}, timeout=60)
    res.raise_for_status()
    return res.json()["result"]


def wait_loaded(base: str, token: str, resource_id: str) -> dict:
    for _ in range(120):
        status = requests.get(f"{base}/api/3/action/xloader_status", params={"resource_id": resource_id},
                              headers={"Authorization": token}, timeout=30).json()["result"]
        if status.get("status") in ("complete", "error"):
            return status
        time.sleep(1)
    raise SystemExit("xloader did not finish in 2 minutes")


def main(base: str, token_file: str, dataset: str = "social_news", resource_id: str = "") -> None:
    token = Path(token_file).read_text().strip()
    resource = {"id": resource_id} if resource_id else upload(base, token, dataset)
    status = wait_loaded(base, token, resource["id"])
    print(f"resource {resource['id']}: xloader {status['status']}")
    chromium = os.environ.get("DGPLAN_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        page = ctx.new_page()
        for lang in ("th", "en"):
            url = f"{base}{'/en' if lang == 'en' else ''}/dataset/{dataset}/resource/{resource['id']}"
            page.goto(url, wait_until="networkidle")
            frame = page.frame_locator("iframe").first
            frame.locator("table tbody tr").first.wait_for(timeout=30000)
            out = HERE / f"table-cp874-{lang}-1280.png"
            page.screenshot(path=str(out), full_page=True)
            print(out.name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), *sys.argv[2:])
