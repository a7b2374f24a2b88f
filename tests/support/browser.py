"""The headless Chromium command line, in one place for scripts/screenshot.py and the browser tests.

Not part of the package: the checker itself never starts a browser.

Flags: no sandbox (containers, CI), no GPU, no network chatter (QUIC, background updates, sync), no first-run
screens, no scrollbars and a device scale of 1, so that a screenshot has exactly the window's size in pixels.
"""

from __future__ import annotations

import shutil
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
INSTALL_HINT = "apt-get install -y chromium fonts-noto-cjk"


def find_browser() -> str | None:
    """The first Chromium-like browser on PATH, or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def headless_command(browser: str, profile: Path, *args: str) -> list[str]:
    """The command that runs ``browser`` headless with a throwaway profile folder, then ``args``."""
    return [browser, *HEADLESS_FLAGS, f"--user-data-dir={profile}", *args]
