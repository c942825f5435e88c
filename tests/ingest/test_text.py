"""Plain-text parser: paragraphs, lists, headings by layout, contents, pages, encodings."""

from __future__ import annotations

import codecs
import random

import pytest

from pppcheck.errors import UnsupportedFormatError
from pppcheck.ingest import parse_bytes
from pppcheck.ingest.text import parse_text
from pppcheck.limits import DEFAULT_LIMITS, Limits
from pppcheck.model import Block, BlockKind, Document, TextStatus


def parse(text: str | bytes) -> Document:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_bytes(data, "tender.txt")


def shape(doc: Document) -> list[tuple[str, str, int | None]]:
    """(kind, text, level) of every block: compact exact assertions."""
    return [(b.kind.value, b.text, b.level) for b in doc.blocks]


def block(doc: Document, text: str) -> Block:
    found = [b for b in doc.blocks if b.text == text]
    assert found, f"no block {text!r} in {[b.text for b in doc.blocks]}"
    return found[0]


# --------------------------------------------------------------------------- paragraphs, lists


def test_blank_lines_separate_paragraphs_and_lines_are_joined() -> None:
    doc = parse("The operator shall\nhand over all data.\n\n\nSecond paragraph\non two lines.\n")
    assert shape(doc) == [
        ("paragraph", "The operator shall hand over all data.", None),
        ("paragraph", "Second paragraph on two lines.", None),
    ]
    assert [b.location.line for b in doc.blocks] == [1, 5]
    assert doc.parser == "text"
    assert doc.pages is None
    assert [b.location.page for b in doc.blocks] == [None, None]


def test_crlf_and_cr_line_endings_count_lines_like_an_editor() -> None:
    doc = parse(b"First line\r\ncontinues.\r\n\r\nThird\rblock.\r")
    assert shape(doc) == [
        ("paragraph", "First line continues.", None),
        ("paragraph", "Third block.", None),
    ]
    assert [b.location.line for b in doc.blocks] == [1, 4]


def test_bullets_and_enumerations_start_list_items() -> None:
    doc = parse(
        "The contractor shall provide:\n"
        "• hosting in the EU\n"
        "- daily backups of all\n"
        "  municipal data\n"
        "a) an exit plan\n"
        "(ii) source code;\n"
        "Nothing else is required.\n"
    )
    assert shape(doc) == [
        ("paragraph", "The contractor shall provide:", None),
        ("list_item", "hosting in the EU", None),
        ("list_item", "daily backups of all municipal data", None),
        ("list_item", "a) an exit plan", None),
        ("list_item", "(ii) source code;", None),
        ("paragraph", "Nothing else is required.", None),
    ]
    assert [b.location.line for b in doc.blocks] == [1, 2, 3, 5, 6, 7]


def test_a_wrapped_item_continues_unless_a_new_sentence_starts_at_the_margin() -> None:
    doc = parse("- data stored in the\nEuropean Union\n- backups kept.\nThe operator pays.\n")
    assert shape(doc) == [
        ("list_item", "data stored in the European Union", None),
        ("list_item", "backups kept.", None),
        ("paragraph", "The operator pays.", None),
    ]


def test_a_line_less_indented_than_its_bullet_ends_the_item() -> None:
    doc = parse(
        "    • maintenance évolutive\n      et corrective\nLe titulaire assure le support.\n"
    )
    assert shape(doc) == [
        ("list_item", "maintenance évolutive et corrective", None),
        ("paragraph", "Le titulaire assure le support.", None),
    ]


def test_numbered_siblings_are_a_list_not_headings() -> None:
    doc = parse("The contractor shall:\n\n1. Deliver software\n2. Provide support\n")
    assert shape(doc) == [
        ("paragraph", "The contractor shall:", None),
        ("list_item", "1. Deliver software", None),
        ("list_item", "2. Provide support", None),
    ]


def test_numbered_siblings_separated_by_blank_lines_are_a_list() -> None:
    doc = parse("1. Deliver software\n\n2. Provide support\n\n3. Train staff\n")
    assert [b.kind for b in doc.blocks] == [BlockKind.LIST_ITEM] * 2 + [BlockKind.HEADING]


# --------------------------------------------------------------------------- de-hyphenation


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        ("the procure-\nment of data", "the procurement of data"),
        ("les don-\nnées ouvertes", "les données ouvertes"),
        ("a self-\nservice portal", "a self-service portal"),
        ("a state-of-\nthe-art system", "a state-of-the-art system"),
        ("send an e-\nmail", "send an e-mail"),
        ("c'est-\nà-dire", "c'est-à-dire"),
        ("le sous-\ntraitant", "le sous-traitant"),
        ("the Franco-\nGerman border", "the Franco-German border"),
        ("soft\u00ad\nhyphen", "softhyphen"),
        ("a dash -\nthen text", "a dash - then text"),
    ],
)
def test_soft_hyphenation_is_undone_and_compounds_kept(lines: str, joined: str) -> None:
    assert shape(parse(lines)) == [("paragraph", joined, None)]


# --------------------------------------------------------------------------- headings


def test_numbered_and_keyword_headings_get_levels_and_sections() -> None:
    doc = parse(
        "1. Scope\n\nThe city buys a platform.\n\n"
        "7.2 Data ownership\nAll data belongs to the city.\n\n"
        "7.2.1 Open formats\n\nCSV and JSON.\n\n"
        "ARTICLE 5 – DURÉE\n\nQuatre ans.\n\n"
        "Artículo 3. Objeto\n\nEl objeto del contrato.\n\n"
        "CHAPITRE II\n\nDispositions finales.\n"
    )
    assert shape(doc) == [
        ("heading", "1. Scope", 1),
        ("paragraph", "The city buys a platform.", None),
        ("heading", "7.2 Data ownership", 2),
        ("paragraph", "All data belongs to the city.", None),
        ("heading", "7.2.1 Open formats", 3),
        ("paragraph", "CSV and JSON.", None),
        ("heading", "ARTICLE 5 – DURÉE", 1),
        ("paragraph", "Quatre ans.", None),
        ("heading", "Artículo 3. Objeto", 1),
        ("paragraph", "El objeto del contrato.", None),
        ("heading", "CHAPITRE II", 1),
        ("paragraph", "Dispositions finales.", None),
    ]
    assert block(doc, "CSV and JSON.").location.section == (
        "1. Scope",
        "7.2 Data ownership",
        "7.2.1 Open formats",
    )
    assert block(doc, "7.2 Data ownership").location.line == 5


def test_capitals_and_underlines_make_headings() -> None:
    doc = parse(
        "CAHIER DES CLAUSES TECHNIQUES\n\n"
        "Data Governance\n===============\n\n"
        "Exit plan\n---------\nThe operator hands over the data.\n"
    )
    assert shape(doc) == [
        ("heading", "CAHIER DES CLAUSES TECHNIQUES", 1),
        ("heading", "Data Governance", 1),
        ("heading", "Exit plan", 2),
        ("paragraph", "The operator hands over the data.", None),
    ]
    assert block(doc, "Exit plan").location.line == 6


def test_wrapped_capitalised_heading_is_joined() -> None:
    doc = parse(
        "3 ORGANISATION GÉNÉRALE DES PRESTATIONS\nET EXIGENCES DU MAÎTRE D'OUVRAGE\n\nTexte.\n"
    )
    assert shape(doc) == [
        ("heading", "3 ORGANISATION GÉNÉRALE DES PRESTATIONS ET EXIGENCES DU MAÎTRE D'OUVRAGE", 1),
        ("paragraph", "Texte.", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "1.1 The data collected by the platform belong to the city and shall be returned.",
        "1. The State will review every proposal\nand may ask questions.",
        "1. General. Please submit your quotation before the deadline",
        "24 March 2025",
        "2.5 million euros",
        "OFFERORS ARE NOT REQUIRED TO RETURN THIS FORM.",
        "ISSUED BY:",
        "A. Smith",
        "Article 12 of the Law applies",
        "RFP 2025-1600-0188",
    ],
)
def test_body_lines_are_not_headings(text: str) -> None:
    doc = parse(text + "\n\nNext paragraph.\n")
    assert BlockKind.HEADING not in {b.kind for b in doc.blocks}


def test_a_heading_line_mid_paragraph_stays_text() -> None:
    doc = parse("The rules of\nARTICLE 5 – DURÉE\napply here.\n")
    assert shape(doc) == [("paragraph", "The rules of ARTICLE 5 – DURÉE apply here.", None)]


# --------------------------------------------------------------------------- contents


def test_dot_leader_lines_are_contents() -> None:
    doc = parse(
        "SOMMAIRE\n\n"
        " 1 CONTEXTE ET OBJET..............3\n"
        "     1.1 Contexte.................3\n"
        " 2 PRESTATIONS . . . . . . . . . 12\n"
        "Annexe 1 …… 25\n\n"
        "1 CONTEXTE ET OBJET\n\nLe présent marché.\n"
    )
    assert shape(doc) == [
        ("heading", "SOMMAIRE", 1),
        ("toc", "1 CONTEXTE ET OBJET..............3", None),
        ("toc", "1.1 Contexte.................3", None),
        ("toc", "2 PRESTATIONS . . . . . . . . . 12", None),
        ("toc", "Annexe 1 …… 25", None),
        ("heading", "1 CONTEXTE ET OBJET", 1),
        ("paragraph", "Le présent marché.", None),
    ]
    assert block(doc, "Le présent marché.").location.section == ("1 CONTEXTE ET OBJET",)


def test_lines_after_a_contents_title_are_contents_until_body_text() -> None:
    doc = parse(
        "TABLE OF CONTENTS\n\n"
        "1. Introduction 3\n"
        "2. Scope of work 5\n"
        "3. Data ownership 9\n\n"
        "1. Introduction\n\n"
        "The City of Example issues this request.\n"
    )
    assert shape(doc) == [
        ("heading", "TABLE OF CONTENTS", 1),
        ("toc", "1. Introduction 3", None),
        ("toc", "2. Scope of work 5", None),
        ("toc", "3. Data ownership 9", None),
        ("heading", "1. Introduction", 1),
        ("paragraph", "The City of Example issues this request.", None),
    ]


# --------------------------------------------------------------------------- pages


def test_form_feeds_give_pages_and_running_lines_are_headers_and_footers() -> None:
    pages = [
        "City of Example — RFP 12/2025\n\n1. Scope\n\nThe city buys a platform.\n\nPage 1 of 3\n",
        "City of Example — RFP 12/2025\n\nThe operator hosts the data\nin the EU.\n\nPage 2 of 3\n",
        "City of Example — RFP 12/2025\n\n2. Exit\n\nData are returned.\n\nPage 3 of 3\n",
    ]
    doc = parse("\f".join(pages) + "\f")  # pdftotext ends every page with a form feed
    assert doc.pages == 3
    assert doc.empty_pages == ()
    assert [(b.kind.value, b.text, b.location.page, b.location.line) for b in doc.blocks] == [
        ("header", "City of Example — RFP 12/2025", 1, 1),
        ("heading", "1. Scope", 1, 3),
        ("paragraph", "The city buys a platform.", 1, 5),
        ("footer", "Page 1 of 3", 1, 7),
        ("header", "City of Example — RFP 12/2025", 2, 8),
        ("paragraph", "The operator hosts the data in the EU.", 2, 10),
        ("footer", "Page 2 of 3", 2, 13),
        ("header", "City of Example — RFP 12/2025", 3, 14),
        ("heading", "2. Exit", 3, 16),
        ("paragraph", "Data are returned.", 3, 18),
        ("footer", "Page 3 of 3", 3, 20),
    ]
    assert block(doc, "The operator hosts the data in the EU.").location.section == ("1. Scope",)


def test_a_form_feed_ends_the_paragraph_and_empty_pages_are_listed() -> None:
    out = parse_text(b"First page text\fSecond page\nstarts here.\f\f\fFifth page.", DEFAULT_LIMITS)
    assert out.pages == 5
    assert out.empty_pages == [3, 4]
    assert [(b.text, b.page, b.line) for b in out.blocks] == [
        ("First page text", 1, 1),
        ("Second page starts here.", 2, 1),
        ("Fifth page.", 5, 2),
    ]


def test_bare_page_numbers_at_page_ends_are_footers() -> None:
    doc = parse("Alpha text.\n\n- 1 -\n\fBeta text.\n\n2\n\f")
    assert [(b.kind.value, b.text, b.location.page) for b in doc.blocks] == [
        ("paragraph", "Alpha text.", 1),
        ("footer", "- 1 -", 1),
        ("paragraph", "Beta text.", 2),
        ("footer", "2", 2),
    ]


def test_mostly_empty_pages_make_partial_text() -> None:
    doc = parse("Only page one has text.\f\f\f")
    assert (doc.pages, doc.empty_pages, doc.text_status) == (3, (2, 3), TextStatus.PARTIAL_TEXT)


# --------------------------------------------------------------------------- encodings, limits


def test_cp1252_text_is_decoded_with_a_warning() -> None:
    doc = parse(
        "ARTICLE 5 – DURÉE\n\nLe titulaire s’engage à restituer les données.\n".encode("cp1252")
    )
    assert shape(doc) == [
        ("heading", "ARTICLE 5 – DURÉE", 1),
        ("paragraph", "Le titulaire s’engage à restituer les données.", None),
    ]
    assert doc.warnings == (
        "the text is not UTF-8; decoded as cp1252 (guessed, accents may be wrong)",
    )


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text = "7.2 Propriété des données\r\n\r\nLes données appartiennent à la ville.\r\n"
    doc = parse(bom + text.encode(codec))
    assert shape(doc) == [
        ("heading", "7.2 Propriété des données", 2),
        ("paragraph", "Les données appartiennent à la ville.", None),
    ]
    assert doc.warnings == ()


def test_random_binary_is_refused() -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(50_000))
    with pytest.raises(UnsupportedFormatError):
        parse_text(data, DEFAULT_LIMITS)


def test_binary_after_a_text_head_is_refused_through_parse_bytes() -> None:
    rng = random.Random(8)
    data = b"Looks like text at first.\n" * 100 + bytes(
        rng.randrange(1, 256) for _ in range(50_000)
    )
    with pytest.raises(UnsupportedFormatError):
        parse_bytes(data, "tender.txt")


def test_max_chars_limit_truncates_with_a_warning() -> None:
    out = parse_text(b"abcdefghij" * 10, Limits(max_chars=30))
    assert [b.text for b in out.blocks] == ["abcdefghij" * 3]
    assert out.warnings == ["only the first 30 characters were read (the max_chars limit)"]


def test_whitespace_only_text_has_no_blocks() -> None:
    doc = parse(b" \n\t\n   \n")
    assert (doc.blocks, doc.text_status) == ((), TextStatus.NO_TEXT)


def test_five_megabyte_single_paragraph_is_parsed_whole() -> None:
    sentence = "The operator shall return all municipal data in open formats; "
    text = (sentence * (5_000_000 // len(sentence) + 1))[:5_000_000]
    out = parse_text(text.encode("ascii"), DEFAULT_LIMITS)
    assert len(out.blocks) == 1
    assert out.blocks[0].kind is BlockKind.PARAGRAPH
    assert out.blocks[0].text == text


def test_five_megabyte_paragraph_wrapped_over_lines_is_one_block() -> None:
    sentence = "Le titulaire restitue les données de la collectivité sans frais. "
    lines = [sentence] * (5_000_000 // len(sentence))
    out = parse_text("\n".join(lines).encode("utf-8"), DEFAULT_LIMITS)
    assert len(out.blocks) == 1
    assert out.blocks[0].text == " ".join(line.strip() for line in lines)
