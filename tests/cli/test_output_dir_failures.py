"""--output-dir when runs overlap, fail half way or are killed: the manifest stays true to what is on disk (every
report there has a digest it records), so that a later run replaces the tool's own files without --force, and
nothing a run left half-done (a temporary file, the folder's lock) gets in the next run's way."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from support.cli import Cli
from support.output_dir import digest, manifest, recorded, temporary_files, unrecorded

from checker.cli.files import LOCK, MANIFEST

RUN = ["--year", "2024", "rongchang", "--format", "html", "--format", "markdown"]
REPORTS = ["rongchang-2024.html", "rongchang-2024.md"]
MARKDOWN = "# 卫生健康规划目标检查报告".encode()  # how the second report (Chinese) starts, and nothing else written


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COLUMNS")}


# --------------------------------------------------------------------------------------------- runs side by side


def test_ten_runs_in_parallel_into_one_folder_are_all_listed(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runs = [(y, d, "json") for y in range(2021, 2025) for d in ("rongchang", "beibei")]
    runs += [(2024, "rongchang", "markdown"), (2024, "beibei", "markdown")]
    args = [["--year", str(y), d, "--output-dir", str(out), "--format", f] for y, d, f in runs]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "checker", *a],
            cwd=tmp_path,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for a in args
    ]
    errors = [p.communicate(timeout=60)[1].decode() for p in processes]
    assert all(p.returncode in (0, 1) and "wrote" in e for p, e in zip(processes, errors, strict=True)), errors
    names = [f"{d}-{y}.{'md' if f == 'markdown' else 'json'}" for y, d, f in runs]
    assert manifest(out) == {name: digest(out / name) for name in names}  # all ten, none lost to another run
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, MANIFEST, LOCK])  # no temporary file left
    again = cli("--year", "2024", "beibei", "--output-dir", str(out), "--format", "markdown", "--lang", "en")
    assert again.exit_code == 1, again.stderr  # the tool's own file, replaced without --force
    assert manifest(out)["beibei-2024.md"] == digest(out / "beibei-2024.md")
    assert len(manifest(out)) == 10 and LOCK not in again.stderr


# ------------------------------------------------------------------------------------------------- a full disk


def _disk_full_on(monkeypatch: pytest.MonkeyPatch, name: str, prefix: bytes = b"") -> None:
    """os.write (writing bytes that start with ``prefix``) or os.replace (onto ``name``) fails: the disk is full."""
    real_write, real_replace = os.write, os.replace

    def write(fd: int, data: Any) -> int:
        if name == "write" and bytes(data[: len(prefix)]) == prefix:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(dst).name == name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize(
    "prefix",
    [pytest.param(MARKDOWN, id="second-report"), pytest.param(b'{\n  "tool"', id="manifest")],
)
def test_a_full_disk_while_writing_changes_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefix: bytes
) -> None:
    assert cli(*RUN, "--lang", "en", "--output-dir", str(tmp_path)).exit_code == 1
    before = {name: digest(tmp_path / name) for name in [*REPORTS, MANIFEST]}
    with monkeypatch.context() as patch:
        _disk_full_on(patch, "write", prefix)
        failed = cli(*RUN, "--output-dir", str(tmp_path))
    assert failed.exit_code == 2 and "Traceback" not in failed.stdout + failed.stderr
    assert "No space left on device; nothing written" in failed.stderr
    assert f"hint: free some space on the disk holding {tmp_path}" in failed.stderr
    assert {name: digest(tmp_path / name) for name in [*REPORTS, MANIFEST]} == before
    assert temporary_files(tmp_path) == []
    rerun = cli(*RUN, "--output-dir", str(tmp_path))
    assert rerun.exit_code == 1, rerun.stderr
    assert manifest(tmp_path) == {name: digest(tmp_path / name) for name in REPORTS}


def test_a_full_disk_renaming_the_second_report_leaves_the_manifest_true(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli(*RUN, "--lang", "en", "--output-dir", str(tmp_path)).exit_code == 1
    english = digest(tmp_path / "rongchang-2024.md")
    with monkeypatch.context() as patch:
        _disk_full_on(patch, "rongchang-2024.md")
        failed = cli(*RUN, "--output-dir", str(tmp_path))
    assert failed.exit_code == 2 and "Traceback" not in failed.stdout + failed.stderr
    assert f"cannot write {tmp_path / 'rongchang-2024.md'}: No space left on device" in failed.stderr
    assert f"only {tmp_path / 'rongchang-2024.html'} written" in failed.stderr
    assert digest(tmp_path / "rongchang-2024.md") == english  # the old report, whole
    assert manifest(tmp_path) == {name: digest(tmp_path / name) for name in REPORTS}  # the new html, the old md
    assert temporary_files(tmp_path) == []
    assert cli(*RUN, "--output-dir", str(tmp_path)).exit_code == 1  # no --force needed
    assert manifest(tmp_path) == {name: digest(tmp_path / name) for name in REPORTS}


def test_a_read_only_folder_is_one_clear_error(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(out)) and flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)  # as root, a chmod would not stop the writes
    for where in (["--output-dir", str(out)], ["--format", "markdown", "--output", str(out / "r.md")]):
        result = cli("--year", "2024", "rongchang", *where)
        assert result.exit_code == 2 and "Traceback" not in result.stdout + result.stderr
        assert "Read-only file system" in result.stderr
        assert f"hint: make {out} writable, or write somewhere else" in result.stderr
    assert list(out.iterdir()) == []


# ---------------------------------------------------------------------------------------------- a killed run

KILLED_RUN = textwrap.dedent(
    """
    import os, signal, sys
    from checker.cli.main import main

    point, marker = sys.argv[1], {marker!r}
    real_write, real_replace = os.write, os.replace
    manifests = 0

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def write(fd, data):
        if point == "writing the second report" and bytes(data[: len(marker)]) == marker:
            real_write(fd, data[:100])
            die()
        return real_write(fd, data)

    def replace(src, dst, **kwargs):
        global manifests
        manifests += os.path.basename(dst) == {manifest!r}
        if point == "between the two renames" and str(dst).endswith(".md"):
            die()
        if point == "before the last manifest" and manifests == 2:
            die()
        return real_replace(src, dst, **kwargs)

    os.write, os.replace = write, replace
    sys.argv = ["check", *sys.argv[2:]]
    main()
    """
).format(marker=MARKDOWN, manifest=MANIFEST)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("point", ["writing the second report", "between the two renames", "before the last manifest"])
def test_a_run_killed_half_way_leaves_nothing_in_the_next_runs_way(cli: Cli, tmp_path: Path, point: str) -> None:
    assert cli(*RUN, "--lang", "en", "--output-dir", str(tmp_path)).exit_code == 1
    english = digest(tmp_path / "rongchang-2024.html")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, point, *RUN, "--output-dir", str(tmp_path)],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert temporary_files(tmp_path) != []  # what it was writing when it died
    assert unrecorded(tmp_path) == []  # each report, old or new, has a digest the manifest records
    if point != "writing the second report":  # the new html is in place, listed beside the old one
        assert recorded(tmp_path)["rongchang-2024.html"] == {english, digest(tmp_path / "rongchang-2024.html")}
    rerun = cli(*RUN, "--output-dir", str(tmp_path))  # the dead run's lock is gone with it: no wait
    assert rerun.exit_code == 1, rerun.stderr
    assert temporary_files(tmp_path) == []  # the killed run's, removed
    assert manifest(tmp_path) == {name: digest(tmp_path / name) for name in REPORTS}
