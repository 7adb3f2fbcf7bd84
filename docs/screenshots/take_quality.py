"""Screenshots of the open-data quality pages (issue 21), from a running demo portal.

    .venv/bin/python docs/screenshots/take_quality.py http://127.0.0.1:5000 ORGANIZATION DATASET

The agency quality page of ORGANIZATION and the quality badge on DATASET's page, Thai and English at
1280 px and 390 px, taken as docs/screenshots/take.py takes the others (run
`ckan dgplan quality refresh` first, twice for a trend).
"""
from __future__ import annotations

import sys

import take

if __name__ == "__main__":
    base, org, dataset = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    take.PAGES.clear()
    take.PAGES.update({"quality-agency": f"/plan/quality/{org}", "quality-badge": f"/dataset/{dataset}"})
    take.main(base, [])
