"""The bar check summary shows while many districts are checked: on a terminal only, never on a pipe or in a file,
and not for the few districts of a district office."""

from __future__ import annotations

import io

import pytest

from checker.cli import views


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_pipe_there_is_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with views.districts_progress("check summary --year 2024") as advance:
        assert advance is None


@pytest.mark.parametrize(("total", "shown"), [(711, True), (3, False)])
def test_on_a_terminal_many_districts_get_a_bar(monkeypatch: pytest.MonkeyPatch, total: int, shown: bool) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with views.districts_progress("check summary --year 2024") as advance:
        assert advance is not None
        for done in range(1, total + 1, max(1, total // 4)):
            advance(done, total)
        advance(total, total)
    drawn = terminal.getvalue()
    assert ("check summary --year 2024" in drawn and f"{total}/{total}" in drawn) is shown
