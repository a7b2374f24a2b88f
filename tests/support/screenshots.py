"""Pages in headless Chromium, for the browser tests: a skip on a machine without it, a failure in CI (which installs
it: apt-get install -y chromium fonts-noto-cjk)."""

from __future__ import annotations

import os
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from support.browser import INSTALL_HINT, find_browser, headless_command


def chromium() -> str:
    """The headless browser; a skip without one, except in CI, where it must be there."""
    found = find_browser()
    if found:
        return found
    message = f"no chromium binary found (Debian: {INSTALL_HINT})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def headless(browser: str, profile: Path, *args: str) -> None:
    subprocess.run(headless_command(browser, profile, *args), check=True, capture_output=True, timeout=180)


def png_facts(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct bytes in the decompressed pixel rows (a blank page has ~2)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, offset = bytearray(), 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        if data[offset + 4 : offset + 8] == b"IDAT":
            idat += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    return width, height, len(set(zlib.decompress(bytes(idat))))


def assert_screenshot_not_blank(page: str, tmp_path: Path, height: int) -> None:
    """Screenshot ``page`` and an empty page in headless Chromium (1280 × height): the page's picture must have
    many colours and be far larger than the empty page's, which is the yardstick of a blank one."""
    browser = chromium()
    html = tmp_path / "page.html"
    html.write_text(page, encoding="utf-8")
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    shots = {}
    for name, source in (("page", html), ("blank", blank)):
        shots[name] = tmp_path / f"{name}.png"
        headless(
            browser,
            tmp_path / f"profile-{name}",
            f"--screenshot={shots[name]}",
            f"--window-size=1280,{height}",
            source.as_uri(),
        )
    width, shot_height, distinct = png_facts(shots["page"])
    assert (width, shot_height) == (1280, height)
    assert distinct > 32, "the screenshot is blank"
    assert shots["page"].stat().st_size > 10 * shots["blank"].stat().st_size
    assert png_facts(shots["blank"])[2] < 8  # the yardstick: an empty page is nearly one byte value
