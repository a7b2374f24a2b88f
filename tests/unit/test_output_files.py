"""The report files of checker/cli/files.py: their names, a write that leaves the old file if interrupted, the
--output-dir folder's lock and the clean-up of what a killed run left.
(--output and --output-dir through the command line: tests/cli/test_output_dir*.py, test_views_output_dir.py.)"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest
from support.output_dir import digest, manifest

from checker.cli import files
from checker.cli.files import LOCK, MANIFEST, TEMP_PREFIX, report_name, write_reports
from checker.domain.errors import CheckerError


def test_report_name_for_views() -> None:
    assert report_name(["beibei", "rongchang"], True, 2024, "html", view="summary") == "summary-all-2024.html"
    assert report_name(["rongchang"], False, 2021, "xlsx", view="trend", last=2024) == (
        "trend-rongchang-2021-2024.xlsx"
    )
    assert report_name(list("abcde"), False, 2024, "markdown", view="summary") == "summary-5-districts-2024.md"
    assert report_name(["rongchang"], False, 2024, "html") == "rongchang-2024.html"  # the run's names unchanged
    with pytest.raises(CheckerError, match="cannot be used in a file name"):
        report_name(["../etc"], False, 2021, "html", view="trend", last=2024)
    with pytest.raises(CheckerError, match="year -1 cannot be used"):
        report_name(["rongchang"], False, -1, "html", view="trend", last=2024)
    with pytest.raises(ValueError, match="no such view"):
        report_name(["rongchang"], False, 2024, "html", view="../x")


def test_an_interrupted_write_leaves_the_old_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("the good old report")

    def fail(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", fail)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomically(target, "half a new rep")
    assert target.read_text() == "the good old report"
    assert os.listdir(tmp_path) == ["report.json"]


# --- the --output-dir folder: its lock, and what a killed run left ------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_run_waits_for_the_folder_lock_and_gives_up_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    with open(tmp_path / LOCK, "w") as other:  # another run, writing into the folder
        fcntl.flock(other, fcntl.LOCK_EX)
        threading.Timer(0.2, fcntl.flock, (other, fcntl.LOCK_UN)).start()
        started = time.monotonic()
        assert write_reports(tmp_path, [("a.md", "a")]) == [tmp_path / "a.md"]  # waited for its turn
        assert time.monotonic() - started >= 0.15
        fcntl.flock(other, fcntl.LOCK_EX)
        monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.1)
        with pytest.raises(CheckerError, match=f"another health-plan-checker run has been writing into {tmp_path}"):
            write_reports(tmp_path, [("b.md", "b")])
    assert sorted(os.listdir(tmp_path)) == [MANIFEST, LOCK, "a.md"]
    assert manifest(tmp_path) == {"a.md": digest(tmp_path / "a.md")}  # the lock file is no report


@pytest.mark.skipif(sys.platform == "win32", reason="flock and symlinks")
def test_only_the_temporary_files_of_a_dead_run_are_removed(tmp_path: Path) -> None:
    import fcntl

    old = time.time() - 3600
    dead = tmp_path / f"{TEMP_PREFIX}k1ll3d_x"
    dead.write_bytes(b"half a rep")
    live = tmp_path / f"{TEMP_PREFIX}l1v3wr1t"  # another process is writing it (`check --output` into the folder)
    live.write_bytes(b"being written")
    fresh = tmp_path / f"{TEMP_PREFIX}n3w3r000"  # made after this run took the lock
    fresh.write_bytes(b"just made")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("keep")
    link = tmp_path / f"{TEMP_PREFIX}symlink0"
    link.symlink_to(outside)
    folder = tmp_path / f"{TEMP_PREFIX}afolder0"
    folder.mkdir()
    mine = [tmp_path / ".rongchang-2024.md.abcd1234.tmp", tmp_path / "notes.tmp", tmp_path / ".tmp-x"]
    for path in mine:
        path.write_text("a file of yours")
    for path in (dead, live, link, *mine):
        os.utime(path, (old, old), follow_symlinks=False)
    os.utime(fresh, (time.time() + 3600,) * 2)
    with open(live, "rb") as writer:
        fcntl.flock(writer, fcntl.LOCK_EX)
        write_reports(tmp_path, [("a.md", "a")])
    assert not dead.exists()
    assert live.exists() and fresh.exists() and link.is_symlink() and folder.is_dir()
    assert outside.read_text() == "keep" and all(path.exists() for path in mine)


def test_a_manifest_with_a_malformed_writing_section_is_not_the_tools(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text('{"tool": "health-plan-checker", "files": {}, "writing": {"a.md": "x"}}')
    with pytest.raises(CheckerError, match="is not a health-plan-checker manifest"):
        write_reports(tmp_path, [("a.md", "a")])
    assert write_reports(tmp_path, [("a.md", "a")], force=True) == [tmp_path / "a.md"]
    assert manifest(tmp_path) == {"a.md": digest(tmp_path / "a.md")}
