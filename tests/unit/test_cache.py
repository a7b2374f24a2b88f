"""The parse cache (checker.inputs.cache): entries, keys, plain-data entries rebuilt exactly, and a cache folder that
only the user can write. (Runs of the command line from the cache, and planted entries: tests/cli/test_cache.py.)"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field

from checker.inputs import cache
from checker.inputs.data_store import DataStore, ReportedValues
from checker.inputs.loading import PlanRegistry
from checker.inputs.resources import bundled_dir


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own, and no note printed yet in this process."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_noted", set())
    return tmp_path / "cache"


def typed(value: Any) -> Any:
    """A value with the type of every part spelled out: equal only if rebuilt exactly (an enum is not its text, 8.0
    is not 8, a tuple is not a list, and a model's fields set count)."""
    if isinstance(value, BaseModel):
        return (type(value), sorted(value.model_fields_set), {k: typed(v) for k, v in value.__dict__.items()})
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value), {f.name: typed(getattr(value, f.name)) for f in fields(value)})
    if isinstance(value, (tuple, list)):
        return (type(value), [typed(v) for v in value])
    if isinstance(value, dict):
        return (dict, [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, (Decimal, Enum)):
        return (type(value), str(value))
    return (type(value), value)


def entry_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


# --- entries --------------------------------------------------------------------------------------------------


def test_an_entry_of_the_wrong_shape_is_a_miss_and_is_written_again(folder: Path) -> None:
    assert cache.cached("k", lambda: 42, int) == 42
    assert cache.cached("k", lambda: 0, int) == 42  # stored by the first call
    for planted in ('{"key": "k", "value": "42"}', '{"key": "k", "value": 42, "more": 1}', "[42]", "4", "{"):
        (folder / "k.json").write_text(planted, encoding="utf-8")
        assert cache.cached("k", lambda: 7, int) == 7
        assert json.loads((folder / "k.json").read_text(encoding="utf-8")) == {"key": "k", "value": 7}
    assert cache.cached("none", lambda: None, str | None) is None
    assert cache.cached("none", lambda: "x", str | None) is None  # None is a result too, not a miss


def test_an_entry_stored_under_another_key_is_not_read(folder: Path) -> None:
    cache.cached("a", lambda: "from a", str)
    shutil.copy(folder / "a.json", folder / "b.json")  # a well-formed entry, renamed
    assert cache.cached("b", lambda: "from b", str) == "from b"


def test_a_value_that_would_not_come_back_the_same_is_not_stored(folder: Path) -> None:
    """The annotation says int; a bool is computed: returned, but not cached as something it is not."""
    assert cache.cached("flag", lambda: True, int) is True
    assert not (folder / "flag.json").exists()
    assert cache.cached("set", lambda: {1, 2}, Any) == {1, 2}  # no JSON for a set
    assert not (folder / "set.json").exists()
    marked = cache.DECIMAL_MARK + "1"  # text that would read back as the number 1
    assert cache.cached("nul", lambda: marked, str) == marked and not (folder / "nul.json").exists()


@pytest.mark.parametrize(
    "value",
    [
        pytest.param([Decimal("8.0"), Decimal("-0"), Decimal("1E+2"), Decimal("0.000")], id="decimals-as-written"),
        pytest.param({"$decimal": "3.4", "8.0": "8.0"}, id="text-that-looks-like-a-number"),
        pytest.param({"a": [1, "x", None, True, {"b": Decimal("2.50")}]}, id="nested"),
    ],
)
def test_raw_values_come_back_exactly(folder: Path, value: Any) -> None:
    cache.cached("raw", lambda: value, Any)
    assert (folder / "raw.json").exists()
    assert typed(cache.cached("raw", lambda: None, Any)) == typed(value)


class _Built(BaseModel):
    """A model whose construction is more than setting its fields (a default factory, an alias)."""

    items: list[int] = Field(default_factory=list)
    name: str = Field("unnamed", alias="label")


@pytest.mark.parametrize("value", [_Built(label="a", items=[1, 2]), _Built()], ids=["set", "defaults"])
def test_a_model_with_factories_or_aliases_is_built_by_pydantic(folder: Path, value: _Built) -> None:
    cache.cached("built", lambda: value, _Built)
    assert typed(cache.cached("built", lambda: _Built(label="computed"), _Built)) == typed(value)


def test_keys_change_with_every_byte_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    first = cache.make_key("plan", [cache.file_digest(path)])
    path.write_text("a: 2\n", encoding="utf-8")
    assert cache.make_key("plan", [cache.file_digest(path)]) != first
    assert cache.file_digest(tmp_path / "missing.yaml") == ""


@pytest.fixture
def remembering(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache that remembers digests of files settled for any time at all (a test's files are seconds old)."""
    monkeypatch.setattr(cache, "_by_content_only", False)
    monkeypatch.setattr(cache, "SETTLED_NS", -(10**12))
    cache._digest.cache_clear()
    return folder


def large_file(tmp_path: Path, fill: bytes = b"a") -> Path:
    path = tmp_path / "table.csv"
    path.write_bytes(fill * cache.REMEMBERED_FROM)
    return path


def test_a_large_file_s_digest_is_remembered_across_runs(remembering: Path, tmp_path: Path) -> None:
    path = large_file(tmp_path)
    digest = cache.file_digest(path)
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    (entry,) = [p for p in entry_files(remembering) if p.name.startswith("digest-")]
    cache._digest.cache_clear()  # another process: the entry, not this one's memory, answers
    planted = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({**planted, "value": "f" * 64}), encoding="utf-8")
    assert cache.file_digest(path) == "f" * 64  # read back, not hashed


def test_a_rewritten_file_is_hashed_again_even_with_its_size_and_mtime_kept(remembering: Path, tmp_path: Path) -> None:
    path = large_file(tmp_path)
    first = cache.file_digest(path)
    info = path.stat()
    path.write_bytes(b"b" * cache.REMEMBERED_FROM)  # same size
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # same mtime; the ctime moves, as it always does
    assert cache.file_digest(path) == hashlib.sha256(path.read_bytes()).hexdigest() != first


def test_a_file_changed_just_now_small_files_and_verify_are_hashed_not_remembered(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_by_content_only", False)
    cache._digest.cache_clear()
    cache.file_digest(large_file(tmp_path))  # written a moment ago: its next change could keep the stat
    small = tmp_path / "small.yaml"
    small.write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "SETTLED_NS", -(10**12))
    cache.file_digest(small)
    assert not [p for p in entry_files(folder) if p.name.startswith("digest-")]
    cache.hash_by_content_only()
    cache.file_digest(large_file(tmp_path, b"c"))
    assert not [p for p in entry_files(folder) if p.name.startswith("digest-")]


def test_a_special_file_has_no_digest_and_is_not_waited_on(tmp_path: Path, no_blocking: None) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    assert cache.file_digest(tmp_path / "fifo.yaml") == ""
    assert cache.file_digest(tmp_path / "zero.yaml") == ""
    assert cache.file_digest(tmp_path) == ""


def test_no_file_a_reader_takes_is_too_large_to_hash() -> None:
    from checker.inputs import yamlio

    assert cache.MAX_DIGEST_BYTES >= yamlio.MAX_TABLE_BYTES >= yamlio.MAX_FILE_BYTES


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


# --- what is cached comes back exactly as loaded ---------------------------------------------------------------------


def _loaded_without_cache(monkeypatch: pytest.MonkeyPatch) -> tuple[PlanRegistry, dict[tuple[str, int], Any]]:
    with monkeypatch.context() as patch:
        patch.setenv(cache.CACHE_ENV, "off")
        registry = PlanRegistry.load()
        return registry, _every_data_file(registry)


def _every_data_file(registry: PlanRegistry) -> dict[tuple[str, int], ReportedValues | None]:
    store = DataStore(registry, bundled_dir("data"))
    return {(p.id, y): store.get(p, y) for p in registry.plans for y in store.years(p)}


def test_every_bundled_plan_the_catalogue_and_every_data_file_come_back_from_the_cache_exactly(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh, fresh_data = _loaded_without_cache(monkeypatch)
    _every_data_file(PlanRegistry.load())  # fills the cache
    kinds = sorted(p.name.split("-")[0] for p in entry_files(folder))
    assert kinds.count("plan") == len(fresh.plans) and kinds.count("catalogue") == 1
    assert kinds.count("data") == len(fresh_data) >= 10

    def not_again(*args: object) -> None:
        raise AssertionError("read from the files, not from the cache")

    monkeypatch.setattr("checker.inputs.loading._load_plan", not_again)
    monkeypatch.setattr("checker.inputs.loading._load_catalogue", not_again)
    monkeypatch.setattr("checker.inputs.data_store.load_data_file", not_again)
    cached = PlanRegistry.load()
    assert typed(cached.index.catalogue) == typed(fresh.index.catalogue)
    assert [p.id for p in cached.plans] == [p.id for p in fresh.plans]
    for mine, theirs in zip(cached.plans, fresh.plans, strict=True):
        assert (mine.path, mine.names()) == (theirs.path, theirs.names())
        assert typed(mine.plan) == typed(theirs.plan), mine.id
        assert typed(mine.entries) == typed(theirs.entries) and typed(mine.projects) == typed(theirs.projects)
    cached_data = _every_data_file(cached)
    assert cached_data.keys() == fresh_data.keys()
    for where, values in cached_data.items():
        assert typed(values) == typed(fresh_data[where]), where


def test_a_plan_table_comes_back_from_the_cache_exactly(folder: Path, tmp_path: Path) -> None:
    header = (
        "district,district_name,parent,period_start,period_end,indicator,project_name,kind,op,value,low,high,"
        "relative,baseline_year,baseline_value,target_year,nature,document,section,item"
    )
    rows = [
        "t1,合成一,national,2021,2025,life_expectancy,,threshold,>=,79.50,,,,2020,78.2,2025,expected,doc.txt,专栏1,1",
        "t1,合成一,national,2021,2025,t1_p01,县医院,milestone,>=,投入使用,,,,,,2025,binding,doc.txt,专栏2,1",
        "t2,合成二,national,2021,2025,health_literacy,,change,>=,20,,,true,2020,25,2025,expected,doc.txt,第三章,4",
    ]
    table = tmp_path / "plans.csv"
    table.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    fresh = PlanRegistry.load(table)
    assert any(p.name.startswith("plan-table-") for p in entry_files(folder))
    cached = PlanRegistry.load(table)
    for plan_id in ("t1", "t2"):
        assert typed(cached.by_id[plan_id].plan) == typed(fresh.by_id[plan_id].plan)
    assert str(cached.by_id["t1"].entries["life_expectancy"].targets[0].value) == "79.50"


def test_a_cached_plan_reads_its_positions_again_when_a_message_needs_them(world_copy: Path) -> None:
    """Cached plans leave their positions out (most of their bytes); a message still points at line and column."""
    plans, rules = world_copy / "plans", world_copy / "rules"
    PlanRegistry.load(plans, rules)  # fills the cache
    registry = PlanRegistry.load(plans, rules)  # from the cache
    town = registry.by_id["town"]
    assert town._loaded is None  # the point of the test
    line, column = town.loaded.where(("plan", "parent"))
    assert line is not None and column is not None
    text = (plans / "town.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    assert text[column - 1 :].startswith("city")


def test_positions_parsed_now_are_kept_for_a_run_s_plans_only(folder: Path) -> None:
    """A run by name keeps the parse of its plan (its lint note reads it: one parse, not two); a load by name
    otherwise, as a summary's worker makes for each batch of 200 plans, keeps none, as from the cache."""
    shutil.rmtree(folder, ignore_errors=True)
    run = PlanRegistry.load(None, None, ("rongchang",), keep_positions=True)
    assert run.by_id["rongchang"]._loaded is not None
    shutil.rmtree(folder, ignore_errors=True)
    batch = PlanRegistry.load(None, None, ("rongchang",))
    assert all(p._loaded is None for p in batch.plans)
    again = PlanRegistry.load(None, None, ("rongchang",), keep_positions=True)  # from the cache: nothing parsed
    assert again.by_id["rongchang"]._loaded is None


def test_entries_are_plain_json_naming_no_class(folder: Path) -> None:
    PlanRegistry.load()
    for path in entry_files(folder):
        text = path.read_text(encoding="utf-8")
        entry = json.loads(text)
        assert entry.keys() == {"key", "value"} and path.name == f"{entry['key']}.json"
        assert "checker.domain" not in text and "checker.inputs" not in text  # data, not the classes to build


# --- the folder ------------------------------------------------------------------------------------------------------


def test_the_folder_is_created_for_the_user_alone(folder: Path) -> None:
    umask = os.umask(0)
    try:
        cache.cached("k", lambda: 1, int)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "k.json").stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["k.json"]  # written atomically: no temporary file left


@pytest.mark.parametrize(
    ("make_unsafe", "why"),
    [
        pytest.param(lambda f, m: f.chmod(0o777), "is writable by others", id="writable-by-others"),
        pytest.param(lambda f, m: f.chmod(0o770), "is writable by others", id="writable-by-its-group"),
        pytest.param(
            lambda f, m: m.setattr(cache, "current_uid", lambda: os.getuid() + 1), "is not owned by you", id="not-mine"
        ),
    ],
)
def test_an_unsafe_folder_is_not_used_and_said_once(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], make_unsafe: Any, why: str
) -> None:
    cache.cached("k", lambda: "stored while the folder was safe", str)
    make_unsafe(folder, monkeypatch)
    assert cache.cached("k", lambda: "computed", str) == "computed"
    assert cache.cached("other", lambda: "computed", str) == "computed"
    assert not (folder / "other.json").exists()
    assert capsys.readouterr().err == f"note: cache folder {folder} {why}; running without the cache\n"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: p.write_text("a file", encoding="utf-8"), id="file"),
        pytest.param(lambda p: os.mkfifo(p), id="fifo"),
        pytest.param(lambda p: p.symlink_to("/dev/zero"), id="symlink-to-dev-zero"),
    ],
)
def test_something_else_where_the_folder_should_be_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_blocking: None, make: Any
) -> None:
    blocker = tmp_path / "not-a-folder"
    make(blocker)
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker))
    monkeypatch.setattr(cache, "_noted", set())
    assert cache.open_folder() is None and cache._noted == {str(blocker)}


def test_a_link_is_followed_to_a_folder_that_must_itself_be_safe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "link"))
    monkeypatch.setattr(cache, "_noted", set())
    cache.cached("k", lambda: 1, int)
    assert (real / "k.json").exists()
    real.chmod(0o777)
    assert cache.cached("k", lambda: 2, int) == 2 and cache._noted == {str(tmp_path / "link")}


@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(lambda p: os.mkfifo(p), id="fifo"),
        pytest.param(lambda p: p.symlink_to("/dev/zero"), id="symlink-to-dev-zero"),
        pytest.param(lambda p: p.mkdir(), id="folder"),
        pytest.param(lambda p: p.symlink_to(p.parent.parent / "elsewhere.json"), id="symlink-to-a-good-entry"),
        pytest.param(lambda p: (p.write_text('{"key":"k","value":9}'), p.chmod(0o666)), id="writable-by-others"),
    ],
)
def test_an_entry_that_is_not_a_regular_file_of_the_users_is_a_miss(
    folder: Path, no_blocking: None, plant: Any
) -> None:
    folder.mkdir(mode=0o700)
    (folder.parent / "elsewhere.json").write_text('{"key":"k","value":9}', encoding="utf-8")
    plant(folder / "k.json")
    assert cache.cached("k", lambda: 1, int) == 1
    if not (folder / "k.json").is_dir():  # a folder cannot be renamed over; anything else is replaced
        assert (folder / "k.json").is_file() and not (folder / "k.json").is_symlink()
        assert cache.cached("k", lambda: 2, int) == 1


def test_no_more_than_the_limit_is_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.cached("k", lambda: "x" * 100, str)
    assert cache.cached("k", lambda: "computed", str) == "x" * 100
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 50)
    assert cache.cached("k", lambda: "computed", str) == "computed"


def test_without_the_platforms_checks_there_is_no_cache(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "SUPPORTED", False)
    assert cache.cached("k", lambda: 1, int) == 1
    assert not folder.exists()
