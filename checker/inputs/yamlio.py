"""Safe YAML loading that keeps positions, refuses duplicate keys and aliases, and reads numbers exactly.

PyYAML's SafeLoader builds plain objects and forgets where they came from, silently keeps the last of
two equal keys, expands alias bombs and turns 3.05 into a float. We compose the node tree with the safe
loader and build the objects ourselves so that every value keeps its line and column.
"""

from __future__ import annotations

from pathlib import Path

from checker.domain.errors import InputError
from checker.inputs.regular_files import read_regular_file
from checker.inputs.yaml_document import LoadedYaml

MAX_FILE_BYTES = 5 * 1024 * 1024
# a CSV table of every county's targets or values is tens of MB (every township: a few hundred); it holds no aliases
MAX_TABLE_BYTES = 512 * 1024 * 1024


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file (BOM allowed): a regular file only, with a limit on the bytes read."""
    return decode_utf8(read_regular_file(path, max_bytes), path)


def decode_utf8(raw: bytes, path: Path) -> str:
    """UTF-8 text (BOM allowed), reporting a NUL byte or a bad byte by line and column."""
    if b"\x00" in raw:
        raise InputError.single(path, "file contains NUL bytes: it is binary, not a text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError.single(
            path,
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            line,
            column,
            hint="save the file as UTF-8",
        ) from exc


def load_yaml_file(path: Path) -> LoadedYaml:
    """A YAML file read as UTF-8 (checked for size and encoding) and parsed with the position of every node."""
    return load_yaml_text(read_text(path), str(path))


def load_yaml_text(text: str, path: str) -> LoadedYaml:
    """Parse YAML text (PyYAML is imported here, on the first file parsed: see checker.inputs.yaml_parser)."""
    from checker.inputs.yaml_parser import parse

    return parse(text, path)
