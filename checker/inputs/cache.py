"""A cache of checked plans, catalogues, data files and lint notes, keyed by the bytes of the files they came from.

Why: reading and validating the YAML plans, and linting them for the note ``check --year`` prints, was most of
a one-district run; the files rarely change between runs. An entry's key is a SHA-256 over the tool's version and
source files, Python's and pydantic's versions, and the exact bytes of every file the entry depends on, so an
edited file (or an upgraded tool) is simply a new key: nothing is ever invalidated by time. The cache is an
optimisation only: an entry that cannot be read or is not what the caller expects is a miss (the work is done and
the entry written again), and an entry that cannot be written is not written, silently.

Entries are plain data, because a key is no secret: anyone with the same files computes it, and whoever can put a
file into the folder (a shared machine, a restored CI cache) chooses what a run reads. So reading an entry never
runs code: an entry is JSON (never a pickle), rebuilt as the type the caller names (``cached(key, compute,
Catalogue)``) field by field, every value checked against its annotation; no class is named by the entry, and no
import, validator or constructor other than the named type's own runs. Before an entry is written it is rebuilt and
compared with what was computed (figures as written, the fields set), so a run from the cache says exactly what a
run from the files says; a value that would not come back the same is not cached.

Where: ``$HEALTH_PLAN_CHECKER_CACHE`` if set (``off`` turns the cache off), else ``$XDG_CACHE_HOME`` or
``~/.cache``, under ``health-plan-checker/``. The folder is created 0700, and used only if it is a folder owned by
the current user that its group and others cannot write (a symbolic link is followed: the folder it leads to is what
is checked, on the opened folder itself); otherwise the run goes on without the cache and says so once on standard
error. An entry is read only from a regular file of that folder, owned and writable by the user alone, opened
without following a link and without blocking (a FIFO, or a link to /dev/zero, planted under a key is a miss), and
never more than MAX_ENTRY_BYTES of it. Entries are written atomically: a new file of the user's alone, renamed over
the entry. Platforms without user ids and folder descriptors (Windows) run without the cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import stat
import sys
import time
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from checker import __version__
from checker.domain.errors import InputError
from checker.inputs.regular_files import capped_chunks, regular_file_chunks

CACHE_ENV = "HEALTH_PLAN_CHECKER_CACHE"
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # a plan table of every county is well under; a planted file is read no further
MAX_DIGEST_BYTES = 512 * 1024 * 1024  # as yamlio.MAX_TABLE_BYTES: no reader takes a larger file, so none is hashed
T = TypeVar("T")

# What the safety checks need: user ids, and files opened relative to the opened folder without following links.
SUPPORTED = (
    hasattr(os, "getuid")
    and hasattr(os, "O_DIRECTORY")
    and hasattr(os, "O_NOFOLLOW")
    and {os.open, os.rename, os.unlink} <= os.supports_dir_fd
)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def cache_dir() -> Path | None:
    """The folder of cache entries, or None when the cache is turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        if configured.strip().lower() in ("", "off", "0", "no", "false"):
            return None
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "health-plan-checker"


def file_digest(path: Path) -> str:
    """SHA-256 of a regular file's bytes; '' when it is missing, unreadable, larger than any reader takes, or not a
    regular file (a FIFO is never waited on), and the normal loader then reports the problem. Computed once per
    file and version in a process: the cache's keys and a report's provenance ask for the same files (a national
    plan table is tens of MB). A large file's digest is also remembered across runs (see _remembered)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return ""
    version = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return _digest(os.path.abspath(path), *version, remember=not _by_content_only)


REMEMBERED_FROM = 1024 * 1024  # files from this size on have their digest remembered; smaller ones hash in < 1 ms
SETTLED_NS = 2 * 10**9  # a file changed more recently than this is not remembered: its next change may keep the stat
_by_content_only = False


def hash_by_content_only() -> None:
    """Every digest of this process from the file's bytes, none remembered from an earlier run (``check verify``,
    whose answer is whether the bytes are still those a report recorded)."""
    global _by_content_only
    _by_content_only = True


@functools.lru_cache(maxsize=4096)
def _digest(path: str, device: int, inode: int, size: int, modified: int, changed: int, remember: bool) -> str:
    """file_digest's work, keyed by where the file is and what stat says of it: an edited file is hashed again."""
    key = ""
    if remember and size >= REMEMBERED_FROM:
        key = make_key("digest", [path, *map(str, (device, inode, size, modified, changed))])
        found = _remembered(key)
        if found:
            return found
    digest = hashlib.sha256()
    try:
        for chunk in regular_file_chunks(Path(path), MAX_DIGEST_BYTES):
            digest.update(chunk)
    except InputError:
        return ""
    if key and time.time_ns() - max(modified, changed) > SETTLED_NS:
        _remember(key, digest.hexdigest())
    return digest.hexdigest()


def _remembered(key: str) -> str | None:
    """A large file's digest from an earlier run, keyed by its path, inode, size, and modification and change
    times to the nanosecond, as git's index and rsync trust a file unchanged: rewriting a file changes its change
    time (ctime), which no user can set back. Only files settled for two seconds are remembered, so that a
    change within the clock's granularity of the hashing cannot hide. A national table (41 MB) hashes in 23 ms."""
    with _opened() as folder:
        found = read_entry(folder, key, str) if folder is not None else None
    return found if isinstance(found, str) and len(found) == 64 else None


def _remember(key: str, digest: str) -> None:
    with _opened() as folder:
        if folder is not None:
            write_entry(folder, key, digest, str)


PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # checker/, every layer


@functools.cache
def code_fingerprint() -> str:
    """The package's own source files by name, size and modification time: an entry written by other code (an
    upgrade, or an edit in a checkout) is never read back, since the types it is rebuilt as or the answer it caches
    may have changed. os.walk and stat calls only (well under a millisecond): this runs on every cold start."""
    return source_fingerprint(PACKAGE_ROOT)


def source_fingerprint(root: str) -> str:
    """The fingerprint of the Python files below ``root``, in every subfolder (the layers)."""
    entries = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [s for s in subfolders if s not in ("__pycache__", "_bundled", "templates", "schemas")]
        for name in files:
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                entries.append(f"{os.path.relpath(folder, root)}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\0".join(sorted(entries)).encode()).hexdigest()


def make_key(kind: str, parts: Iterable[str]) -> str:
    """A key over the kind of entry, the code and versions that shape an entry, and the given parts (file digests…)."""
    import pydantic

    digest = hashlib.sha256()
    for part in (kind, __version__, code_fingerprint(), sys.version, pydantic.VERSION, *parts):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return f"{kind}-{digest.hexdigest()}"


def cached(key: str, compute: Callable[[], T], shape: Any) -> T:
    """``compute()``, or its earlier result stored under ``key`` and rebuilt as ``shape``: the type of the result
    (a model or dataclass, ``str | None``, ``list[tuple[str, Plan]]``…). None is a result too."""
    with _opened() as folder:
        if folder is None:
            return compute()
        hit = read_entry(folder, key, shape)
        if hit is not _MISS:
            return hit  # type: ignore[no-any-return]
        value = compute()
        write_entry(folder, key, value, shape)
        return value


def has_entry(key: str) -> bool:
    """Whether an entry is stored under ``key`` (it may still be unreadable: ``cached`` then computes it)."""
    with _opened() as folder:
        if folder is None:
            return False
        try:
            os.stat(_file_name(key), dir_fd=folder, follow_symlinks=False)
            return True
        except (OSError, ValueError):
            return False


# --- the folder and its entries --------------------------------------------------------------------------------


def current_uid() -> int:
    """The user the folder and its entries must belong to (a function, so that tests can be another user)."""
    return os.getuid()


_noted: set[str] = set()  # folders already refused with a note in this process


@contextlib.contextmanager
def _opened() -> Iterator[int | None]:
    """open_folder's descriptor for the ``with`` block, closed after it; None when the cache is not used."""
    folder = open_folder()
    try:
        yield folder
    finally:
        if folder is not None:
            os.close(folder)


def open_folder() -> int | None:
    """A descriptor of the cache folder (created 0700 if missing), or None: turned off, unsupported, not creatable
    (silently: a read-only home), or unsafe (with a note on standard error, once per folder and process)."""
    folder = cache_dir()
    if folder is None or not SUPPORTED:
        return None
    flags = os.O_RDONLY | os.O_DIRECTORY | _NONBLOCK | _CLOEXEC
    try:
        try:
            fd = os.open(folder, flags)
        except FileNotFoundError:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(folder, flags)
    except NotADirectoryError:
        _note(folder, "is not a folder")
        return None
    except OSError:
        return None
    problem = _unsafe(os.fstat(fd), folder=True)
    if problem:
        os.close(fd)
        _note(folder, problem)
        return None
    return fd


def _unsafe(info: os.stat_result, folder: bool) -> str | None:
    """Why a folder or an entry, by its stat, may hold what another user wrote; None when it cannot."""
    if not (stat.S_ISDIR if folder else stat.S_ISREG)(info.st_mode):
        return "is not a folder" if folder else "is not a regular file"
    if info.st_uid != current_uid():
        return "is not owned by you"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by others"
    return None


def _note(folder: Path, problem: str) -> None:
    if str(folder) not in _noted:
        _noted.add(str(folder))
        print(f"note: cache folder {folder} {problem}; running without the cache", file=sys.stderr)


_MISS: Any = object()


def _file_name(key: str) -> str:
    if not key or "/" in key or "\\" in key or key.startswith(".") or "\0" in key:
        raise ValueError(f"not a cache key: {key!r}")
    return f"{key}.json"


def read_entry(folder: int, key: str, shape: Any) -> Any:
    """The entry under ``key`` rebuilt as ``shape``, or _MISS: absent, not a regular file of the user's alone, too
    large, not JSON, stored under another key, or not of that shape."""
    try:
        fd = os.open(_file_name(key), os.O_RDONLY | os.O_NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=folder)
    except (OSError, ValueError):
        return _MISS
    try:
        info = os.fstat(fd)
        if _unsafe(info, folder=False) or info.st_size > MAX_ENTRY_BYTES:
            return _MISS
        raw = b"".join(capped_chunks(fd, MAX_ENTRY_BYTES))
        if len(raw) > MAX_ENTRY_BYTES:
            return _MISS
        entry = json.loads(raw)
        if type(entry) is not dict or entry.keys() != {"key", "value"} or entry["key"] != key:
            return _MISS
        return decoder(shape)(entry["value"])
    except Exception:  # a miss, whatever the reason (RecursionError and MemoryError included)
        return _MISS
    finally:
        os.close(fd)


def write_entry(folder: int, key: str, value: Any, shape: Any) -> None:
    """Store ``value`` under ``key`` atomically, if it comes back from its JSON as exactly itself."""
    try:
        name = _file_name(key)
        data = to_plain(value)
        text = _dumps(data)
        # rebuilt from the data itself (JSON gives back exactly this data: it holds nothing but JSON's types); the
        # figures as written and the fields set come back by construction, the rest is compared
        if decoder(shape)(data) != value:
            return  # would not come back the same (a type the annotations do not say): not cached
        payload = f'{{"key":{_dumps(key)},"value":{text}}}'.encode()
        if len(payload) > MAX_ENTRY_BYTES:
            return  # it would never be read
        tmp = f".tmp-{os.urandom(8).hex()}.json"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _CLOEXEC
        fd = os.open(tmp, flags, 0o600, dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(payload)
            os.rename(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)  # replaces whatever was there (a FIFO…)
        except BaseException:
            os.unlink(tmp, dir_fd=folder)
            raise
    except Exception:  # the cache is an optimisation only
        return


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# --- plain data: values as JSON, and back by their type ------------------------------------------------------------

DECIMAL_MARK = "\x00"  # "\x00" + "8.0": a Decimal as written (a JSON number would lose 8.0 and -0). Text never
# starts with NUL: a value holding such text is not cached (to_plain refuses it), so the mark is never ambiguous.


def to_plain(value: Any) -> Any:
    """``value`` as JSON data: a model by the fields set (in field order), a dataclass by its fields, an enum by its
    value, a Decimal marked as written, tuples as lists. Anything else is a TypeError: that value is not cached."""
    kind = type(value)
    if kind is str:
        if value.startswith(DECIMAL_MARK):
            raise TypeError("text starting with NUL would read back as a number")
        return value
    if isinstance(value, BaseModel):
        names = _FIELD_NAMES.get(kind) or _FIELD_NAMES.setdefault(kind, tuple(kind.model_fields))
        fields, chosen = value.__dict__, value.__pydantic_fields_set__
        return {name: to_plain(fields[name]) for name in names if name in chosen}
    if kind is tuple or kind is list:
        return [to_plain(v) for v in value]
    if kind is Decimal:
        return DECIMAL_MARK + str(value)
    if value is None or kind is bool or kind is int or kind is float:
        return value
    if kind is dict:
        if not all(type(k) is str for k in value):
            raise TypeError("the keys of the cache's mappings are text")
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return to_plain(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"the cache does not store a {kind.__name__}")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # a model's fields in order, looked up once per class


class ShapeError(ValueError):
    """An entry's data is not of the type it is rebuilt as: a miss."""


Decode = Callable[[Any], Any]
_JSON_TYPES = frozenset({type(None), bool, int, float, str, list, dict})


def _wrong(shape: Any, data: Any) -> typing.NoReturn:
    raise ShapeError(f"a {type(data).__name__} is not {shape}")  # not the data: it may be large, and is anyone's


@functools.cache
def decoder(shape: Any) -> Decode:
    """A function rebuilding JSON data (as ``to_plain`` writes it) into a value of type ``shape``, or raising
    ShapeError. Built once per type from its annotations; models are rebuilt without their validators (the data was
    validated before it was stored, and is checked here against the annotations)."""
    kinds = _plain_kinds(shape)
    if kinds is not None:
        return functools.partial(_plain, shape, kinds)
    origin = typing.get_origin(shape)
    if origin is typing.Annotated:
        return decoder(typing.get_args(shape)[0])
    if shape is Any:
        return _any
    if shape is Decimal:
        return _decimal
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(typing.get_args(shape))
    if origin is typing.Literal:
        return functools.partial(_literal, typing.get_args(shape))
    if origin is tuple or origin is list:
        return _sequence_decoder(shape)
    if origin is dict:
        keys, values = typing.get_args(shape)
        if keys is not str:
            raise TypeError(f"the cache's mappings are keyed by text, not {keys}")
        return _mapping_decoder(values)
    if isinstance(shape, type) and issubclass(shape, Enum):
        return functools.partial(_enum, shape, {member.value: member for member in shape})
    if isinstance(shape, type) and issubclass(shape, BaseModel):
        return _model_decoder(shape)
    if isinstance(shape, type) and dataclasses.is_dataclass(shape):
        return _dataclass_decoder(shape)
    raise TypeError(f"the cache cannot rebuild a {shape}")


def _bare(shape: Any) -> Any:
    """The type without its Annotated metadata (constraints the data met when it was validated)."""
    return typing.get_args(shape)[0] if typing.get_origin(shape) is typing.Annotated else shape


def _plain_kinds(shape: Any) -> frozenset[type] | None:
    """The JSON types a value of ``shape`` is written as and read back unchanged (``str | None``: text or null), or
    None when reading it back takes more than a type check."""
    origin = typing.get_origin(shape)
    if origin is typing.Annotated:
        return _plain_kinds(typing.get_args(shape)[0])
    if origin in (typing.Union, types.UnionType):
        kinds = [_plain_kinds(option) for option in typing.get_args(shape)]
        return None if None in kinds else frozenset().union(*kinds)  # type: ignore[arg-type]
    if shape is None or shape is type(None):
        return frozenset({type(None)})
    return frozenset({shape}) if shape in (bool, int, float, str) else None


def _json_types(shape: Any) -> frozenset[type]:
    """The JSON types a value of ``shape`` may be written as (a Decimal is text), to pick a union's member."""
    origin = typing.get_origin(shape)
    kinds = _plain_kinds(shape)
    if kinds is not None:
        return kinds
    if origin is typing.Annotated:
        return _json_types(typing.get_args(shape)[0])
    if origin in (typing.Union, types.UnionType):
        return frozenset().union(*(_json_types(option) for option in typing.get_args(shape)))
    if shape is Decimal:
        return frozenset({str})
    if origin is typing.Literal:
        return frozenset(type(value) for value in typing.get_args(shape))
    if isinstance(shape, type) and issubclass(shape, Enum):
        return frozenset(type(member.value) for member in shape)
    if origin is tuple or origin is list:
        return frozenset({list})
    if origin is dict or (
        isinstance(shape, type) and (issubclass(shape, BaseModel) or dataclasses.is_dataclass(shape))
    ):
        return frozenset({dict})
    return _JSON_TYPES  # Any


def _plain(shape: Any, kinds: frozenset[type], data: Any) -> Any:
    if type(data) not in kinds:
        _wrong(shape, data)
    return data


def _decimal(data: Any) -> Decimal:
    if type(data) is not str or not data.startswith(DECIMAL_MARK):
        _wrong(Decimal, data)
    try:
        number = Decimal(data[1:])
    except InvalidOperation:
        _wrong(Decimal, data)
    if not number.is_finite():
        _wrong(Decimal, data)
    return number


def _any(data: Any) -> Any:
    """A value of no declared type (a data file's raw values): JSON as it is, marked Decimals read back."""
    kind = type(data)
    if kind is str:
        return _decimal(data) if data.startswith(DECIMAL_MARK) else data
    if kind is list:
        return [_any(item) for item in data]
    if kind is dict:
        return {k: _any(v) for k, v in data.items()}
    return data  # null, true/false, a number: what json.loads gives is all JSON has


def _literal(allowed: tuple[Any, ...], data: Any) -> Any:
    if not any(type(data) is type(a) and data == a for a in allowed):
        _wrong(allowed, data)
    return data


def _enum(shape: type[Enum], members: dict[Any, Enum], data: Any) -> Enum:
    member = members.get(data) if type(data) in (str, int) else None
    if member is None or type(member.value) is not type(data):
        _wrong(shape, data)
    return member


def _union_decoder(options: tuple[Any, ...]) -> Decode:
    """A member chosen by the data's JSON type (a marked text is a Decimal); members sharing a JSON type are tried
    in order."""
    members = [_bare(o) for o in options if o is not type(None)]
    nullable = len(members) < len(options)
    numbers = Decimal in members
    by_type: dict[type, list[Decode]] = {}
    for option in members:
        for kind in _json_types(option) if option is not Decimal else ():
            by_type.setdefault(kind, []).append(decoder(option))

    def union(data: Any) -> Any:
        if data is None and nullable:
            return None
        if numbers and type(data) is str and data.startswith(DECIMAL_MARK):
            return _decimal(data)
        candidates = by_type.get(type(data), ())
        if len(candidates) == 1:
            return candidates[0](data)
        for candidate in candidates:
            try:
                return candidate(data)
            except ShapeError:
                pass
        _wrong(options, data)

    return union


def _sequence_decoder(shape: Any) -> Decode:
    """A tuple or list: items of plain types checked in one pass, others rebuilt one by one."""
    items = typing.get_args(shape)
    make = tuple if typing.get_origin(shape) is tuple else list
    if make is list or (len(items) == 2 and items[1] is Ellipsis):
        kinds = _plain_kinds(items[0])
        each = decoder(items[0])

        def sequence(data: Any) -> Any:
            if type(data) is not list:
                _wrong(shape, data)
            if kinds is not None:
                for item in data:
                    if type(item) not in kinds:
                        _wrong(shape, data)
                return make(data)
            return make([each(item) for item in data])

        return sequence
    decoders = [decoder(item) for item in items]
    kinds_of = [_plain_kinds(item) for item in items]
    plain = [kinds for kinds in kinds_of if kinds is not None]
    if len(plain) == len(items):  # (line, column): a type check per item, no call

        def plain_fixed(data: Any) -> tuple[Any, ...]:
            if type(data) is not list or len(data) != len(plain):
                _wrong(shape, data)
            for kinds, item in zip(plain, data, strict=True):
                if type(item) not in kinds:
                    _wrong(shape, data)
            return tuple(data)

        return plain_fixed

    def fixed(data: Any) -> tuple[Any, ...]:
        if type(data) is not list or len(data) != len(decoders):
            _wrong(shape, data)
        return tuple([d(item) for d, item in zip(decoders, data, strict=True)])

    return fixed


def _mapping_decoder(values: Any) -> Decode:
    kinds = _plain_kinds(values)
    each = decoder(values)

    def mapping(data: Any) -> dict[str, Any]:
        if type(data) is not dict:
            _wrong(dict, data)
        if kinds is not None:
            for value in data.values():
                if type(value) not in kinds:
                    _wrong(dict, data)
            return data  # fresh from json.loads (or to_plain): nobody else holds it
        return {k: each(v) for k, v in data.items()}

    return mapping


_IMMUTABLE = (type(None), bool, int, str, Decimal, Enum, tuple)


def _field_way(shape: Any) -> tuple[frozenset[type] | None, dict[Any, Any] | None, Decode]:
    """How a model's field is read back: (JSON types kept as they are, or None; an enum's members by value, or None;
    the decoder, which is always right and used when neither shortcut applies)."""
    union = typing.get_origin(shape) in (typing.Union, types.UnionType)
    options = [_bare(o) for o in typing.get_args(shape) if o is not type(None)] if union else [_bare(shape)]
    enum = options[0] if len(options) == 1 and isinstance(options[0], type) and issubclass(options[0], Enum) else None
    table = {m.value: m for m in enum if type(m.value) is str} if enum is not None else None
    return _plain_kinds(shape), table, decoder(shape)


def _model_decoder(cls: type[BaseModel]) -> Decode:
    """A model from the fields the entry sets (others take their defaults), as ``model_construct`` builds it: no
    validator runs. Models whose construction is any more than setting fields (aliases, default factories, private
    attributes, extra fields, a post-init hook) are built by ``model_construct`` itself."""
    fields = cls.model_fields
    required = {name for name, info in fields.items() if info.is_required()}
    defaults = {name: info.default for name, info in fields.items() if not info.is_required()}
    simple = (
        all(
            info.alias is None and info.validation_alias is None and info.default_factory is None
            for info in fields.values()
        )
        and all(isinstance(default, _IMMUTABLE) for default in defaults.values())
        and not cls.__private_attributes__
        and cls.model_config.get("extra") != "allow"
        and not cls.__pydantic_post_init__
        and not cls.__pydantic_root_model__
    )
    template = {name: defaults.get(name) for name in fields}  # every field in field order, as validation sets them
    # per field, the cheapest way back: JSON types kept as they are (text, numbers, flags, null), a table (enums), or
    # a decoder; the first two are handled in the loop below, which saves a call per value on the hot path
    ways: dict[str, tuple[frozenset[type] | None, dict[Any, Any] | None, Decode]] = {}
    setattr_ = object.__setattr__

    def model(data: Any) -> BaseModel:
        if not ways:
            ways.update({name: _field_way(info.annotation) for name, info in fields.items()})
        if type(data) is not dict or not data.keys() <= ways.keys() or not required <= data.keys():
            _wrong(cls, data)
        if not simple:
            return cls.model_construct(**{name: ways[name][2](value) for name, value in data.items()})
        values = template.copy()
        for name, value in data.items():
            kinds, table, decode = ways[name]
            if kinds is not None:
                if type(value) not in kinds:
                    _wrong(cls, data)
                values[name] = value
            elif table is not None:
                if type(value) is not str or (member := table.get(value)) is None:
                    values[name] = decode(value)  # null, or not a member: the decoder says which
                else:
                    values[name] = member
            else:
                values[name] = decode(value)
        instance = cls.__new__(cls)
        setattr_(instance, "__dict__", values)
        setattr_(instance, "__pydantic_fields_set__", set(data))
        setattr_(instance, "__pydantic_extra__", None)
        setattr_(instance, "__pydantic_private__", None)
        return instance

    return model


def _dataclass_decoder(cls: type[Any]) -> Decode:
    names = [f.name for f in dataclasses.fields(cls)]
    decoders: dict[str, Decode] = {}

    def dataclass(data: Any) -> Any:
        if not decoders:
            hints = typing.get_type_hints(cls)
            decoders.update({name: decoder(hints[name]) for name in names})
        if type(data) is not dict or data.keys() != decoders.keys():
            _wrong(cls, data)
        return cls(**{name: decoders[name](data[name]) for name in names})

    return dataclass
