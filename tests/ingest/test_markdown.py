"""Markdown parser: token stream to blocks with source lines, PDF-conversion heuristics, corpus."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from pppcheck.errors import UnsupportedFormatError
from pppcheck.ingest import parse_bytes, parse_file
from pppcheck.ingest.markdown import parse_markdown, strip_front_matter
from pppcheck.limits import DEFAULT_LIMITS
from pppcheck.model import Block, BlockKind, Document, TextStatus
from tests.conftest import corpus_files


def parse(text: str | bytes) -> Document:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_bytes(data, "tender.md")


def shape(doc: Document) -> list[tuple[str, str, int | None, int | None]]:
    """(kind, text, level, line) of every block."""
    return [(b.kind.value, b.text, b.level, b.location.line) for b in doc.blocks]


def block(doc: Document, text: str) -> Block:
    found = [b for b in doc.blocks if b.text == text]
    assert found, f"no block {text!r} in {[b.text for b in doc.blocks]}"
    return found[0]


# --------------------------------------------------------------------------- headings, text


def test_atx_and_setext_headings_with_levels_lines_and_sections() -> None:
    doc = parse(
        "# Smart lighting concession\n\n"
        "Data governance\n===============\n\n"
        "Ownership\n---------\n\n"
        "### 7.2 Exit *plan*\n\n"
        "All data returns to the city.\n"
    )
    assert shape(doc) == [
        ("heading", "Smart lighting concession", 1, 1),
        ("heading", "Data governance", 1, 3),
        ("heading", "Ownership", 2, 6),
        ("heading", "7.2 Exit plan", 3, 9),
        ("paragraph", "All data returns to the city.", None, 11),
    ]
    assert block(doc, "All data returns to the city.").location.section == (
        "Data governance",
        "Ownership",
        "7.2 Exit plan",
    )
    assert doc.parser == "markdown"
    assert doc.title == "Smart lighting concession"


def test_inline_markup_is_plain_text_and_placeholders_stay_verbatim() -> None:
    doc = parse(
        "The **operator** shall *return* [all data](https://example.org/data) to "
        "{{agency_name}} ![the city seal](seal.png) in `CSV`, &amp; \\*escaped\\* \\$20.\n"
    )
    assert shape(doc) == [
        (
            "paragraph",
            "The operator shall return all data to {{agency_name}} the city seal in CSV, "
            "& *escaped* $20.",
            None,
            1,
        )
    ]


def test_soft_and_hard_breaks_join_lines_and_soft_hyphens_are_undone() -> None:
    doc = parse("The procure-\nment of data  \nends here\\\nwith <br> a break.\n")
    assert shape(doc) == [("paragraph", "The procurement of data ends here with a break.", None, 1)]


# --------------------------------------------------------------------------- lists


def test_list_items_nested_items_and_loose_items_are_blocks_of_their_own() -> None:
    doc = parse(
        "Requirements:\n\n"
        "- hosting in the EU\n"
        "  - two data centres\n"
        "  - daily backups\n"
        "- open formats\n\n"
        "1. First obligation\n"
        "2. Second obligation\n\n"
        "   with a second paragraph.\n"
    )
    assert shape(doc) == [
        ("paragraph", "Requirements:", None, 1),
        ("list_item", "hosting in the EU", None, 3),
        ("list_item", "two data centres", None, 4),
        ("list_item", "daily backups", None, 5),
        ("list_item", "open formats", None, 6),
        ("list_item", "First obligation", None, 8),
        ("list_item", "Second obligation", None, 9),
        ("list_item", "with a second paragraph.", None, 11),
    ]


def test_bullet_glyphs_inside_a_paragraph_start_list_items() -> None:
    doc = parse(
        "Il comprend des prestations de :\n"
        "    • maintenance évolutive\n"
        "    • maintenance corrective\n"
    )
    assert shape(doc) == [
        ("paragraph", "Il comprend des prestations de :", None, 1),
        ("list_item", "maintenance évolutive", None, 2),
        ("list_item", "maintenance corrective", None, 3),
    ]


# --------------------------------------------------------------------------- tables


def test_tables_give_cells_with_document_wide_index_rows_and_columns() -> None:
    doc = parse(
        "| **Activity** | Date |\n"
        "|---|---|\n"
        "| Questions due | *May 15* |\n"
        "| Proposals due |  |\n\n"
        "Between the tables.\n\n"
        "Item | Price\n"
        "---- | -----\n"
        "Licence | 0 EUR\n"
    )
    cells = [
        (b.text, b.location.table, b.location.row, b.location.column, b.location.line, b.style)
        for b in doc.blocks
        if b.kind is BlockKind.TABLE_CELL
    ]
    assert cells == [
        ("Activity", 0, 0, 0, 1, "th"),
        ("Date", 0, 0, 1, 1, "th"),
        ("Questions due", 0, 1, 0, 3, "td"),
        ("May 15", 0, 1, 1, 3, "td"),
        ("Proposals due", 0, 2, 0, 4, "td"),
        ("Item", 1, 0, 0, 8, "th"),
        ("Price", 1, 0, 1, 8, "th"),
        ("Licence", 1, 1, 0, 10, "td"),
        ("0 EUR", 1, 1, 1, 10, "td"),
    ]
    assert block(doc, "Between the tables.").kind is BlockKind.PARAGRAPH


# --------------------------------------------------------------------------- quotes, code, HTML


def test_blockquotes_are_paragraphs_with_their_style() -> None:
    doc = parse("> The operator keeps\n> no copy.\n>\n> - not even backups\n")
    assert [(b.kind.value, b.text, b.style, b.location.line) for b in doc.blocks] == [
        ("paragraph", "The operator keeps no copy.", "blockquote", 1),
        ("list_item", "not even backups", "blockquote", 4),
    ]


def test_fenced_code_is_one_verbatim_paragraph_with_style_code() -> None:
    doc = parse('Text.\n\n```json\n{"owner": "city"}\n```\n')
    assert [(b.kind.value, b.text, b.style, b.location.line) for b in doc.blocks] == [
        ("paragraph", "Text.", None, 1),
        ("paragraph", '{"owner": "city"}', "code", 3),
    ]


def test_indented_blocks_are_read_as_plain_text_layout() -> None:
    doc = parse(
        "# CCTP\n\n"
        "1 CONTEXTE ET OBJET\n\n"
        "     1.1 Contexte\n"
        "     Le présent marché porte sur la\n"
        "     maintenance du concentrateur.\n"
        "         • maintenance évolutive\n"
    )
    assert [(b.kind.value, b.text, b.level, b.style, b.location.line) for b in doc.blocks] == [
        ("heading", "CCTP", 1, None, 1),
        ("heading", "1 CONTEXTE ET OBJET", 2, None, 3),
        ("heading", "1.1 Contexte", 3, "code", 5),
        (
            "paragraph",
            "Le présent marché porte sur la maintenance du concentrateur.",
            None,
            "code",
            6,
        ),
        ("list_item", "maintenance évolutive", None, "code", 8),
    ]
    assert block(doc, "maintenance évolutive").location.section == (
        "CCTP",
        "1 CONTEXTE ET OBJET",
        "1.1 Contexte",
    )


def test_html_blocks_keep_text_and_drop_tags_comments_and_scripts() -> None:
    doc = parse(
        "Intro.\n\n"
        '<div align="center">\n<p>Issued by the <b>City</b></p>\n'
        "<script>alert(1)</script>\n</div>\n\n"
        "<!-- reviewer note -->\n\n"
        "<br/>\n\n"
        "<table>\n<tr><th>Lot</th><th>Scope</th></tr>\n<tr><td>1</td><td>Sensors</td></tr>\n</table>\n\n"
        "| A |\n|---|\n| b |\n"
    )
    assert [
        (b.kind.value, b.text, b.location.line, b.location.table, b.location.row)
        for b in doc.blocks
    ] == [
        ("paragraph", "Intro.", 1, None, None),
        ("paragraph", "Issued by the City", 4, None, None),
        ("table_cell", "Lot", 13, 0, 0),
        ("table_cell", "Scope", 13, 0, 0),
        ("table_cell", "1", 14, 0, 1),
        ("table_cell", "Sensors", 14, 0, 1),
        ("table_cell", "A", 17, 1, 0),
        ("table_cell", "b", 19, 1, 1),
    ]


# --------------------------------------------------------------------------- front matter


def test_front_matter_gives_the_title_and_is_not_body_text() -> None:
    doc = parse('---\ntitle: "Agile BPA call order"\nlayout: page\n---\n\n# RFQ\n\nBody text.\n')
    assert doc.title == "Agile BPA call order"
    assert shape(doc) == [("heading", "RFQ", 1, 6), ("paragraph", "Body text.", None, 8)]


def test_a_leading_thematic_break_is_not_front_matter() -> None:
    text = "---\n\nThe operator shall host the data.\n\n---\n"
    assert strip_front_matter(text) == (text, None)
    assert shape(parse(text)) == [("paragraph", "The operator shall host the data.", None, 3)]


def test_unclosed_front_matter_is_left_alone() -> None:
    text = "---\ntitle: x\n\nNo closing line.\n"
    assert strip_front_matter(text) == (text, None)


# --------------------------------------------------------------------------- pseudo-headings


def test_bold_numbered_lines_are_headings_nested_under_the_last_real_heading() -> None:
    doc = parse(
        "## CLÁUSULAS\n\n"
        "**ARTICLE 5 – DURÉE**\n\n"
        "Le marché est conclu pour quatre ans.\n\n"
        "**1.2 Scope**\n\n"
        "**PRIMERA. OBJETO.**\n"
        "*EL PROVEEDOR* prestará servicios.\n"
    )
    assert shape(doc) == [
        ("heading", "CLÁUSULAS", 2, 1),
        ("heading", "ARTICLE 5 – DURÉE", 3, 3),
        ("paragraph", "Le marché est conclu pour quatre ans.", None, 5),
        ("heading", "1.2 Scope", 4, 7),
        ("heading", "PRIMERA. OBJETO.", 3, 9),
        ("paragraph", "EL PROVEEDOR prestará servicios.", None, 10),
    ]
    assert block(doc, "EL PROVEEDOR prestará servicios.").location.section == (
        "CLÁUSULAS",
        "PRIMERA. OBJETO.",
    )


def test_run_in_bold_numbers_and_labels_stay_paragraphs() -> None:
    doc = parse(
        "**1. General.** Please submit your quotation in accordance with the\n"
        "instructions of this RFQ.\n\n"
        "**ISSUED BY:**\n<br>\nDepartment of Health\n\n"
        "**OFFERORS ARE NOT REQUIRED TO RETURN THIS FORM.**\n"
    )
    assert shape(doc) == [
        (
            "paragraph",
            "1. General. Please submit your quotation in accordance with the instructions of "
            "this RFQ.",
            None,
            1,
        ),
        ("paragraph", "ISSUED BY: Department of Health", None, 4),
        ("paragraph", "OFFERORS ARE NOT REQUIRED TO RETURN THIS FORM.", None, 8),
    ]


def test_pseudo_headings_are_not_read_inside_list_items_or_quotes() -> None:
    doc = parse("- **ARTICLE 5 – DURÉE**\n\n> **ARTICLE 6 – PRIX**\n")
    assert [b.kind for b in doc.blocks] == [BlockKind.LIST_ITEM, BlockKind.PARAGRAPH]


# --------------------------------------------------------------------------- contents


def test_a_list_of_anchor_links_is_a_table_of_contents() -> None:
    doc = parse(
        "- [Scope](#scope)\n"
        "- [Data ownership](#data)\n"
        "  - [Open formats](#formats)\n"
        "- Annexes\n\n"
        "## Scope\n\nThe city buys a platform.\n"
    )
    assert shape(doc) == [
        ("toc", "Scope", None, 1),
        ("toc", "Data ownership", None, 2),
        ("toc", "Open formats", None, 3),
        ("toc", "Annexes", None, 4),
        ("heading", "Scope", 2, 6),
        ("paragraph", "The city buys a platform.", None, 8),
    ]


def test_a_list_with_few_anchor_links_stays_a_list() -> None:
    doc = parse("- See [scope](#scope)\n- hosting in the EU\n- daily backups\n")
    assert [b.kind for b in doc.blocks] == [BlockKind.LIST_ITEM] * 3


@pytest.mark.parametrize("title", ["Table of contents", "Sommaire", "Índice", "Contents"])
def test_a_list_under_a_contents_heading_is_contents(title: str) -> None:
    doc = parse(f"## {title}\n\n1. Introduction\n2. Scope of work\n\n## Introduction\n\nText.\n")
    assert shape(doc) == [
        ("heading", title, 2, 1),
        ("toc", "Introduction", None, 3),
        ("toc", "Scope of work", None, 4),
        ("heading", "Introduction", 2, 6),
        ("paragraph", "Text.", None, 8),
    ]


def test_anchor_paragraphs_and_grouping_headings_after_a_contents_title_are_contents() -> None:
    doc = parse(
        "**TABLE OF CONTENTS**\n\n"
        "### Section 1. INTRODUCTION\n\n"
        "[Sec. 1.01 Purpose](#sec-101)\n\n"
        "[Sec. 1.02 Budget](#sec-102)\n\n"
        "# Section 1. Introduction\n\n"
        "## Sec. 1.01 Purpose\n\n"
        "The State seeks a contractor.\n"
    )
    assert shape(doc) == [
        ("heading", "TABLE OF CONTENTS", 1, 1),
        ("toc", "Section 1. INTRODUCTION", None, 3),
        ("toc", "Sec. 1.01 Purpose", None, 5),
        ("toc", "Sec. 1.02 Budget", None, 7),
        ("heading", "Section 1. Introduction", 1, 9),
        ("heading", "Sec. 1.01 Purpose", 2, 11),
        ("paragraph", "The State seeks a contractor.", None, 13),
    ]


def test_dot_leader_lines_in_a_paragraph_are_contents() -> None:
    doc = parse(
        "Table des matières\n\n 1 CONTEXTE ET OBJET..........3\n     1.1 Contexte...........3\n"
    )
    assert shape(doc) == [
        ("toc", "Table des matières", None, 1),
        ("toc", "1 CONTEXTE ET OBJET..........3", None, 3),
        ("toc", "1.1 Contexte...........3", None, 4),
    ]


# --------------------------------------------------------------------------- pages


def test_page_headings_of_converted_pdfs_set_pages_and_are_not_headings() -> None:
    doc = parse(
        "# CCTP\n\n---\n\n## Page 1\n\nCAHIER DES CLAUSES\n\n---\n\n## Page 2\n\n"
        "1 CONTEXTE\n\nLe marché.\n"
    )
    assert doc.pages == 2
    assert [(b.kind.value, b.text, b.level, b.location.page) for b in doc.blocks] == [
        ("heading", "CCTP", 1, None),
        ("heading", "CAHIER DES CLAUSES", 2, 1),
        ("heading", "1 CONTEXTE", 2, 2),
        ("paragraph", "Le marché.", None, 2),
    ]
    assert block(doc, "Le marché.").location.section == ("CCTP", "1 CONTEXTE")


def test_a_single_page_heading_is_an_ordinary_heading() -> None:
    doc = parse("## Page 1\n\nSome text.\n")
    assert doc.pages is None
    assert shape(doc)[0] == ("heading", "Page 1", 2, 1)


# --------------------------------------------------------------------------- encodings, robustness


def test_cp1252_markdown_is_decoded_with_a_warning() -> None:
    doc = parse(
        "# Propriété des données\n\nLe titulaire s’engage à restituer les données.\n".encode(
            "cp1252"
        )
    )
    assert [b.text for b in doc.blocks] == [
        "Propriété des données",
        "Le titulaire s’engage à restituer les données.",
    ]
    assert doc.warnings == (
        "the text is not UTF-8; decoded as cp1252 (guessed, accents may be wrong)",
    )


def test_utf16_markdown_with_bom_is_read() -> None:
    data = codecs.BOM_UTF16_LE + "# Título\r\n\r\n| a | b |\r\n|---|---|\r\n| ñ | ü |\r\n".encode(
        "utf-16-le"
    )
    doc = parse(data)
    assert [(b.kind.value, b.text, b.location.line) for b in doc.blocks] == [
        ("heading", "Título", 1),
        ("table_cell", "a", 3),
        ("table_cell", "b", 3),
        ("table_cell", "ñ", 5),
        ("table_cell", "ü", 5),
    ]


def test_random_binary_is_refused() -> None:
    rng = random.Random(3)
    with pytest.raises(UnsupportedFormatError):
        parse_markdown(bytes(rng.randrange(256) for _ in range(30_000)), DEFAULT_LIMITS)


def test_empty_markdown_has_no_text() -> None:
    doc = parse("<!-- nothing -->\n\n---\n")
    assert (doc.blocks, doc.text_status) == ((), TextStatus.NO_TEXT)


def test_five_megabyte_single_paragraph_is_parsed_whole() -> None:
    sentence = "The operator shall return all municipal data in open formats. "
    text = sentence * (5_000_000 // len(sentence))
    out = parse_markdown(f"# Exit\n\n**Scope.** {text}".encode("ascii"), DEFAULT_LIMITS)
    assert [b.kind for b in out.blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert out.blocks[1].text == "Scope. " + text.rstrip()


# --------------------------------------------------------------------------- real corpus


@pytest.mark.parametrize("path", corpus_files(".md"), ids=lambda p: p.name)
def test_every_corpus_markdown_parses_with_text(path: Path) -> None:
    doc = parse_file(path)
    body = [
        b
        for b in doc.blocks
        if b.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL)
    ]
    assert doc.text_status is TextStatus.OK
    assert len(body) >= 10
    assert doc.char_count > 2000
    assert all(b.location.line is not None and b.location.line >= 1 for b in doc.blocks)
    lines = [b.location.line or 0 for b in doc.blocks]
    assert lines == sorted(lines)  # reading order is source order
    assert doc.warnings == ()


def test_alaska_rfp_sections_tables_and_contents(corpus: Path) -> None:
    doc = parse_file(corpus / "us_alaska_ies_milestone2_rfp_2025.md")
    heading = [
        b for b in doc.blocks if b.kind is BlockKind.HEADING and b.text.startswith("Sec. 1.01")
    ]
    assert [(b.text, b.level, b.location.line) for b in heading] == [
        ("Sec. 1.01 Purpose of the RFP", 2, 245)
    ]
    purpose = next(
        b
        for b in doc.blocks
        if b.text.startswith("The Alaska Department of Health (DOH), Division")
    )
    assert purpose.location.section == (
        "Section 1. Introduction & Instructions",
        "Sec. 1.01 Purpose of the RFP",
    )
    schedule = [
        (b.location.row, b.location.column, b.text)
        for b in doc.blocks
        if b.kind is BlockKind.TABLE_CELL and b.location.table == 0
    ]
    assert schedule[:8] == [
        (0, 0, "Activity"),
        (0, 1, "Time"),
        (0, 2, "Date"),
        (1, 0, "Issue Date / RFP Released"),
        (1, 2, "March 24, 2025"),
        (2, 0, "Deadline to Submit Questions"),
        (2, 1, "4:00 PM"),
        (2, 2, "May 15, 2025"),
    ]
    toc = [b.text for b in doc.blocks if b.kind is BlockKind.TOC]
    assert toc[:2] == ["Section 1. INTRODUCTION & INSTRUCTIONS", "Sec. 1.01 Purpose of the RFP"]
    assert len(toc) == 102  # 95 section links and the 7 "Section N." groups
    assert not any(b.location.section for b in doc.blocks if b.kind is BlockKind.TOC)


def test_french_cctp_converted_from_pdf_keeps_pages_outline_and_contents(corpus: Path) -> None:
    doc = parse_file(corpus / "fr_vigicrues_aquareel_tma_cctp_2025.md")
    assert (doc.pages, doc.language) == (25, "fr")
    outline = {
        b.text: (b.level, b.location.page)
        for b in doc.blocks
        if b.kind is BlockKind.HEADING and b.text[:1].isdigit()
    }
    assert outline["1 CONTEXTE ET OBJET"] == (2, 3)
    assert outline["1.1 Contexte"] == (3, 3)
    assert outline["2.1.1.1 La collecte"] == (5, 4)
    assert outline["2.2.5.3Optimisation du stockage"] == (5, 11)
    assert outline["6.1 organisation du support"] == (3, 20)
    assert outline["8 PÉRIODE DE TRANSITION (tranche optionnelle)"] == (2, 24)
    paragraph = next(b for b in doc.blocks if b.text.startswith("Créé par arrêté du 2 juin 2003"))
    assert paragraph.location.page == 3
    assert paragraph.location.section == (
        "CCTP_Aquareel_2025_vd",
        "1 CONTEXTE ET OBJET",
        "1.1 Contexte",
    )
    toc = [b for b in doc.blocks if b.kind is BlockKind.TOC]
    assert len(toc) >= 45
    assert {b.location.page for b in toc} == {2}
    assert toc[-1].text.startswith("8 PÉRIODE DE TRANSITION (TRANCHE OPTIONNELLE)....")


def test_mexican_contract_clauses_are_headings(corpus: Path) -> None:
    doc = parse_file(corpus / "mx_sabinas_plataforma_municipal_contrato_2025.md")
    clauses = [b.text for b in doc.blocks if b.kind is BlockKind.HEADING and b.level == 3]
    assert clauses[:3] == [
        "I. Declara “EL PROVEEDOR”:",
        "II. Declara “EL CLIENTE”:",
        "PRIMERA. OBJETO.",
    ]
    assert "DÉCIMA TERCERA. JURISDICCIÓN." in clauses
    text = next(b for b in doc.blocks if b.text.startswith("EL PROVEEDOR prestará a EL CLIENTE"))
    assert text.location.section[-2:] == ("CLÁUSULAS", "PRIMERA. OBJETO.")


def test_18f_template_keeps_placeholders_and_its_table(corpus: Path) -> None:
    doc = parse_file(corpus / "us_18f_agile_bpa_rfq_template.md")
    assert [(b.text, b.level) for b in doc.blocks[:2]] == [
        ("REQUEST FOR QUOTATION (RFQ)", 1),
        ("{{ buy.name }}", 1),
    ]
    assert block(doc, "Project Title: {{ buy.name }}").kind is BlockKind.PARAGRAPH
    assert block(doc, "Agenda Item").location.table == 0
    assert block(doc, "5. Special Instructions.").kind is BlockKind.HEADING


def test_german_clauses_are_paragraphs_under_their_part(corpus: Path) -> None:
    doc = parse_file(corpus / "de_bonn_muenster_musterlastenheft_datenhoheit.md")
    clause = next(b for b in doc.blocks if b.text.startswith("1.1 Das Urheberrecht"))
    assert clause.kind is BlockKind.PARAGRAPH
    assert clause.location.section == ("Musterlastenheft kommunale Datenhoheit", "1. Datenrechte")
    assert doc.language == "de"
