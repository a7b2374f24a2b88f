"""Make docs/report.png: the top of the HTML report of the bundled 2024 data for 荣昌, as headless Chromium draws it.

    python scripts/screenshot.py                  # needs chromium and fonts-noto-cjk (apt-get install -y ...)

Runs ``check --year 2024 rongchang --format html`` into a temporary folder and screenshots the first 1280×1600
pixels of the page. Options: --year, --district, --lang, --size, --output.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the headless-Chromium command line the browser tests use: tests/support

from support.browser import INSTALL_HINT, find_browser, headless_command  # noqa: E402

LIMIT = 400_000  # bytes: a picture for the README, not an archive


def browser() -> str:
    found = find_browser()
    if found is None:
        sys.exit(f"no chromium found: {INSTALL_HINT}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", default="2024")
    parser.add_argument("--district", default="rongchang")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--size", default="1280,1600", help="window width,height in CSS pixels")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "report.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "report.html"
        check = [sys.executable, "-m", "checker", "--year", args.year, args.district]
        check += ["--format", "html", "--lang", args.lang, "--output", str(html)]
        result = subprocess.run(check, cwd=ROOT, capture_output=True, text=True)
        if result.returncode not in (0, 1):  # 1: findings, which is what the picture shows
            sys.exit(f"check failed ({result.returncode}): {result.stderr.strip()}")
        shot = headless_command(
            browser(),
            Path(tmp) / "profile",
            f"--screenshot={args.output}",
            f"--window-size={args.size}",
            html.as_uri(),
        )
        subprocess.run(shot, check=True, capture_output=True, timeout=180)
    size = args.output.stat().st_size
    print(f"{args.output}: {size // 1000} kB")
    if size > LIMIT:
        print(f"warning: larger than {LIMIT // 1000} kB; try a smaller --size", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
