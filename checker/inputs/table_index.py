"""A national CSV table held as the text of its rows, each district-year built into documents only when asked for.

A run over every county of a national table needs every district-year of it, but one at a time. Built all at
once, the documents of a 22 MB table (850,000 rows: a value, its unit and source, and the places of each) took
650 MB; kept as the UTF-8 bytes of each district-year's rows with their line numbers, the table takes about its
own size, and a district-year's documents are built from its rows again when the run reaches it: the same
documents, at the same lines, as reading the whole file builds (tests hold the two equal). The file is read once,
in full, before anything is handed out: a problem anywhere in it stops the run, as it always has.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checker.domain.errors import InputError
from checker.inputs.readers import GroupKey, ReadResult, csv_encoding, csv_lines, parsed_lines, table_groups
from checker.inputs.yaml_document import LoadedYaml


@dataclass
class _Rows:
    """The text of one district-year's rows: their lines as UTF-8 bytes, each line's length and number."""

    text: bytearray = field(default_factory=bytearray)
    lengths: array[int] = field(default_factory=lambda: array("i"))
    numbers: array[int] = field(default_factory=lambda: array("i"))

    def add(self, lines: list[tuple[int, str]]) -> None:
        for n, line in lines:
            raw = line.encode("utf-8")
            self.text += raw
            self.lengths.append(len(raw))
            self.numbers.append(n)

    def lines(self) -> Iterator[tuple[int, str]]:
        at = 0
        for n, length in zip(self.numbers, self.lengths, strict=True):
            yield n, self.text[at : at + length].decode("utf-8")
            at += length


class TableIndex:
    """A CSV table's district-years, by the district and year their documents give (as written), each with its
    documents' places among the file's documents."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.result = ReadResult(str(path))
        self._header: tuple[int, list[str]] | None = None
        self._rows: dict[GroupKey, _Rows] = {}
        self._documents: dict[tuple[str, str], list[tuple[int, GroupKey]]] = {}
        self._read()

    def _read(self) -> None:
        encoding = csv_encoding(self.path)
        if encoding != "utf-8":
            self.result.notes.append(f"read as {encoding} (not UTF-8)")
        taken: list[tuple[int, str]] = []  # the lines of the row the parser last gave

        def rows() -> Iterator[tuple[int, list[str]]]:
            with csv_lines(self.path, encoding) as lines:
                for n, row in parsed_lines(self.path, _noted(lines, taken)):
                    if self._header is None:
                        self._header = (n, row)
                    yield n, row
                    taken.clear()

        def on_row(n: int, key: GroupKey) -> None:
            self._rows.setdefault(key, _Rows()).add(taken)

        ordinal = 0
        for key, group in table_groups(self.result, rows, on_row):
            for document in group:
                self._documents.setdefault(_written(document), []).append((ordinal, key))
                ordinal += 1
        if self.result.problems:
            raise InputError(self.result.problems)

    def district_years(self) -> Iterator[tuple[str, str]]:
        """(district, year) as the documents give them."""
        return iter(self._documents)

    def documents(self, district: str, year: str) -> list[tuple[int, LoadedYaml]]:
        """The documents giving this district and year, each with its place among the file's documents."""
        found: list[tuple[int, LoadedYaml]] = []
        for ordinal, key in self._documents.get((district, year), []):
            built = self._built(key)
            found.append((ordinal, next(d for d in built if _written(d) == (district, year))))
        return found

    def _built(self, key: GroupKey) -> list[LoadedYaml]:
        """One district-year's documents, built again from its rows (the header first)."""
        assert self._header is not None
        header, rows = self._header, self._rows[key]
        result = ReadResult(self.result.path)
        groups = list(table_groups(result, lambda: _with_header(header, parsed_lines(self.path, rows.lines()))))
        if result.problems:
            raise InputError(result.problems)
        return [document for _, group in groups for document in group]


def _noted(lines: Iterator[tuple[int, str]], taken: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    for line in lines:
        taken.append(line)
        yield line


def _with_header(
    header: tuple[int, list[str]], rows: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    yield header
    yield from rows


def _written(document: LoadedYaml) -> tuple[str, str]:
    data = document.data if isinstance(document.data, dict) else {}
    return str(data.get("district")), str(data.get("year"))
