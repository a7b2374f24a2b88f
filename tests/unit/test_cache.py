"""The parse cache (checker.inputs.cache): entries, keys, and a cached plan's positions read again when needed.
(Runs of the command line from the cache: tests/cli/test_cache.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.inputs import cache


def test_an_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    cache.store("k", "a bare value, not the 1-tuple cached() writes")
    assert cache.cached("k", lambda: 42) == 42
    assert cache.cached("k", lambda: 0) == 42  # stored by the first call
    assert cache.cached("none", lambda: None) is None
    assert cache.cached("none", lambda: 1) is None  # None is a result too, not a miss


def test_keys_change_with_every_byte_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    first = cache.make_key("plan", [cache.file_digest(path)])
    path.write_text("a: 2\n", encoding="utf-8")
    assert cache.make_key("plan", [cache.file_digest(path)]) != first
    assert cache.file_digest(tmp_path / "missing.yaml") == ""


def test_a_cached_plan_reads_its_positions_again_when_a_message_needs_them(world_copy: Path) -> None:
    """Cached plans leave their positions out (most of their bytes); a message still points at line and column."""
    from checker.inputs.loading import PlanRegistry

    plans, rules = world_copy / "plans", world_copy / "rules"
    PlanRegistry.load(plans, rules)  # fills the cache
    registry = PlanRegistry.load(plans, rules)  # from the cache
    town = registry.by_id["town"]
    assert town._loaded is None  # the point of the test
    line, column = town.loaded.where(("plan", "parent"))
    assert line is not None and column is not None
    text = (plans / "town.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    assert text[column - 1 :].startswith("city")


def test_entries_of_other_code_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.make_key("plan", ["same file"])
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of the package")
    assert cache.make_key("plan", ["same file"]) != key


def test_the_code_fingerprint_covers_every_layer_of_the_package(tmp_path: Path) -> None:
    """A change in any layer (engine, formats, …), not only in the cache's own folder, invalidates every entry."""
    import checker

    assert Path(cache.PACKAGE_ROOT) == Path(checker.__file__).resolve().parent
    package = tmp_path / "checker"
    shutil.copytree(cache.PACKAGE_ROOT, package, ignore=shutil.ignore_patterns("__pycache__", "_bundled"))
    before = cache.source_fingerprint(str(package))
    assert cache.source_fingerprint(str(package)) == before
    rules = package / "engine" / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert cache.source_fingerprint(str(package)) != before
