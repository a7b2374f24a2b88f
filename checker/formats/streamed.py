"""Run reports written district by district, so that a run over every county need not hold every county's report.

A format whose run report can be written this way (JSON, SARIF, JUnit, GitHub annotations) gives the registry a
``RunStream`` beside its renderer: ``district`` turns one district's results into its part of the report as the
engine hands it over, and ``frame`` writes what stands around those parts once the run as a whole is known
(verdict, counts, provenance, which a report states before its districts). The parts wait in a spool (memory,
then an unnamed temporary file) and are written out between the frame's two halves: a report of 2,844 counties
costs the run the memory of one district's results, not of all of them (docs/scale.md). The same stream renders
the whole report of a run already held (``whole``): one way of writing each format, whichever the run.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Protocol

from checker.domain.results import DistrictResult, RunHead, RunResult
from checker.formats.registry import Format, RenderOptions, render

SPILL_AT = 1024 * 1024  # bytes of parts held in memory before the spool moves them to a temporary file
READ_SIZE = 1024 * 1024


class RunStream(Protocol):
    """One format's run report, written a district at a time."""

    def district(self, district: DistrictResult) -> bytes:
        """The district's part of the report, in the order the districts come."""
        ...

    def frame(self, head: RunHead) -> tuple[bytes, bytes]:
        """What the report writes before its districts' parts and after them, once the run is known."""
        ...


@dataclass(frozen=True)
class Chunks:
    """A report given as pieces of bytes, written one after another (to a file, or to standard output)."""

    parts: Iterable[bytes]


Content = str | bytes | Chunks  # what a renderer or a run's reports give to be written


def whole(stream: RunStream, run: RunResult) -> bytes:
    """The report of a run held in full, by the stream that writes it district by district."""
    parts = [stream.district(d) for d in run.districts]
    before, after = stream.frame(run.head)
    return b"".join((before, *parts, after))


def stream_of(fmt: Format, options: RenderOptions) -> RunStream | None:
    """The format's run stream, when it has one (``Format.streams``)."""
    found = fmt.streams.get("run")
    if found is None:
        return None
    module, name = found.split(":")
    factory = getattr(importlib.import_module(f"checker.formats.{module}"), name)
    stream: RunStream = factory(options)
    return stream


class _Spool:
    """Bytes kept in order: in memory up to SPILL_AT, then in an unnamed temporary file (gone when closed)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._held = 0
        self._file: IO[bytes] | None = None

    def write(self, part: bytes) -> None:
        if self._file is not None:
            self._file.write(part)
            return
        self._parts.append(part)
        self._held += len(part)
        if self._held > SPILL_AT:
            import tempfile  # only for a run this large: a run's report to standard output needs none

            self._file = tempfile.TemporaryFile()  # noqa: SIM115 -- closed by read(); unnamed, never left behind
            self._file.writelines(self._parts)
            self._parts = []

    def read(self) -> Iterator[bytes]:
        """What was written, once, in pieces; the spool is closed at the end."""
        if self._file is None:
            yield from self._parts
            return
        try:
            self._file.seek(0)
            while piece := self._file.read(READ_SIZE):
                yield piece
        finally:
            self._file.close()


class RunReports:
    """The reports of one run, each in its format and options: a format with a run stream takes each district as
    it is evaluated (``add``, the engine's ``consume``); the others need the whole run, so the districts are kept
    only when one of them is asked for."""

    def __init__(self, jobs: Sequence[tuple[Format, RenderOptions]]) -> None:
        self._jobs = list(jobs)
        self._streams = [stream_of(f, options) for f, options in self._jobs]
        self._spools = [_Spool() if s is not None else None for s in self._streams]
        self._keep = any(s is None for s in self._streams)
        self._kept: list[DistrictResult] = []

    def add(self, district: DistrictResult) -> None:
        for stream, spool in zip(self._streams, self._spools, strict=True):
            if stream is not None and spool is not None:
                spool.write(stream.district(district))
        if self._keep:
            self._kept.append(district)

    def contents(self, head: RunHead) -> list[Content]:
        """Each job's report, in the order given, once the engine has handed over every district."""
        run = RunResult(head.year, tuple(self._kept), head.skipped, head.provenance) if self._keep else None
        found: list[Content] = []
        for (fmt, options), stream, spool in zip(self._jobs, self._streams, self._spools, strict=True):
            if stream is not None and spool is not None:
                before, after = stream.frame(head)
                found.append(Chunks(_framed(before, spool.read(), after)))
            else:
                found.append(render("run", fmt.name, run, options))
        return found


def _framed(before: bytes, parts: Iterator[bytes], after: bytes) -> Iterator[bytes]:
    yield before
    yield from parts
    yield after
