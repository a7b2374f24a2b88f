"""Word report (规划实施评估报告): the run report and the summary as a document offices paste into their own.

A4 landscape; the run report has a heading and a table per district, the plan's groups as rows across the table, and
the summary the district × indicator matrix; verdict cells are shaded in the Excel report's colours. The texts come
from checker.formats.wording, as in every report people read. The bytes depend on the report alone: the document's
and the zip entries' times are fixed, and the one time a run report shows, in its page footer with the provenance,
is the run's (SOURCE_DATE_EPOCH's when set), so two runs at one SOURCE_DATE_EPOCH give the same file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime, timezone

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from checker.domain.i18n import t
from checker.domain.results import DistrictResult, IndicatorResult, RunResult, Status, TargetResult
from checker.domain.summary_view import SummaryView
from checker.engine.rules import fmt
from checker.formats.formulas import xml_safe
from checker.formats.registry import RenderOptions
from checker.formats.wording import (
    BANNER_COLOURS,
    FILLS,
    FONTS,
    HEADER_COLOUR,
    STATUSES,
    counts_text,
    data_text,
    district_label,
    footer_text,
    has_unverified,
    history_text,
    indicator_label,
    indicator_name,
    indicator_notes,
    listed_text,
    milestone_text,
    nature_text,
    notes_text,
    plan_text,
    reason_text,
    reported_text,
    source_cell,
    source_text,
    status_text,
    summary_notes,
    target_cell,
)
from checker.views.grouping import Group, grouping_note, listed_groups

WIDTH = 26.7  # cm of text across an A4 landscape page (29.7 cm) within margins of 1.5 cm
TIME = datetime(1980, 1, 1, tzinfo=timezone.utc)  # the earliest time a zip entry can carry
CJK_FONTS = ("SimSun", "SimHei")  # body, headings: Word's names for 宋体 and 黑体; LibreOffice substitutes its own
LANGUAGES = {"zh": "zh-CN", "en": "en-GB"}  # the document's language tags (for spelling and hyphenation)
_SHD_AFTER = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")  # in a w:tcPr
_LANG_AFTER = ("w:eastAsianLayout", "w:specVanish", "w:oMath")  # in a w:rPr


def _shade(cell: _Cell, fill: str) -> None:
    shd = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    cell._tc.get_or_add_tcPr().insert_element_before(shd, *_SHD_AFTER)


class _Word:
    """One document in one language, and the one way each of its parts is written."""

    def __init__(self, lang: str, title: str) -> None:
        self.lang = lang
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(1.5)
        section.footer.paragraphs[0].text = t("generated_by", lang)
        self._styles()
        props = self.doc.core_properties
        props.title = title
        props.author = "health-plan-checker"
        props.comments = t("generated_by", lang)
        props.last_modified_by = "health-plan-checker"
        props.language = LANGUAGES[lang]
        props.created = props.modified = TIME
        props.revision = 1
        self.heading(title, 0)

    def _styles(self) -> None:
        body, heading = CJK_FONTS
        for name, font in (("Normal", body), ("Title", heading), ("Heading 1", heading)):
            rpr = self._style(name).element.get_or_add_rPr()
            fonts = rpr.get_or_add_rFonts()
            fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
            fonts.set(qn("w:eastAsia"), font)
        normal = self._style("Normal")
        normal.font.size = Pt(10)
        lang = OxmlElement("w:lang", {qn("w:val"): LANGUAGES[self.lang], qn("w:eastAsia"): LANGUAGES["zh"]})
        normal.element.get_or_add_rPr().insert_element_before(lang, *_LANG_AFTER)
        cell = self.doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(cell, ParagraphStyle)
        self.cell_style = cell.style_id
        self.bullet_style = self._style("List Bullet").style_id
        cell.base_style = normal
        cell.font.size = Pt(8)
        cell.paragraph_format.space_before = cell.paragraph_format.space_after = Pt(0)

    def _style(self, name: str) -> ParagraphStyle:
        style = self.doc.styles[name]
        assert isinstance(style, ParagraphStyle)
        return style

    def footer(self, text: str) -> None:
        """The line at the foot of every page."""
        self.doc.sections[0].footer.paragraphs[0].text = xml_safe(text)

    # --- paragraphs ---------------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1, new_page: bool = False) -> None:
        heading = self.doc.add_heading(xml_safe(text), level)
        if new_page:
            heading.paragraph_format.page_break_before = True

    def paragraph(self, text: str = "", bold: bool = False) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        if text:
            paragraph.add_run(xml_safe(text)).bold = bold or None  # None: no <w:b w:val="0"/> on every plain run
        return paragraph

    def item(self, label: str, text: str, verdict: Status | str | None = None) -> None:
        """A bulleted line "label：text", the label bold; a verdict after it in its colour."""
        paragraph = self.doc.add_paragraph()
        paragraph._p.style = self.bullet_style
        if label:
            paragraph.add_run(xml_safe(label + t("colon", self.lang))).bold = True
        if verdict is not None:
            run = paragraph.add_run(status_text(verdict, self.lang))
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(FONTS[Status(verdict)])
            text = f" · {text}" if text else ""
        if text:
            paragraph.add_run(xml_safe(text))

    def banner(self, illustrative: bool) -> None:
        """The illustrative-data banner, as a shaded box across the page, where the data is illustrative."""
        if not illustrative:
            return
        cell = self.table([""], [1], heads=False).rows[0].cells[0]
        _shade(cell, BANNER_COLOURS[0])
        run = cell.paragraphs[0].add_run(t("illustrative_banner", self.lang))
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(BANNER_COLOURS[1])
        self.doc.add_paragraph()

    # --- tables -------------------------------------------------------------------------------------------------

    def table(self, header: Sequence[str], widths: Sequence[float], heads: bool = True) -> Table:
        """A table across the page, its columns in the proportions of ``widths``; its first row ``header``, shaded
        and repeated on each page (unless ``heads`` is false: a box of one empty row)."""
        table: Table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        scale = WIDTH / sum(widths)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width * scale)
        if heads:
            row = table.rows[0]
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for cell, label in zip(row.cells, header, strict=True):
                self.put(cell, label, bold=True)
                _shade(cell, HEADER_COLOUR)
        return table

    def row(self, table: Table, texts: Sequence[str]) -> list[_Cell]:
        row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves it unannotated
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = list(row.cells)
        for cell, text in zip(cells, texts, strict=False):
            self.put(cell, text)
        return cells

    def span(self, table: Table, text: str) -> None:
        """A row across the table: a group's title."""
        cells = self.row(table, [])
        merged = cells[0].merge(cells[-1])
        self.put(merged, text, bold=True)
        _shade(merged, HEADER_COLOUR)

    def put(self, cell: _Cell, text: str, bold: bool = False, colour: str | None = None) -> None:
        paragraph = cell.paragraphs[0]
        paragraph._p.style = self.cell_style  # by its id: python-docx's lookup by name would search every style
        if text:
            run = paragraph.add_run(xml_safe(text))
            run.bold = bold or None
            if colour is not None:
                run.font.color.rgb = RGBColor.from_string(colour)

    def verdict(self, cell: _Cell, status: Status | str | None) -> None:
        """A verdict as its label, bold in its colour on its shade; nothing for none."""
        if status is None:
            return
        state = Status(status)
        self.put(cell, status_text(state, self.lang), bold=True, colour=FONTS[state])
        _shade(cell, FILLS[state])

    def save(self) -> bytes:
        """The document's bytes, every zip entry with the same fixed time."""
        buffer = io.BytesIO()
        self.doc.save(buffer)
        source = zipfile.ZipFile(buffer)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=TIME.timetuple()[:6])
                entry.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(entry, source.read(info))
        return out.getvalue()


# --- the run report ------------------------------------------------------------------------------------------------


def run(report: RunResult, options: RenderOptions) -> bytes:
    lang = options.lang
    word = _Word(lang, f"{t('title', lang)} · {report.year}")
    word.banner(report.illustrative)
    names = [d.plan.name if lang == "zh" else d.plan.name_en for d in report.districts]
    word.item(t("districts", lang), ("、" if lang == "zh" else ", ").join(names))
    word.item(t("year", lang), str(report.year))
    word.item(t("verdict", lang), "", report.verdict)
    word.item(t("counts", lang), counts_text(report.counts, lang))
    for message in notes_text(report.skipped, lang):
        word.item(t("skipped", lang), message)
    for d in report.districts:
        _district(word, d, options)
    word.footer(footer_text(report, lang))
    return word.save()


def _district(word: _Word, d: DistrictResult, options: RenderOptions) -> None:
    lang, meta = options.lang, d.plan
    name = meta.name if lang == "zh" else f"{meta.name_en} {meta.name}"
    word.heading(f"{name} ({meta.id}) · {d.year}", new_page=True)
    word.banner(d.illustrative)
    word.item(t("plan", lang), plan_text(d))
    word.item(t("data", lang), data_text(d))
    word.item(t("verdict", lang), f"{t('counts', lang)}{t('colon', lang)}{counts_text(d.counts, lang)}", d.verdict)
    word.item("", t("own_document", lang, document=meta.document))
    grouping = grouping_note(d, options.group_by, lang)
    for note in ((grouping,) if grouping else ()) + notes_text(d.notes, lang):
        word.item(t("notes", lang), note)
    selection = options.selection
    listed = selection.rows(d.indicators)
    if selection.active:  # --only, --indicator: say what is left out
        shown, total = (sum(len(i.targets) for i in rows) for rows in (listed, d.indicators))
        word.item("", listed_text(selection.statuses, selection.names, shown, total, lang))
    word.paragraph()
    history = any(i.history for i in d.indicators)
    header = [
        t("col.item", lang),
        t("col.indicator", lang),
        t("col.baseline", lang),
        *([t("col.history", lang)] if history else []),
        f"{t('col.value', lang)} {d.year}",
        t("col.target", lang),
        t("col.milestone", lang),
        t("col.nature", lang),
        t("col.verdict", lang),
        t("col.reason", lang),
        t("col.source", lang),
    ]
    widths = [1.0, 4.8, 2.0, *([3.0] if history else []), 1.8, 3.4, 1.6, 1.8, 1.6, 2.6, 4.4]
    table = word.table(header, widths)
    for group in listed_groups(d, lang, options.group_by, selection):
        _group(word, table, d, group, history)
    if has_unverified(d):
        word.paragraph(t("unverified_legend", lang))
    noted = [i for i in listed if indicator_notes(i)]
    if noted:
        word.paragraph(f"{t('notes', lang)} (*)", bold=True)
        for ind in noted:
            for note in indicator_notes(ind, lang):
                word.item(f"{ind.item or ''} {indicator_name(ind, lang)}".strip(), note)


def _group(word: _Word, table: Table, d: DistrictResult, group: Group, history: bool) -> None:
    lang = word.lang
    title = group.title
    if group.owner is not None:
        title += f" · {t('group.target_counts', lang)}{t('colon', lang)}{counts_text(group.target_counts, lang)}"
    word.span(table, title)
    own = 5 if history else 4  # the indicator's own columns, before its targets'
    for ind in group.indicators:
        rows = [word.row(table, _cells(ind, r, n == 0, d, lang, history)) for n, r in enumerate(ind.targets)]
        for cells, result in zip(rows, ind.targets, strict=True):
            word.verdict(cells[own + 3], result.status)
        if len(rows) > 1:  # the indicator's own cells span its targets' rows
            for column in range(own):
                rows[0][column].merge(rows[-1][column])


def _cells(
    ind: IndicatorResult, result: TargetResult, first: bool, d: DistrictResult, lang: str, history: bool
) -> list[str]:
    """A target's row; the indicator's own cells (number, name, baseline, values) on its first target's row only."""
    baseline = "" if ind.baseline is None else f"{fmt(ind.baseline.value)} ({ind.baseline.year})"
    marker = " *" if indicator_notes(ind) else ""
    own = [
        ind.item or "",
        indicator_label(ind, lang) + marker,
        baseline,
        *([history_text(ind, lang)] if history else []),
        reported_text(ind, lang),
    ]
    return [
        *(own if first else [""] * len(own)),
        target_cell(result, d.plan.period.end, lang),
        milestone_text(result),
        nature_text(result, lang),
        "",  # the verdict, written coloured
        reason_text(result, lang),
        source_cell(result, d.plan.document, lang),
    ]


# --- the summary ---------------------------------------------------------------------------------------------------


def summary(data: SummaryView, options: RenderOptions) -> bytes:
    lang = options.lang
    colon, sep = t("colon", lang), "、" if lang == "zh" else ", "
    word = _Word(lang, f"{t('view.summary_title', lang)} · {data['year']}")
    word.banner(data["illustrative"])
    infos = {info["id"]: info for info in data["district_info"]}
    districts = data["districts"]
    names = [district_label(infos[d], lang) for d in districts]
    word.item(t("year", lang), str(data["year"]))
    word.item(t("districts", lang), sep.join(names))
    for d, name in zip(districts, names, strict=True):
        info = infos[d]
        mark = f" [{t('illustrative_short', lang)}]" if info["illustrative"] else ""
        word.item(f"{t('data_source', lang)} ({name})", source_text(info) + mark)
    for label, text in summary_notes(data, lang):
        word.item(label, text)

    word.heading(t("view.matrix", lang))
    word.paragraph(t("view.matrix_note", lang))
    word.paragraph(f"{t('view.by_indicator', lang)}{colon}{sep.join(status_text(s, lang) for s in STATUSES)}")
    header = [t("col.name", lang), t("col.unit", lang), *names, *(status_text(s, lang) for s in STATUSES)]
    table = word.table(header, [6.0, 1.8, *([2.2] * len(districts)), *([1.3] * len(STATUSES))])
    for indicator in data["indicators"]:
        cells = word.row(table, ["", indicator.get("unit", "")])
        word.put(cells[0], indicator["name"])
        cells[0].paragraphs[0].add_run(xml_safe(f" ({indicator['id']})")).font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        for cell, d in zip(cells[2:], districts, strict=False):
            word.verdict(cell, indicator["verdicts"].get(d))
        for cell, s in zip(cells[2 + len(districts) :], STATUSES, strict=True):
            word.put(cell, str(indicator["counts"][s]))

    word.heading(t("view.by_district", lang))
    table = word.table(
        [t("district", lang), t("view.col.id", lang), t("verdict", lang), *(status_text(s, lang) for s in STATUSES)],
        [5.0, 3.0, 2.2, *([1.6] * len(STATUSES))],
    )
    for d, name in zip(districts, names, strict=True):
        counts = data["district_counts"][d]
        cells = word.row(table, [name, d, "", *(str(counts[s]) for s in STATUSES)])
        word.verdict(cells[2], infos[d]["verdict"])
    return word.save()
