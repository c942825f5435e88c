"""A Word memo a legal officer can forward: summary, theme table, gap table, then each gap with
the quoted sentence, what to write and the model clause to insert, in the report's language.

Built with python-docx on its default template (opens in Word and LibreOffice). The output is
reproducible: no creation date (Word sets one on first save) and fixed timestamps inside the
zip, so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pppcheck import __version__
from pppcheck.language import language_name
from pppcheck.render import RenderOptions
from pppcheck.render.common import clean_xml, grouped, one_line, score_text, short
from pppcheck.render.labels import Labels, labels_for
from pppcheck.report import AuditRun, Report, ReportStatus
from pppcheck.results import RuleResult
from pppcheck.rules.schema import Status

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
COLOR = {
    Status.CONTRARY: RGBColor(0xB4, 0x23, 0x18),
    Status.MISSING: RGBColor(0xB5, 0x47, 0x08),
    Status.PARTIAL: RGBColor(0x1F, 0x6F, 0xB2),
    Status.MET: RGBColor(0x1E, 0x7B, 0x45),
    Status.NOT_APPLICABLE: RGBColor(0x8A, 0x94, 0xA6),
    Status.ERROR: RGBColor(0x8E, 0x24, 0xAA),
}
GREY = RGBColor(0x5B, 0x65, 0x75)
CLAUSE_STYLE = "Model Clause"
LANG_TAG = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}


def x(text: str) -> str:
    """Text as python-docx accepts it (no control characters)."""
    return clean_xml(text)


def render_docx(run: AuditRun, options: RenderOptions) -> bytes:
    lang = run.reports[0].language if run.reports else "en"
    t = labels_for(lang)
    doc: Any = docx.Document()
    _setup(doc, t, run)
    for number, report in enumerate(run.reports):
        if number:
            doc.add_page_break()
        _report(doc, report, labels_for(report.language))
    if run.errors:
        doc.add_heading(x(f"{t.errors} ({len(run.errors)})"), level=1)
        for error in run.errors:
            doc.add_paragraph(x(f"{error.path}: {error.error}"), style="List Bullet")
    if run.warnings:
        doc.add_heading(x(t.notes), level=1)
        for warning in run.warnings:
            doc.add_paragraph(x(warning), style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return _reproducible(buffer.getvalue())


def _setup(doc: Any, t: Labels, run: AuditRun) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANG_TAG.get(t.lang, "en-GB"))
    rpr.append(lang)
    _clause_style(doc)
    props = doc.core_properties
    names = ", ".join(d.path for r in run.reports for d in r.documents)
    props.title = x(short(f"{t.memo_title}: {names}", 250))
    props.author = "pppcheck"
    props.comments = f"pppcheck {__version__}"
    props.language = LANG_TAG.get(t.lang, "en-GB")
    core = props._element  # no python-docx API removes a date; Word sets them on save
    for tag in ("dcterms:created", "dcterms:modified"):
        for element in core.findall(qn(tag)):
            core.remove(element)


def _clause_style(doc: Any) -> None:
    """A plain, indented paragraph with a rule on the left: it pastes into a contract as text."""
    style = doc.styles.add_style(CLAUSE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.paragraph_format.left_indent = Cm(1)
    style.paragraph_format.right_indent = Cm(0.5)
    style.paragraph_format.space_after = Pt(10)
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "18"),
        ("w:space", "8"),
        ("w:color", "1E7B45"),
    ):
        left.set(qn(key), value)
    borders.append(left)
    style.element.get_or_add_pPr().append(borders)


def _reproducible(data: bytes) -> bytes:
    """Rewrite the package with fixed entry dates and order, so output bytes are stable."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _run(
    paragraph: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    color: RGBColor | None = None,
    size: float | None = None,
) -> Any:
    run = paragraph.add_run(x(text))
    run.bold = bold or None
    run.italic = italic or None
    if color is not None:
        run.font.color.rgb = color
    if size is not None:
        run.font.size = Pt(size)
    return run


def _report(doc: Any, report: Report, t: Labels) -> None:
    doc.add_heading(x(t.memo_title), level=0)
    for document in report.documents:
        pages = (
            f"{document.pages} {t.pages}"
            if document.pages is not None
            else f"{document.blocks} blocks"
        )
        p = doc.add_paragraph()
        _run(p, f"{t.document}: ", bold=True)
        _run(p, document.path)
        _run(
            p,
            f"  ·  {document.format.value.upper()} · {pages} · {language_name(document.language)}",
            color=GREY,
        )
    p = doc.add_paragraph()
    _run(p, f"{t.pack}: ", bold=True)
    _run(p, f"{report.pack.id} {report.pack.version} ({report.pack.rules})", color=GREY)
    doc.add_paragraph(x(t.memo_intro))
    if report.status is ReportStatus.NO_TEXT:
        p = doc.add_paragraph()
        _run(p, report.message, bold=True, color=COLOR[Status.CONTRARY])
        return
    _summary(doc, report, t)
    _themes(doc, report, t)
    _gap_table(doc, report, t)
    groups = grouped(report)
    for status, heading in (
        (Status.CONTRARY, t.works_against),
        (Status.MISSING, t.missing),
        (Status.PARTIAL, t.weak),
    ):
        if groups[status]:
            doc.add_heading(x(f"{heading} ({len(groups[status])})"), level=1)
            for result in groups[status]:
                _gap(doc, result, t)
    if groups[Status.ERROR]:
        doc.add_heading(x(t.could_not_run), level=1)
        for result in groups[Status.ERROR]:
            doc.add_paragraph(
                x(f"{result.rule_id} {result.title}: {result.reason}"), style="List Bullet"
            )
    _covered(doc, groups[Status.MET], groups[Status.NOT_APPLICABLE], t)


def _summary(doc: Any, report: Report, t: Labels) -> None:
    doc.add_heading(x(t.summary), level=1)
    counts = report.score.counts
    p = doc.add_paragraph()
    _run(p, f"{t.score} {score_text(report.score.overall)}/100", bold=True, size=16)
    text = (
        f"  ·  {counts.applicable} {t.applicable}: {counts.met} {t.statuses[Status.MET]}, "
        f"{counts.partial} {t.statuses[Status.PARTIAL]}, {counts.missing} "
        f"{t.statuses[Status.MISSING]}, {counts.contrary} {t.statuses[Status.CONTRARY]}"
    )
    if counts.waived:
        text += f"; {counts.waived} {t.waived}"
    _run(p, text)
    if report.profile:
        p = doc.add_paragraph()
        _run(p, f"{t.profile}: ", bold=True)
        parts = []
        for name, value in report.profile.items():
            how = f" ({t.set_by_user})" if value.source == "override" else ""
            parts.append(f"{value.title or name} {'✓' if value.value else '✗'}{how}")
        _run(p, " · ".join(parts))
    outcome = report.policy
    p = doc.add_paragraph()
    _run(p, f"{t.policy}: ", bold=True)
    if not outcome.policy.is_set and outcome.passed:
        _run(p, t.policy_none)
    else:
        _run(p, f"{outcome.policy.describe()} → ")
        _run(
            p,
            t.passed if outcome.passed else t.failed,
            bold=True,
            color=COLOR[Status.MET] if outcome.passed else COLOR[Status.CONTRARY],
        )
        if outcome.reasons:
            _run(p, f" ({'; '.join(outcome.reasons)})")


def _table(doc: Any, header: list[str], rows: list[list[str]], widths: list[float]) -> Any:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Light Grid Accent 1"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = x(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = x(text)
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Pt(width)  # the grid: what LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Pt(width)  # the cells: what Word reads
    doc.add_paragraph()
    return table


def _themes(doc: Any, report: Report, t: Labels) -> None:
    if not report.score.themes:
        return
    doc.add_heading(x(t.themes), level=1)
    rows = [
        [
            theme.title,
            score_text(theme.score),
            str(theme.counts.met),
            str(theme.counts.partial),
            str(theme.counts.missing),
            str(theme.counts.contrary),
        ]
        for theme in report.score.themes
    ]
    header = [t.theme, t.score] + [
        t.statuses[s] for s in (Status.MET, Status.PARTIAL, Status.MISSING, Status.CONTRARY)
    ]
    table = _table(doc, header, rows, [200, 50, 55, 55, 55, 60])
    for row in table.rows[1:]:
        for cell in row.cells[1:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _gap_table(doc: Any, report: Report, t: Labels) -> None:
    gaps = [r for r in report.results if r.is_gap]
    doc.add_heading(x(f"{t.gaps} ({len(gaps)})"), level=1)
    if not gaps:
        doc.add_paragraph(x(t.no_gaps))
        return
    rows = []
    for result in gaps:
        status = t.statuses[result.status]
        if result.waiver is not None:
            status += f" ({t.waived})"
        place = result.evidence[0].where() if result.evidence else "—"
        rows.append(
            [
                f"{result.rule_id} — {result.title}",
                status,
                f"{t.severities[result.severity]}, {result.weight:g}",
                place,
            ]
        )
    _table(doc, [t.rule, t.status, t.severity, t.where], rows, [215, 70, 70, 120])


def _gap(doc: Any, result: RuleResult, t: Labels) -> None:
    heading = doc.add_heading(level=2)
    _run(heading, f"{result.rule_id} — {result.title}")
    p = doc.add_paragraph()
    _run(p, t.statuses[result.status], bold=True, color=COLOR[result.status])
    _run(
        p,
        f"  ·  {t.severities[result.severity]} · {t.weight.lower()} {result.weight:g} · "
        f"{result.theme_title}",
        color=GREY,
    )
    if result.status is Status.MISSING:
        _run(doc.add_paragraph(), t.not_found, italic=True)
    else:
        _run(doc.add_paragraph(), result.reason, italic=True, color=GREY)
    for evidence in result.evidence[:2]:
        p = doc.add_paragraph()
        _run(p, f"{evidence.where()}: ", color=GREY, size=9.5)
        _run(p, f"“{one_line(evidence.quote)}”", italic=True)
    if result.waiver is not None:
        w = result.waiver
        p = doc.add_paragraph()
        _run(p, f"{t.waived_by} ", bold=True)
        _run(p, f"{t.expires} {w.expires.isoformat()} · {w.owner}: {w.reason}")
    if result.remediation:
        p = doc.add_paragraph()
        _run(p, f"{t.what_to_write}: ", bold=True)
        _run(p, result.remediation)
    if result.model_clause:
        p = doc.add_paragraph()
        _run(p, f"{t.model_clause}:", bold=True)
        doc.add_paragraph(x(result.model_clause), style=CLAUSE_STYLE)
    if result.source:
        p = doc.add_paragraph()
        _run(p, f"{t.source}: {result.source}", color=GREY, size=9)


def _covered(doc: Any, met: list[RuleResult], na: list[RuleResult], t: Labels) -> None:
    if met:
        doc.add_heading(x(f"{t.covered} ({len(met)})"), level=1)
        for result in met:
            p = doc.add_paragraph(style="List Bullet")
            _run(p, f"{result.rule_id} {result.title}", bold=True)
            if result.evidence:
                first = result.evidence[0]
                _run(p, f" — {first.where()}: “{short(first.quote, 200)}”", color=GREY)
    if na:
        doc.add_heading(x(f"{t.not_applicable} ({len(na)})"), level=1)
        for result in na:
            doc.add_paragraph(
                x(f"{result.rule_id} {result.title} ({t.needs} {result.applies_to})"),
                style="List Bullet",
            )
