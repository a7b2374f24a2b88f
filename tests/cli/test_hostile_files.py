"""Files that cannot hurt the checker: only regular files are read, never more bytes than the limit, and a plan's
text cannot inject a value into a template. Every hostile file is made here, in a temporary folder."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest
import yaml
from support.cli import Cli
from support.paths import WORLD

from checker.domain.errors import InputError
from checker.inputs.regular_files import read_regular_file

SECONDS = 5  # a bound far above the real time (well under a second): the point is that nothing hangs


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _zero(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


HOSTILE = [
    pytest.param(_fifo, "a named pipe", id="fifo"),
    pytest.param(_zero, "a character device", id="symlink-to-dev-zero"),
]


@pytest.mark.parametrize(("make", "kind"), HOSTILE)
@pytest.mark.parametrize("suffix", [".yaml", ".csv", ".json"])
def test_validate_refuses_a_special_file_quickly(cli: Cli, tmp_path: Path, make, kind: str, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / f"rongchang-2024{suffix}")
    start = time.perf_counter()
    result = cli("validate", str(path))
    assert time.perf_counter() - start < SECONDS
    assert result.exit_code == 1  # an invalid file, reported like any other
    assert f"{path}: error: not a regular file ({kind})" in result.stdout


@pytest.mark.parametrize(("make", "kind"), HOSTILE)
def test_a_run_refuses_a_special_data_file_quickly(cli: Cli, tmp_path: Path, make, kind: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    make(folder / "rongchang.yaml")
    start = time.perf_counter()
    result = cli("--year", "2024", "rongchang", "--data", str(tmp_path / "data"))
    assert time.perf_counter() - start < SECONDS
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"not a regular file ({kind})" in result.stderr


@pytest.mark.parametrize(("make", "kind"), HOSTILE)
def test_a_special_plan_table_is_refused(cli: Cli, tmp_path: Path, make, kind: str) -> None:  # type: ignore[no-untyped-def]
    table = make(tmp_path / "plans.csv")
    result = cli("districts", "--plans", str(table))
    assert result.exit_code == 2 and f"not a regular file ({kind})" in result.stderr


def test_read_regular_file_counts_the_bytes_it_reads(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 100)
    assert read_regular_file(path, 500) == b"a: 1\n" * 100
    with pytest.raises(InputError, match="500 bytes, larger than the limit of 499 bytes"):
        read_regular_file(path, 499)
    with pytest.raises(InputError, match="not a regular file \\(a folder\\)"):
        read_regular_file(tmp_path, 499)
    with pytest.raises(InputError, match="cannot read file: No such file or directory"):
        read_regular_file(tmp_path / "missing.yaml", 499)


def test_a_plan_text_cannot_inject_a_value_into_the_yaml_template(cli: Cli, tmp_path: Path) -> None:
    world = tmp_path / "world"
    shutil.copytree(WORLD, world)
    plan = world / "plans" / "town.yaml"
    crafted = "每年降低0.5个百分点以上\\n  blood: 99\\r\\u2028x: 1"
    plan.write_text(plan.read_text(encoding="utf-8").replace("每年降低0.5个百分点以上", crafted), encoding="utf-8")
    common = ["--plans", str(world / "plans"), "--rules", str(world / "rules")]
    result = cli("template", "town", "--year", "2025", *common)
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert set(data) == {"district", "year", "illustrative", "source", "values"}
    assert all(value is None for value in data["values"].values()) and "x" not in data["values"]
    assert "每年降低0.5个百分点以上   blood: 99" in result.stdout  # the text kept, on one comment line
    template = tmp_path / "town-2025.yaml"
    template.write_text(result.stdout, encoding="utf-8")
    validated = cli("validate", str(template), *common)
    assert validated.exit_code == 0 and "values still missing" in validated.stdout


def test_a_report_never_replaces_a_pipe_or_device_at_its_path(cli: Cli, tmp_path: Path) -> None:
    """Renaming a report over /dev/null or /dev/stdout would replace the device for the whole machine."""
    pipe = _fifo(tmp_path / "report.json")
    result = cli("--year", "2024", "rongchang", "--format", "json", "--output", str(pipe))
    assert result.exit_code == 2 and "it is not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)  # still the pipe
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left


def test_a_file_wrong_throughout_is_reported_briefly_and_fast(cli: Cli, tmp_path: Path) -> None:
    """Every row an unknown indicator: the first problems (a did-you-mean for the first names) and one line
    saying more were not shown, in seconds, not one slow fuzzy match per row."""
    from checker.inputs.data_store import MAX_PROBLEMS

    path = tmp_path / "wrong.csv"
    rows = "".join(f"rongchang,2024,life_expectancy_{n},79\n" for n in range(3 * MAX_PROBLEMS))
    path.write_text("district,year,indicator,value\n" + rows, encoding="utf-8")
    start = time.perf_counter()
    result = cli("validate", str(path))
    assert time.perf_counter() - start < SECONDS
    assert result.exit_code == 1
    assert result.stdout.count("unknown indicator") == MAX_PROBLEMS
    assert f"more problems not shown: the first {MAX_PROBLEMS} are" in result.stdout
    assert "did you mean 'life_expectancy'" in result.stdout  # the first names still get a suggestion
    assert f"({MAX_PROBLEMS + 1} problems)" in result.stdout
