"""The command line is tested from an empty folder, as a user runs it from their own: a ./data folder where the
tests happen to run (the checkout's) would otherwise be read instead of the bundled data, with a note on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _in_an_empty_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(folder)
    return folder
