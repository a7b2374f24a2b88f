"""The CI examples of docs/examples run as written.

The GitHub workflow's steps are run with bash, as a runner runs them (``bash -e``), with the workflow's ``env``,
in a copy of a data repository (the bundled data folder), against the installed ``check``: the gate fails on an
invalid file and passes on good data, the report step stays green with missed targets and writes the files the
upload steps upload. The pre-commit example is used verbatim in a temporary git repository: a commit of a bad
data file is blocked with file:line:column, the fixed file is committed. Nothing is installed and nothing is
fetched (the hook is ``language: system``); the only skip is for a machine without git.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.paths import ROOT

WORKFLOW = ROOT / "docs" / "examples" / "github-workflow.yml"
PRE_COMMIT_CONFIG = ROOT / "docs" / "examples" / "pre-commit-config.yaml"
HOOKS_MANIFEST = ROOT / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent  # the environment's bin folder, where pip put `check`
GIT = shutil.which("git")
BASH = shutil.which("bash") or "/bin/bash"

# The steps that run commands, by id: install is the one a runner does and the tests cannot (the checker is
# installed already); the others are run as written.
RUN_STEPS = {"install", "validate", "report"}


# --- helpers ------------------------------------------------------------------------------------------------------


def load_workflow() -> dict[str, Any]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict)
    return workflow


def the_job(workflow: dict[str, Any]) -> dict[str, Any]:
    jobs = workflow["jobs"]
    assert len(jobs) == 1, "the tests know one job"
    (job,) = jobs.values()
    return dict(job)


def step(workflow: dict[str, Any], step_id: str) -> dict[str, Any]:
    (found,) = [s for s in the_job(workflow)["steps"] if s.get("id") == step_id]
    return dict(found)


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment with the venv's bin first on PATH, and nothing of an enclosing git or pre-commit
    run (GIT_DIR, GIT_INDEX_FILE, … would point the tests' git at the checkout)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "COLUMNS") and not k.startswith(("GIT_", "PRE_COMMIT"))
    }
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", os.defpath)])
    env.update(extra)
    return env


def run_step(workflow: dict[str, Any], step_id: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A step's ``run:`` script as a runner runs it: ``bash -e {file}``, the workflow's, job's and step's env."""
    the_step = step(workflow, step_id)
    script = cwd.parent / f"{step_id}.sh"
    script.write_text(the_step["run"], encoding="utf-8")
    variables = {**workflow.get("env", {}), **the_job(workflow).get("env", {}), **the_step.get("env", {})}
    env = clean_env(**{k: str(v) for k, v in variables.items()})
    return subprocess.run(
        [BASH, "-e", str(script)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def data_repository(tmp_path: Path) -> Path:
    """A data repository's checkout: the bundled data folder (with its README) under data/."""
    repo = tmp_path / "data-repo"
    shutil.copytree(ROOT / "data", repo / "data")
    return repo


# A data file that fails validation at a known place: 128 % is above 100 %.
BAD_LINE, BAD_COLUMN = 6, 20
BAD_FILE = """\
district: rongchang
year: {year}
illustrative: false
source: a submission with a slip
values:
  health_literacy: {value}
  life_expectancy: 79.4
"""


# --- the GitHub workflow ------------------------------------------------------------------------------------------


def test_the_year_is_written_once_in_the_workflow() -> None:
    workflow = load_workflow()
    year = str(workflow["env"]["YEAR"])
    assert re.fullmatch(r"20\d\d", year)
    # written once, in the env block: no run step, upload name or comment carries a year of its own
    assert re.findall(r"\b(?:19|20)\d\d\b", WORKFLOW.read_text(encoding="utf-8")) == [year]
    steps = the_job(workflow)["steps"]
    assert {s["id"] for s in steps if "run" in s} == RUN_STEPS
    for s in steps:
        if "run" in s:
            assert "${{" not in s["run"], f"step {s['id']}: the shell's variables, so that what runs is what is read"
    assert '--year "$YEAR"' in step(workflow, "report")["run"]
    assert step(workflow, "install")["run"].strip() == 'pip install "$CHECKER"'


def test_the_workflow_uploads_junit_sarif_and_html_whatever_happened() -> None:
    workflow = load_workflow()
    steps = the_job(workflow)["steps"]
    ids = [s.get("id") for s in steps]
    assert ids.index("validate") < ids.index("report"), "the gate comes first"
    assert "if" not in step(workflow, "validate") and "continue-on-error" not in step(workflow, "validate")
    (artifact,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    (sarif,) = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    assert artifact["if"] == "always()" and sarif["if"].startswith("always()")
    uploaded = artifact["with"]["path"].split()
    assert {Path(p).suffix for p in uploaded} == {".xml", ".sarif", ".html"}
    assert sarif["with"]["sarif_file"] in uploaded
    assert the_job(workflow)["permissions"]["security-events"] == "write"


def test_gate_passes_and_report_stays_green_with_missed_targets(tmp_path: Path) -> None:
    workflow = load_workflow()
    repo = data_repository(tmp_path)

    gate = run_step(workflow, "validate", repo)
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert "::error" not in gate.stdout

    report = run_step(workflow, "report", repo)
    assert report.returncode == 0, report.stdout + report.stderr
    assert "判定：未通过" in report.stdout  # the bundled figures miss targets: a finding, not a red build

    # every file the upload steps name is there, and is what its name says
    steps = the_job(workflow)["steps"]
    (artifact,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    files = {Path(p).suffix: repo / p for p in artifact["with"]["path"].split()}
    junit = ET.parse(files[".xml"]).getroot()
    assert junit.find(".//testcase") is not None and junit.find(".//failure") is not None
    sarif = json.loads(files[".sarif"].read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    locations = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result.get("locations", [])
    }
    year = str(workflow["env"]["YEAR"])
    assert f"data/{year}/rongchang.yaml" in locations  # located in the data repository, for code scanning
    html = files[".html"].read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "荣昌区" in html


def test_gate_fails_on_a_bad_file_and_the_report_does_not_hide_it(tmp_path: Path) -> None:
    workflow = load_workflow()
    year = str(workflow["env"]["YEAR"])
    repo = data_repository(tmp_path)
    bad = repo / "data" / year / "rongchang.yaml"
    bad.write_text(BAD_FILE.format(year=year, value=128), encoding="utf-8")

    gate = run_step(workflow, "validate", repo)
    assert gate.returncode == 1, gate.stdout + gate.stderr
    assert f"::error file=data/{year}/rongchang.yaml,line={BAD_LINE},col={BAD_COLUMN}," in gate.stdout

    # the runner skips the report after a failed gate; were it run, the error (exit 2) would still fail it
    report = run_step(workflow, "report", repo)
    assert report.returncode == 2  # --fail-on never forgives missed targets, never an error
    assert f"data/{year}/rongchang.yaml:{BAD_LINE}:{BAD_COLUMN}" in report.stderr


# --- pre-commit ---------------------------------------------------------------------------------------------------


def pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.fail("pre-commit is not installed; run: pip install '.[test]'")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_example_hook_is_the_published_hook() -> None:
    """The local hook of the example is the manifest's hook, run by the `check` already installed."""
    (repo,) = yaml.safe_load(PRE_COMMIT_CONFIG.read_text(encoding="utf-8"))["repos"]
    assert repo["repo"] == "local"
    (local,) = repo["hooks"]
    (published,) = yaml.safe_load(HOOKS_MANIFEST.read_text(encoding="utf-8"))
    assert local["language"] == "system" and published["language"] == "python"
    same = ("id", "name", "entry", "files", "exclude", "pass_filenames", "require_serial")
    assert {k: local.get(k) for k in same} == {k: published.get(k) for k in same}
    for path in ("data/2024/rongchang.yaml", "data/wide.csv", "sub/data/x.xlsx", "data/x.json"):
        assert re.search(local["files"], path) and not re.search(local["exclude"], path), path
    for path in ("mkdocs.yml", "plans/rongchang.yaml", "data/README.md", ".github/workflows/data/ci.yml"):
        assert not re.search(local["files"], path) or re.search(local["exclude"], path), path


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_pre_commit_blocks_a_bad_data_file_and_accepts_the_fix(tmp_path: Path) -> None:
    assert GIT is not None
    home = tmp_path / "home"
    home.mkdir()
    (home / "gitconfig").write_text("", encoding="utf-8")
    env = clean_env(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),  # no user hooksPath, signing or template gets in
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Data Office",
        GIT_AUTHOR_EMAIL="data@example.org",
        GIT_COMMITTER_NAME="Data Office",
        GIT_COMMITTER_EMAIL="data@example.org",
    )

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([GIT, *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120, check=False)

    def commit(message: str) -> tuple[int, str]:
        """git commit's exit code and output (git shows a hook's output on stderr)."""
        assert git("add", "-A").returncode == 0
        done = git("commit", "-m", message)
        return done.returncode, done.stdout + done.stderr

    def commits() -> int:
        return int(git("rev-list", "--count", "HEAD").stdout)

    repo = data_repository(tmp_path)
    assert git("init", "-q").returncode == 0
    shutil.copyfile(PRE_COMMIT_CONFIG, repo / ".pre-commit-config.yaml")  # verbatim
    for args in (("validate-config", ".pre-commit-config.yaml"), ("validate-manifest", str(HOOKS_MANIFEST))):
        checked = pre_commit(*args, cwd=repo, env=env)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    installed = pre_commit("install", cwd=repo, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    code, output = commit("the bundled figures")
    assert code == 0, output
    assert re.search(r"validate reported health-plan data\.+Passed", output), output

    # a file outside data/ is none of the hook's business
    (repo / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    code, output = commit("site settings")
    assert code == 0, output
    assert re.search(r"validate reported health-plan data\.+\(no files to check\)Skipped", output), output

    path = "data/2025/rongchang.yaml"
    (repo / path).parent.mkdir()
    (repo / path).write_text(BAD_FILE.format(year=2025, value=128), encoding="utf-8")
    code, output = commit("rongchang 2025")
    assert code != 0, output
    assert re.search(r"validate reported health-plan data\.+Failed", output), output
    assert f"{path}:{BAD_LINE}:{BAD_COLUMN}: error: health_literacy: 128 % is above 100 %" in output
    assert commits() == 2
    assert path in git("diff", "--cached", "--name-only").stdout  # still staged, for the fix

    (repo / path).write_text(BAD_FILE.format(year=2025, value=31.2), encoding="utf-8")
    code, output = commit("rongchang 2025, fixed")
    assert code == 0, output
    assert re.search(r"validate reported health-plan data\.+Passed", output), output
    assert commits() == 3
    assert git("status", "--porcelain").stdout == ""
