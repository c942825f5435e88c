"""DOCX parser: structure, numbering, tables, notes, pages, safety, and the real corpus."""

from __future__ import annotations

import contextlib
import io
import time
import zipfile
from pathlib import Path

import pytest

from pppcheck.errors import InputError, LimitExceededError
from pppcheck.ingest import parse_bytes, parse_file
from pppcheck.ingest.docx import parse_docx
from pppcheck.limits import DEFAULT_LIMITS, Limits
from pppcheck.model import Block, BlockKind, Document
from tests.conftest import corpus_files
from tests.ingest import docxgen as g


def parse(data: bytes) -> Document:
    return parse_bytes(data, "tender.docx")


def kinds(doc: Document, kind: BlockKind) -> list[Block]:
    return [b for b in doc.blocks if b.kind is kind]


def texts(doc: Document, kind: BlockKind) -> list[str]:
    return [b.text for b in kinds(doc, kind)]


def block(doc: Document, text: str) -> Block:
    found = [b for b in doc.blocks if b.text == text]
    assert found, f"no block {text!r} in {[b.text for b in doc.blocks]}"
    return found[0]


# --------------------------------------------------------------------------- headings


def test_headings_by_style_give_levels_and_sections() -> None:
    d = g.new_document()
    d.add_paragraph("Smart lighting concession", style="Title")
    d.add_heading("Data", level=1)
    d.add_heading("Ownership", level=2)
    d.add_paragraph("All sensor data belongs to the city.")
    d.add_heading("Exit", level=1)
    d.add_paragraph("The operator hands over the data.")
    doc = parse(g.save(d))
    heads = [(b.text, b.level, b.style) for b in kinds(doc, BlockKind.HEADING)]
    assert heads == [
        ("Smart lighting concession", 1, "Title"),
        ("Data", 1, "heading 1"),
        ("Ownership", 2, "heading 2"),
        ("Exit", 1, "heading 1"),
    ]
    assert block(doc, "All sensor data belongs to the city.").location.section == (
        "Data",
        "Ownership",
    )
    assert block(doc, "The operator hands over the data.").location.section == ("Exit",)


def test_clauses_styled_as_headings_are_read_as_paragraphs() -> None:
    d = g.new_document()
    d.add_heading("Data", level=1)
    clause = (
        "Data ownership. All data collected by the sensors shall remain the property of the City."
    )
    d.add_heading(clause, level=2)
    long_title = " ".join(["word"] * 35)
    d.add_heading(long_title, level=2)
    d.add_heading("5. RECEPTION. PLACE OF DELIVERY", level=2)
    d.add_heading("Section 3: Scope of Work", level=2)
    doc = parse(g.save(d))
    assert block(doc, clause).kind is BlockKind.PARAGRAPH
    assert block(doc, clause).location.section == ("Data",)
    assert block(doc, long_title).kind is BlockKind.PARAGRAPH
    assert texts(doc, BlockKind.HEADING) == [
        "Data",
        "5. RECEPTION. PLACE OF DELIVERY",
        "Section 3: Scope of Work",
    ]


def test_localised_style_names_and_based_on_chains() -> None:
    d = g.new_document()
    styles = d.styles.element
    styles.append(
        g.xml(
            '<w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="Titre 2"/>'
            '<w:basedOn w:val="Normal"/></w:style>'
        )
    )
    styles.append(
        g.xml(
            '<w:style w:type="paragraph" w:styleId="MaSection"><w:name w:val="Ma section"/>'
            '<w:basedOn w:val="Titre2"/></w:style>'
        )
    )
    styles.append(
        g.xml(
            '<w:style w:type="paragraph" w:styleId="Ueberschrift1"><w:name w:val="Überschrift 1"/>'
            "</w:style>"
        )
    )
    d.add_paragraph("Leistungsbeschreibung", style="Überschrift 1")
    d.add_paragraph("Propriété des données", style="Titre 2")
    d.add_paragraph("Réversibilité", style="Ma section")
    doc = parse(g.save(d))
    assert [(b.text, b.level) for b in kinds(doc, BlockKind.HEADING)] == [
        ("Leistungsbeschreibung", 1),
        ("Propriété des données", 2),
        ("Réversibilité", 2),
    ]


def test_outline_level_in_style_and_in_paragraph() -> None:
    d = g.new_document()
    d.styles.element.append(
        g.xml(
            '<w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/>'
            '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
        )
    )
    d.add_paragraph("Service levels", style="Clause")
    p = d.add_paragraph("Penalties")
    g.set_ppr(p, '<w:outlineLvl w:val="2"/>')
    body = d.add_paragraph("Body text at outline level 9 is not a heading")
    g.set_ppr(body, '<w:outlineLvl w:val="9"/>')
    doc = parse(g.save(d))
    assert [(b.text, b.level) for b in kinds(doc, BlockKind.HEADING)] == [
        ("Service levels", 2),
        ("Penalties", 3),
    ]
    assert block(doc, "Body text at outline level 9 is not a heading").kind is BlockKind.PARAGRAPH


def _bold(d: object, text: str) -> None:
    p = d.add_paragraph()  # type: ignore[attr-defined]
    p.add_run(text).bold = True


def test_numbered_bold_pseudo_headings_and_bold_sentences() -> None:
    d = g.new_document()
    _bold(d, "CHAPITRE II")
    _bold(d, "ARTICLE 5 – Durée du marché")
    d.add_paragraph("Le marché est conclu pour quatre ans.")
    _bold(d, "7.2 Data ownership")
    _bold(d, "The contractor shall not subcontract the operation of the platform.")
    _bold(d, "Important notice")
    d.add_paragraph("1. Scope")  # numbered but not bold: a paragraph
    p = d.add_paragraph()
    p.add_run("8. Exit ").bold = True
    p.add_run("plan").bold = False  # not entirely bold
    _bold(d, "Artículo 9. Plazo de ejecución")
    doc = parse(g.save(d))
    assert [(b.text, b.level) for b in kinds(doc, BlockKind.HEADING)] == [
        ("CHAPITRE II", 1),
        ("ARTICLE 5 – Durée du marché", 2),
        ("7.2 Data ownership", 2),
        ("Artículo 9. Plazo de ejecución", 2),
    ]
    for sentence in (
        "The contractor shall not subcontract the operation of the platform.",
        "Important notice",
        "1. Scope",
        "8. Exit plan",
    ):
        assert block(doc, sentence).kind is BlockKind.PARAGRAPH


def test_bold_from_paragraph_and_character_styles_counts() -> None:
    d = g.new_document()
    d.styles.element.append(
        g.xml(
            '<w:style w:type="paragraph" w:styleId="BoldPara"><w:name w:val="Bold para"/>'
            "<w:rPr><w:b/></w:rPr></w:style>"
        )
    )
    d.styles.element.append(
        g.xml(
            '<w:style w:type="character" w:styleId="Strong2"><w:name w:val="Strong two"/>'
            "<w:rPr><w:b/></w:rPr></w:style>"
        )
    )
    d.add_paragraph("3. Pricing", style="Bold para")
    p = d.add_paragraph()
    g.append_run_xml(p, '<w:r><w:rPr><w:rStyle w:val="Strong2"/></w:rPr><w:t>4. Term</w:t></w:r>')
    unbold = d.add_paragraph(style="Bold para")
    g.append_run_xml(unbold, '<w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>5. Annexes</w:t></w:r>')
    doc = parse(g.save(d))
    assert [(b.text, b.level) for b in kinds(doc, BlockKind.HEADING)] == [
        ("3. Pricing", 1),
        ("4. Term", 1),
    ]
    assert block(doc, "5. Annexes").kind is BlockKind.PARAGRAPH


MULTILEVEL = (
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1.%2"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="%3)"/></w:lvl>'
)


def test_multilevel_automatic_numbering_prefixes_labels() -> None:
    d = g.new_document()
    g.add_numbering(d, MULTILEVEL, num_id=90, abstract_id=90)
    for style, text, ilvl in [
        ("Heading 1", "Definitions", 0),
        ("Heading 2", "Terms", 1),
        ("Heading 2", "Ownership", 1),
        ("List Paragraph", "raw data", 2),
        ("List Paragraph", "derived data", 2),
        ("Heading 1", "Exit", 0),
        ("Heading 2", "Transfer", 1),
    ]:
        g.set_numbering(d.add_paragraph(text, style=style), 90, ilvl)
    doc = parse(g.save(d))
    assert [(b.text, b.level) for b in kinds(doc, BlockKind.HEADING)] == [
        ("1. Definitions", 1),
        ("1.1 Terms", 2),
        ("1.2 Ownership", 2),
        ("2. Exit", 1),
        ("2.1 Transfer", 2),
    ]
    assert texts(doc, BlockKind.LIST_ITEM) == ["a) raw data", "b) derived data"]
    assert block(doc, "b) derived data").location.section == ("1. Definitions", "1.2 Ownership")


def test_numbering_formats_and_start_override() -> None:
    d = g.new_document()
    levels = (
        '<w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>'
        '<w:lvlText w:val="%1-%2"/><w:isLgl/></w:lvl>'
    )
    g.add_numbering(d, levels, num_id=91, abstract_id=91)
    d.part.numbering_part.element.append(
        g.xml(
            '<w:num w:numId="92"><w:abstractNumId w:val="91"/><w:lvlOverride w:ilvl="0">'
            '<w:startOverride w:val="10"/></w:lvlOverride></w:num>'
        )
    )
    g.set_numbering(d.add_paragraph("Fourth"), 91, 0)
    g.set_numbering(d.add_paragraph("Legal"), 91, 1)
    g.set_numbering(d.add_paragraph("Fifth"), 91, 0)
    g.set_numbering(d.add_paragraph("Restarted"), 92, 0)
    doc = parse(g.save(d))
    assert texts(doc, BlockKind.LIST_ITEM) == [
        "IV. Fourth",
        "4-1 Legal",
        "V. Fifth",
        "X. Restarted",
    ]


def test_bullets_and_list_styles_are_list_items_without_labels() -> None:
    d = g.new_document()
    d.add_paragraph("Intro")
    d.add_paragraph("first bullet", style="List Bullet")
    d.add_paragraph("nested bullet", style="List Bullet 2")
    d.add_paragraph("plain list paragraph", style="List Paragraph")
    doc = parse(g.save(d))
    assert texts(doc, BlockKind.LIST_ITEM) == [
        "first bullet",
        "nested bullet",
        "plain list paragraph",
    ]
    assert block(doc, "Intro").kind is BlockKind.PARAGRAPH


# --------------------------------------------------------------------------- tables


def test_tables_merged_cells_and_nested_table() -> None:
    d = g.new_document()
    d.add_paragraph("Before")
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Merged header"
    table.cell(0, 2).text = "Price"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Lot 1"
    table.cell(1, 1).text = "Sensors"
    table.cell(1, 2).add_paragraph("second line")
    table.cell(1, 2).paragraphs[0].text = "first line"
    inner = table.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "inner A"
    inner.cell(0, 1).text = "inner B"
    table.cell(2, 2).text = "Total"
    d.add_paragraph("After")
    doc = parse(g.save(d))
    cells = [
        (b.text, b.location.table, b.location.row, b.location.column)
        for b in kinds(doc, BlockKind.TABLE_CELL)
    ]
    assert cells == [
        ("Merged header", 0, 0, 0),
        ("Price", 0, 0, 2),
        ("Lot 1", 0, 1, 0),
        ("Sensors", 0, 1, 1),
        ("first line second line", 0, 1, 2),
        ("inner A", 1, 0, 0),
        ("inner B", 1, 0, 1),
        ("Total", 0, 2, 2),
    ]
    raw = parse_docx(g.save(d), DEFAULT_LIMITS)
    assert [b.text for b in raw.blocks if b.row == 1 and b.column == 2] == [
        "first line\nsecond line"
    ]
    assert (doc.blocks[0].text, doc.blocks[-1].text) == ("Before", "After")


# --------------------------------------------------------------------------- stories


def test_headers_footers_deduplicated_and_placed() -> None:
    d = g.new_document()
    section = d.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "Ville de Lyon – CCTP"
    section.first_page_header.paragraphs[0].text = "Ville de Lyon – CCTP"
    section.footer.paragraphs[0].text = "Confidential"
    section.first_page_footer.paragraphs[0].text = "Cover page"
    d.add_paragraph("Body")
    doc = parse(g.save(d))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.HEADER, "Ville de Lyon – CCTP"),
        (BlockKind.PARAGRAPH, "Body"),
        (BlockKind.FOOTER, "Confidential"),
        (BlockKind.FOOTER, "Cover page"),
    ]


def test_footnotes_follow_their_paragraph_and_keep_its_section() -> None:
    d = g.new_document()
    d.add_heading("Data", level=1)
    p = d.add_paragraph("Data stays in the EU.")
    g.append_run_xml(p, g.footnote_ref(1))
    d.add_paragraph("Next paragraph.")
    d.add_heading("Exit", level=1)
    data = g.add_footnotes(g.save(d), {1: "See GDPR art. 44.", 2: "Never cited."})
    doc = parse(data)
    body = [(b.kind, b.text) for b in doc.blocks]
    assert body == [
        (BlockKind.HEADING, "Data"),
        (BlockKind.PARAGRAPH, "Data stays in the EU."),
        (BlockKind.FOOTNOTE, "See GDPR art. 44."),
        (BlockKind.PARAGRAPH, "Next paragraph."),
        (BlockKind.HEADING, "Exit"),
        (BlockKind.FOOTNOTE, "Never cited."),
    ]
    assert block(doc, "See GDPR art. 44.").location.section == ("Data",)


def test_comments_are_not_text() -> None:
    d = g.new_document()
    p = d.add_paragraph("Visible clause.")
    d.add_comment(p.runs, text="Reviewer: is this enforceable?", author="R")
    doc = parse(g.save(d))
    assert [b.text for b in doc.blocks] == ["Visible clause."]


# --------------------------------------------------------------------------- inline content


def test_tracked_changes_fields_and_special_characters() -> None:
    d = g.new_document()
    p = d.add_paragraph("The city ")
    g.append_run_xml(
        p, '<w:ins w:id="1" w:author="a"><w:r><w:t xml:space="preserve">owns </w:t></w:r></w:ins>'
    )
    g.append_run_xml(
        p, '<w:del w:id="2" w:author="a"><w:r><w:delText>rents </w:delText></w:r></w:del>'
    )
    g.append_run_xml(
        p,
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>moved-away </w:t></w:r></w:moveFrom>',
    )
    g.append_run_xml(p, "<w:r><w:t>the data</w:t><w:tab/><w:t>now</w:t><w:br/><w:t>and</w:t></w:r>")
    g.append_run_xml(
        p,
        '<w:r><w:t xml:space="preserve"> e</w:t><w:noBreakHyphen/><w:t>mail re</w:t>'
        "<w:softHyphen/><w:t>use</w:t></w:r>",
    )
    g.append_run_xml(
        p,
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \\h '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r>'
        '<w:t xml:space="preserve"> (see 7.2)</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    )
    g.append_run_xml(p, '<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>')
    g.append_run_xml(p, '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>')
    doc = parse(g.save(d))
    assert [b.text for b in doc.blocks] == [
        "The city owns the data now and e-mail reuse (see 7.2)³"
    ]
    raw = parse_docx(g.save(d), DEFAULT_LIMITS)
    assert "the data\tnow\nand" in raw.blocks[0].text


def test_content_controls_hyperlinks_smart_tags_custom_xml() -> None:
    d = g.new_document()
    g.append_body_xml(
        d,
        "<w:sdt><w:sdtPr><w:alias w:val='Lot'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Block control text</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    )
    g.append_body_xml(
        d,
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Click or tap here to enter text.</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    )
    p = d.add_paragraph("Inline ")
    g.append_run_xml(
        p,
        "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space='preserve'>control, </w:t></w:r>"
        "</w:sdtContent></w:sdt>",
    )
    g.append_run_xml(
        p, "<w:hyperlink><w:r><w:t xml:space='preserve'>link, </w:t></w:r></w:hyperlink>"
    )
    g.append_run_xml(
        p,
        "<w:smartTag w:uri='u' w:element='place'><w:r><w:t xml:space='preserve'>Lyon, </w:t>"
        "</w:r></w:smartTag>",
    )
    g.append_run_xml(
        p,
        "<w:customXml w:element='x'><w:r><w:t xml:space='preserve'>custom, </w:t></w:r>"
        "</w:customXml>",
    )
    g.append_run_xml(p, "<w:fldSimple w:instr=' PAGE '><w:r><w:t>12</w:t></w:r></w:fldSimple>")
    doc = parse(g.save(d))
    assert [b.text for b in doc.blocks] == [
        "Block control text",
        "Inline control, link, Lyon, custom, 12",
    ]


def test_table_of_contents_by_style_field_and_gallery() -> None:
    d = g.new_document()
    d.add_paragraph("Contents", style="TOC Heading")
    p = d.add_paragraph()
    g.append_run_xml(
        p,
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' TOC \\o "1-3" \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1 Scope\t3</w:t></w:r>",
    )
    d.add_paragraph("2 Data\t4")
    end = d.add_paragraph()
    g.append_run_xml(end, '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    g.append_body_xml(
        d,
        "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val='Table of Contents'/>"
        "</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>3 Exit 5</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>",
    )
    d.add_heading("Scope", level=1)
    doc = parse(g.save(d))
    assert texts(doc, BlockKind.TOC) == ["Contents", "1 Scope 3", "2 Data 4", "3 Exit 5"]
    assert [(b.text, b.level) for b in kinds(doc, BlockKind.HEADING)] == [("Scope", 1)]


def test_text_boxes_are_read_once() -> None:
    d = g.new_document()
    p = d.add_paragraph("Anchor")
    box = "<w:txbxContent><w:p><w:r><w:t>Boxed clause</w:t></w:r></w:p></w:txbxContent>"
    g.append_run_xml(
        p,
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><wrap>'
        f"{box}</wrap></w:drawing></mc:Choice><mc:Fallback><w:pict><shape>{box}</shape>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r>",
    )
    doc = parse(g.save(d))
    assert [b.text for b in doc.blocks] == ["Anchor", "Boxed clause"]


# --------------------------------------------------------------------------- pages and metadata


def test_pages_from_explicit_and_rendered_breaks() -> None:
    d = g.new_document()
    d.add_paragraph("one")
    d.add_page_break()
    p = d.add_paragraph()
    g.append_run_xml(p, "<w:r><w:lastRenderedPageBreak/><w:t>two</w:t></w:r>")
    long = d.add_paragraph("three starts here")
    g.append_run_xml(long, "<w:r><w:lastRenderedPageBreak/><w:t> and ends on four</w:t></w:r>")
    d.add_paragraph("four")
    before = d.add_paragraph("five")
    g.set_ppr(before, "<w:pageBreakBefore/>")
    doc = parse(g.save(d))
    assert [(b.text, b.location.page) for b in doc.blocks] == [
        ("one", 1),
        ("two", 2),
        ("three starts here and ends on four", 2),
        ("four", 3),
        ("five", 4),
    ]
    assert doc.pages == 4  # docProps/app.xml says 1: stale, the counted breaks win


def test_no_breaks_means_no_page_numbers_and_app_pages_kept() -> None:
    d = g.new_document()
    d.add_paragraph("alone")
    doc = parse(g.save(d))
    assert [b.location.page for b in doc.blocks] == [None]
    assert doc.pages == 1


def test_title_from_core_properties_when_meaningful() -> None:
    d = g.new_document()
    d.core_properties.title = "CCTP plateforme de données urbaines"
    d.add_paragraph("x")
    assert parse(g.save(d)).title == "CCTP plateforme de données urbaines"
    d.core_properties.title = "Document1"
    d.add_heading("Real heading", 1)
    assert parse(g.save(d)).title == "Real heading"


def test_char_limit_truncates_with_warning() -> None:
    d = g.new_document()
    for i in range(50):
        d.add_paragraph(f"Paragraph number {i} with some words.")
    out = parse_docx(g.save(d), Limits(max_chars=100))
    assert sum(len(b.text) for b in out.blocks) == 100
    assert any("truncated" in w for w in out.warnings)


def test_strict_ooxml_namespaces() -> None:
    d = g.new_document()
    d.add_heading("Strict heading", 1)
    d.add_paragraph("Strict body")

    def to_strict(parts: dict[str, bytes]) -> None:
        for name in ("word/document.xml", "word/styles.xml"):
            parts[name] = parts[name].replace(
                g.W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main"
            )

    doc = parse(g.edit_package(g.save(d), to_strict))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, "Strict heading"),
        (BlockKind.PARAGRAPH, "Strict body"),
    ]


# --------------------------------------------------------------------------- safety


def _with_document_xml(content: bytes) -> bytes:
    d = g.new_document()
    d.add_paragraph("x")

    def edit(parts: dict[str, bytes]) -> None:
        parts["word/document.xml"] = content

    return g.edit_package(g.save(d), edit)


def test_not_a_zip_truncated_zip_and_missing_document() -> None:
    with pytest.raises(InputError, match="not a readable zip"):
        parse_docx(b"this is not a zip file at all", DEFAULT_LIMITS)
    data = g.save(g.new_document())
    with pytest.raises(InputError):
        parse_docx(data[: len(data) // 2], DEFAULT_LIMITS)

    def drop(parts: dict[str, bytes]) -> None:
        del parts["word/document.xml"]

    with pytest.raises(InputError, match=r"no word/document\.xml"):
        parse_docx(g.edit_package(data, drop), DEFAULT_LIMITS)


def test_malformed_xml_is_a_clear_input_error() -> None:
    data = _with_document_xml(b"<w:document xmlns:w='x'><w:body><w:p></w:body>")
    with pytest.raises(InputError, match=r"word/document.xml is not well-formed XML") as info:
        parse_docx(data, DEFAULT_LIMITS)
    assert info.value.hint and "damaged" in info.value.hint


def test_xxe_entity_is_refused_and_never_read() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="' + g.W.encode() + b'"><w:body><w:p><w:r><w:t>&x;</w:t></w:r>'
        b"</w:p></w:body></w:document>"
    )
    with pytest.raises(InputError, match="DOCTYPE") as info:
        parse_bytes(_with_document_xml(xxe), "x.docx")
    assert "root:" not in str(info.value)


def test_billion_laughs_is_refused_quickly() -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><w:document xmlns:w="{g.W}"><w:body>'
        "<w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    start = time.perf_counter()
    with pytest.raises(InputError):
        parse_docx(_with_document_xml(bomb), DEFAULT_LIMITS)
    assert time.perf_counter() - start < 2


def test_zip_bomb_ratio_and_declared_size() -> None:
    d = g.new_document()
    d.add_paragraph("x")
    padding = b"<!-- " + b" " * (8 * 1024 * 1024) + b" -->"

    def bomb(parts: dict[str, bytes]) -> None:
        parts["word/document.xml"] = parts["word/document.xml"] + padding

    with pytest.raises(LimitExceededError, match="zip bomb"):
        parse_docx(g.edit_package(g.save(d), bomb), DEFAULT_LIMITS)
    with pytest.raises(LimitExceededError, match="unpacked limit"):
        parse_docx(g.save(d), Limits(max_unpacked_bytes=2000))


def test_lying_declared_size_is_caught() -> None:
    d = g.new_document()
    d.add_paragraph("A body long enough to be larger than the lie. " * 20)
    data = bytearray(g.save(d))
    name = b"word/document.xml"
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    # patch the uncompressed size (offset 24) in the central directory and local header
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) != -1:
        if data[offset + 46 : offset + 46 + len(name)] == name:
            data[offset + 24 : offset + 28] = (50).to_bytes(4, "little")
        offset += 4
    local = info.header_offset
    data[local + 22 : local + 26] = (50).to_bytes(4, "little")
    with pytest.raises(InputError):
        parse_docx(bytes(data), DEFAULT_LIMITS)


# --------------------------------------------------------------------------- real corpus


@pytest.mark.parametrize("path", corpus_files(".docx"), ids=lambda p: p.name)
def test_every_corpus_docx_parses_with_text(path: Path) -> None:
    doc = parse_file(path)
    body = [b for b in doc.blocks if b.kind is not BlockKind.HEADER]
    assert len(body) > 40
    assert doc.char_count > 1000
    assert doc.parser == "docx/lxml"
    assert doc.text_status.value == "ok"
    assert doc.language == "en"


def test_corpus_hhs_rfq_headings_and_sections(corpus: Path) -> None:
    doc = parse_file(corpus / "us_hhs_tdrs_rfq_final_2020.docx")
    heads = {b.text: b for b in kinds(doc, BlockKind.HEADING)}
    assert heads["Request for Quote"].level == 1
    assert heads["7.2 Authorities and Delegations"].level == 3
    assert heads["9.6.5 Phase 3 - Price"].level == 4
    assert heads["2.2 Expectations"].level == 3  # bold "normal" paragraph, level calibrated
    assert heads["7.2 Authorities and Delegations"].location.section[-2:] == (
        "7.0 Administration",
        "7.2 Authorities and Delegations",
    )
    assert len(heads) >= 60


def test_corpus_nbs_tables_merges_pages_and_clause_labels(corpus: Path) -> None:
    doc = parse_file(corpus / "us_usds_nbs_rfq_section_l_m.docx")
    cells = {
        (b.location.table, b.location.row, b.location.column): b.text
        for b in kinds(doc, BlockKind.TABLE_CELL)
    }
    assert cells[(0, 0, 0)] == "FAR SOURCE"
    assert cells[(0, 1, 0)] == "52.204-7"
    assert cells[(1, 1, 0)] == "Phase I: Written"
    assert (1, 3, 0) not in cells  # vertically merged continuation of "Phase II"
    assert doc.pages == 8  # app.xml says 1; eight pages counted from Word's markers
    heads = [(b.text[:5], b.level) for b in kinds(doc, BlockKind.HEADING)]
    assert heads[:3] == [("SECTI", 1), ("L.1 F", 2), ("L.2 Q", 2)]


def test_corpus_virginia_toc_header_footer(corpus: Path) -> None:
    doc = parse_file(corpus / "us_virginia_fredericksburg_it_plan_sor_2023.docx")
    assert texts(doc, BlockKind.TOC)[:2] == [
        "Contents",
        "STATEMENT OF REQUIREMENTS (SOR) 2",
    ]
    assert doc.blocks[0].kind is BlockKind.HEADER
    assert doc.blocks[-1].kind is BlockKind.FOOTER
    assert "13. Project Staffing" in texts(doc, BlockKind.HEADING)


def test_deep_nesting_is_an_input_error() -> None:
    deep = (
        f'<w:document xmlns:w="{g.W}"><w:body>'.encode()
        + b"<w:customXml>" * 300
        + b"</w:customXml>" * 300
        + b"</w:body></w:document>"
    )
    with pytest.raises(InputError, match="more than 256 levels deep"):
        parse_docx(_with_document_xml(deep), DEFAULT_LIMITS)


@pytest.mark.parametrize("seed", range(12))
def test_corrupted_bytes_never_escape_as_library_errors(seed: int) -> None:
    """Flip bytes anywhere in a valid package: the result is a document or an InputError."""
    import random

    d = g.new_document()
    d.add_heading("Data", 1)
    for i in range(20):
        d.add_paragraph(f"Clause {i}: the operator returns the data.")
    data = bytearray(g.save(d))
    rng = random.Random(seed)
    for _ in range(8):
        data[rng.randrange(len(data))] = rng.randrange(256)
    with contextlib.suppress(InputError):
        parse_docx(bytes(data), DEFAULT_LIMITS)
