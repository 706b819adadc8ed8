#!/usr/bin/env python3
"""Take the README's screenshots of `fazhi report` in headless Chromium.

    .venv/bin/fazhi run                                   # the seeds into data/warehouse.duckdb
    .venv/bin/fazhi demo                                  # the synthetic demo into data/demo/
    .venv/bin/python scripts/screenshots.py               # writes docs/img/*.png

Needs Debian's chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fazhi.report import write_report  # noqa: E402

# (warehouse, image, element to show at the top of the window, open the first report's page)
SHOTS = [
    ("data/warehouse.duckdb", "report-seeds-overview.png", "header", False),
    ("data/warehouse.duckdb", "report-seeds-report-page.png", "#reports", True),
    ("data/demo/demo.duckdb", "report-demo-indicators.png", "#indicators", False),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "docs" / "img"))
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=860)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("screenshots: chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for db, image, anchor, open_first in SHOTS:
            if not (ROOT / db).exists():
                print(f"skipped {image}: no {db} (run `fazhi run` / `fazhi demo` first)")
                continue
            html = Path(tmp) / (image + ".html")
            write_report(ROOT / db, html, demo="demo" in db)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(html.as_uri())
            page.wait_for_function("document.body.dataset.charts !== 'pending'", timeout=60_000)
            if open_first:
                page.click("details.report summary")
            page.eval_on_selector(anchor, "e => e.scrollIntoView()")
            page.evaluate("window.scrollBy(0, -50)")
            page.screenshot(path=str(out / image))
            page.close()
            print(f"wrote {out / image}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
