"""The rows of an HTML page's tables, cell by cell: what the HTML report and view tests read."""

from __future__ import annotations

from html.parser import HTMLParser


class Rows(HTMLParser):
    """The text of every table row of a page, cell by cell; charts (<svg>) left out."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.svgs = 0
        self._in_svg = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svgs += 1
            self._in_svg += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._in_svg:
            self._cell.append(data)


def parse(page: str) -> Rows:
    rows = Rows()
    rows.feed(page)
    return rows
