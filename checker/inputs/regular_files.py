"""Reading a file a user gave us, safely: only a regular file, and never more bytes than a limit.

A size check on ``stat`` is not enough: a FIFO blocks the reader forever, and a symlink to ``/dev/zero`` reports a
size of 0 and then reads without end. So the file is opened without blocking, checked to be a regular file on the
open descriptor (no race with a swap after the check), and read with a cap on the bytes actually read.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from checker.domain.errors import InputError

READ_CHUNK = 1024 * 1024
STREAM_CHUNK = 64 * 1024  # a stream's buffer: its memory stays small whatever the file's size


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``; an InputError if it is not a regular file, cannot be read, or holds more than
    ``max_bytes`` bytes (counted as read, whatever its size claims)."""
    return b"".join(regular_file_chunks(path, max_bytes))


def regular_file_chunks(path: Path, max_bytes: int) -> Iterator[bytes]:
    """The bytes of ``path`` in chunks, for a reader that need not hold them all (a digest); the same checks and
    errors as read_regular_file, raised as the chunks are read."""
    fd = _open_regular(path, max_bytes)
    try:
        total = 0
        for chunk in capped_chunks(fd, max_bytes):
            total += len(chunk)
            if total > max_bytes:  # the file grew, or its size was not what stat said
                raise _too_big(path, max_bytes, None)
            yield chunk
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    finally:
        os.close(fd)


@contextmanager
def open_regular_file(path: Path, max_bytes: int) -> Iterator[BinaryIO]:
    """``path`` opened for reading as a stream, for a reader that goes through a large table row by row instead of
    holding its bytes: the same checks and errors as read_regular_file (raised by the reads as they pass the
    limit), and a NUL byte is an error, since no text table holds one."""
    fd = _open_regular(path, max_bytes)
    try:
        stream = io.BufferedReader(_CappedText(fd, path, max_bytes), STREAM_CHUNK)
    except BaseException:
        os.close(fd)
        raise
    with stream:
        yield stream


class _CappedText(io.RawIOBase):
    """A regular file's bytes, refused past ``limit`` bytes actually read or at a NUL byte."""

    def __init__(self, fd: int, path: Path, limit: int) -> None:
        self._fd, self._path, self._limit, self._total = fd, path, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            chunk = os.read(self._fd, min(len(buffer), self._limit + 1 - self._total))
        except OSError as exc:
            raise _unreadable(self._path, exc) from exc
        self._total += len(chunk)
        if self._total > self._limit:
            raise _too_big(self._path, self._limit, None)
        if b"\x00" in chunk:
            raise InputError.single(self._path, "file contains NUL bytes: it is binary, not a text file")
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()


def _open_regular(path: Path, max_bytes: int) -> int:
    """``path`` opened without blocking and checked on the open descriptor (no race with a swap after a check): a
    regular file, of at most ``max_bytes`` bytes as its size claims. The caller closes it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path, info.st_mode)
        if info.st_size > max_bytes:
            raise _too_big(path, max_bytes, info.st_size)
    except OSError as exc:
        os.close(fd)
        raise _unreadable(path, exc) from exc
    except BaseException:
        os.close(fd)
        raise
    return fd


def capped_chunks(fd: int, limit: int) -> Iterator[bytes]:
    """An open file's bytes in chunks, never more than ``limit + 1`` in all: one byte past the limit tells the
    caller the file is too large, without reading the rest (whatever fstat said)."""
    total = 0
    while chunk := os.read(fd, min(READ_CHUNK, limit + 1 - total)):
        total += len(chunk)
        yield chunk


def require_regular_file(path: Path) -> None:
    """An InputError unless ``path`` is a regular file (following symlinks): for a file found by its name, which
    must be read, not skipped, when it is there in any form."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if not stat.S_ISREG(mode):
        raise _not_regular(path, mode)


def _unreadable(path: Path, exc: OSError) -> InputError:
    return InputError.single(path, f"cannot read file: {exc.strerror}", hint=_hint(exc))


def _not_regular(path: Path, mode: int) -> InputError:
    return InputError.single(
        path,
        f"not a regular file ({_kind(mode)}): only files are read",
        hint="give the path of a data file; a device, pipe or socket is never read",
    )


def _too_big(path: Path, max_bytes: int, size: int | None) -> InputError:
    what = f"file is {size:,} bytes, larger" if size is not None else "file is larger"
    return InputError.single(
        path,
        f"{what} than the limit of {max_bytes:,} bytes",
        hint="split the file, or check that it is the file you meant",
    )


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a file"


def _hint(exc: OSError) -> str | None:
    if isinstance(exc, PermissionError):
        return "check the file's permissions"
    if isinstance(exc, FileNotFoundError):
        return "check the path"
    if isinstance(exc, IsADirectoryError):
        return "give a file, or a folder where a folder is expected"
    return None
