"""ODT parser: structure, numbering, tables, notes, pages, safety, LibreOffice output, corpus."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from pathlib import Path

import pytest

from pppcheck.errors import InputError
from pppcheck.ingest import parse_bytes, parse_file
from pppcheck.ingest.odt import parse_odt
from pppcheck.limits import DEFAULT_LIMITS, Limits
from pppcheck.model import Block, BlockKind, Document
from tests.conftest import corpus_files
from tests.ingest import docxgen, odtgen
from tests.ingest.odtgen import HEADING_STYLES, OUTLINE_NUMBERED, odt


def parse(data: bytes) -> Document:
    return parse_bytes(data, "tender.odt")


def of_kind(doc: Document, kind: BlockKind) -> list[Block]:
    return [b for b in doc.blocks if b.kind is kind]


def block(doc: Document, text: str) -> Block:
    found = [b for b in doc.blocks if b.text == text]
    assert found, f"no block {text!r} in {[b.text for b in doc.blocks]}"
    return found[0]


def test_headings_from_text_h_and_heading_parent_styles() -> None:
    body = (
        '<text:h text:style-name="Heading_20_1" text:outline-level="1">Données</text:h>'
        '<text:p text:style-name="P1">Les données appartiennent à la ville.</text:p>'
        '<text:p text:style-name="P2">Réversibilité</text:p>'
        "<text:p>Le titulaire restitue les données.</text:p>"
    )
    automatic = (
        '<style:style style:name="P1" style:family="paragraph" '
        'style:parent-style-name="Standard"/>'
        '<style:style style:name="P2" style:family="paragraph" '
        'style:parent-style-name="Heading_20_2"/>'
    )
    doc = parse(odt(body, automatic=automatic, styles=HEADING_STYLES))
    assert [(b.text, b.level, b.style) for b in of_kind(doc, BlockKind.HEADING)] == [
        ("Données", 1, "Heading 1"),
        ("Réversibilité", 2, "Heading 2"),
    ]
    assert block(doc, "Le titulaire restitue les données.").location.section == (
        "Données",
        "Réversibilité",
    )


def test_outline_numbering_prefixes_heading_labels() -> None:
    body = (
        '<text:h text:outline-level="1">Objet</text:h>'
        '<text:h text:outline-level="2">Périmètre</text:h>'
        '<text:h text:outline-level="2">Durée</text:h>'
        '<text:h text:outline-level="1">Données</text:h>'
        '<text:h text:outline-level="2">Propriété</text:h>'
        '<text:h text:outline-level="1" text:is-list-header="true">Annexes</text:h>'
    )
    doc = parse(odt(body, styles=HEADING_STYLES + OUTLINE_NUMBERED))
    assert [(b.text, b.level) for b in of_kind(doc, BlockKind.HEADING)] == [
        ("1. Objet", 1),
        ("1.1 Périmètre", 2),
        ("1.2 Durée", 2),
        ("2. Données", 1),
        ("2.1 Propriété", 2),
        ("Annexes", 1),
    ]


def test_nested_lists_with_numbering_and_bullets() -> None:
    list_style = (
        '<text:list-style style:name="L1">'
        '<text:list-level-style-number text:level="1" style:num-format="a" '
        'style:num-suffix=")"/>'
        '<text:list-level-style-number text:level="2" style:num-format="i" '
        'style:num-suffix="."/>'
        "</text:list-style>"
        '<text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" '
        'text:bullet-char="•"/></text:list-style>'
    )
    body = (
        '<text:list text:style-name="L1">'
        "<text:list-item><text:p>capteurs</text:p>"
        "<text:list><text:list-item><text:p>trafic</text:p></text:list-item>"
        "<text:list-item><text:p>air</text:p></text:list-item></text:list>"
        "</text:list-item>"
        "<text:list-item><text:p>caméras</text:p><text:p>suite de l'item</text:p></text:list-item>"
        "</text:list>"
        '<text:list text:style-name="L2"><text:list-item><text:p>puce</text:p></text:list-item>'
        "</text:list>"
    )
    doc = parse(odt(body, automatic=list_style))
    assert [b.text for b in of_kind(doc, BlockKind.LIST_ITEM)] == [
        "a) capteurs",
        "i. trafic",
        "ii. air",
        "b) caméras",
        "suite de l'item",
        "puce",
    ]


def test_bold_numbered_pseudo_heading_but_not_bold_sentence() -> None:
    automatic = (
        '<style:style style:name="PB" style:family="paragraph">'
        '<style:text-properties fo:font-weight="bold"/></style:style>'
    )
    body = (
        '<text:p text:style-name="PB">ARTICLE 3 – Propriété des données</text:p>'
        '<text:p><text:span text:style-name="Strong_20_Emphasis">3.1 Hébergement</text:span>'
        "</text:p>"
        '<text:p text:style-name="PB">Le titulaire ne peut pas sous-traiter.</text:p>'
        '<text:p>3.2 <text:span text:style-name="Strong_20_Emphasis">Accès</text:span></text:p>'
    )
    doc = parse(odt(body, automatic=automatic, styles=HEADING_STYLES))
    assert [(b.text, b.level) for b in of_kind(doc, BlockKind.HEADING)] == [
        ("ARTICLE 3 – Propriété des données", 1),
        ("3.1 Hébergement", 2),
    ]
    assert block(doc, "Le titulaire ne peut pas sous-traiter.").kind is BlockKind.PARAGRAPH
    assert block(doc, "3.2 Accès").kind is BlockKind.PARAGRAPH


def test_tables_repeats_spans_covered_cells_and_nested_table() -> None:
    body = (
        "<table:table>"
        "<table:table-header-rows><table:table-row>"
        '<table:table-cell table:number-columns-spanned="2"><text:p>Lot</text:p></table:table-cell>'
        "<table:covered-table-cell/>"
        "<table:table-cell><text:p>Prix</text:p></table:table-cell>"
        "</table:table-row></table:table-header-rows>"
        "<table:table-row>"
        '<table:table-cell table:number-rows-spanned="2"><text:p>Capteurs</text:p>'
        "</table:table-cell>"
        '<table:table-cell table:number-columns-repeated="2"><text:p>idem</text:p>'
        "</table:table-cell>"
        "</table:table-row>"
        "<table:table-row><table:covered-table-cell/>"
        "<table:table-cell><table:table><table:table-row><table:table-cell><text:p>interne"
        "</text:p></table:table-cell></table:table-row></table:table></table:table-cell>"
        "<table:table-cell><text:p>Total</text:p><text:p>HT</text:p></table:table-cell>"
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        "<table:table-row><table:table-cell><text:p>fin</text:p></table:table-cell>"
        "</table:table-row>"
        "</table:table>"
    )
    doc = parse(odt(body))
    cells = [
        (b.text, b.location.table, b.location.row, b.location.column)
        for b in of_kind(doc, BlockKind.TABLE_CELL)
    ]
    assert cells == [
        ("Lot", 0, 0, 0),
        ("Prix", 0, 0, 2),
        ("Capteurs", 0, 1, 0),
        ("idem", 0, 1, 1),
        ("idem", 0, 1, 2),
        ("interne", 1, 0, 0),
        ("Total HT", 0, 2, 2),
        ("fin", 0, 1000003, 0),
    ]


def test_huge_repeat_of_a_non_empty_row_is_capped() -> None:
    body = (
        '<table:table><table:table-row table:number-rows-repeated="5000000">'
        "<table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    out = parse_odt(odt(body), DEFAULT_LIMITS)
    assert len(out.blocks) == 100
    assert any("repeated" in w for w in out.warnings)


def test_notes_leave_the_paragraph_and_follow_it() -> None:
    body = (
        '<text:h text:outline-level="1">Données</text:h>'
        "<text:p>Hébergement en France"
        '<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1'
        "</text:note-citation><text:note-body><text:p>Voir le RGPD.</text:p></text:note-body>"
        "</text:note>, sans exception.</text:p>"
    )
    doc = parse(odt(body))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, "Données"),
        (BlockKind.PARAGRAPH, "Hébergement en France, sans exception."),
        (BlockKind.FOOTNOTE, "Voir le RGPD."),
    ]
    assert doc.blocks[-1].location.section == ("Données",)


def test_inline_spaces_tabs_breaks_links_and_tracked_changes() -> None:
    body = (
        "<text:tracked-changes><text:changed-region text:id='c1'><text:deletion>"
        "<text:p>texte supprimé</text:p></text:deletion></text:changed-region>"
        "</text:tracked-changes>"
        "<text:p>a<text:s text:c='3'/>b<text:tab/>c<text:line-break/>d "
        '<text:a xlink:href="https://x" xmlns:xlink="http://www.w3.org/1999/xlink">lien</text:a> '
        "<text:span>span</text:span><text:change text:change-id='c1'/>"
        "<office:annotation><text:p>commentaire</text:p></office:annotation>"
        " page <text:page-number>3</text:page-number></text:p>"
    )
    out = parse_odt(odt(body), DEFAULT_LIMITS)
    assert [b.text for b in out.blocks] == ["a   b\tc\nd lien span page 3"]


def test_table_of_contents_is_toc() -> None:
    body = (
        "<text:table-of-content><text:table-of-content-source><text:index-title-template>"
        "Sommaire</text:index-title-template></text:table-of-content-source><text:index-body>"
        "<text:index-title><text:p>Sommaire</text:p></text:index-title>"
        '<text:p text:style-name="Contents_20_1">1. Objet<text:tab/>3</text:p>'
        "</text:index-body></text:table-of-content>"
        '<text:p text:style-name="Contents_20_1">Hors index mais style de sommaire</text:p>'
        '<text:h text:outline-level="1">Objet</text:h>'
    )
    doc = parse(odt(body, styles=HEADING_STYLES))
    assert [b.text for b in of_kind(doc, BlockKind.TOC)] == [
        "Sommaire",
        "1. Objet 3",
        "Hors index mais style de sommaire",
    ]
    assert [b.text for b in of_kind(doc, BlockKind.HEADING)] == ["Objet"]


def test_pages_from_soft_breaks_and_break_styles_and_meta() -> None:
    automatic = (
        '<style:style style:name="PB" style:family="paragraph">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>'
    )
    body = (
        "<text:p>un</text:p><text:soft-page-break/><text:p>deux</text:p>"
        "<text:p>fin de deux<text:soft-page-break/> suite sur trois</text:p>"
        '<text:p text:style-name="PB">quatre</text:p>'
    )
    doc = parse(odt(body, automatic=automatic, pages=2))
    assert [(b.text, b.location.page) for b in doc.blocks] == [
        ("un", 1),
        ("deux", 2),
        ("fin de deux suite sur trois", 2),
        ("quatre", 4),
    ]
    assert doc.pages == 4  # meta.xml says 2 (stale): the counted breaks win
    plain = parse(odt("<text:p>seul</text:p>", pages=7, title="CCTP Aquaréel"))
    assert (plain.pages, plain.blocks[0].location.page, plain.title) == (7, None, "CCTP Aquaréel")


def test_master_page_headers_and_footers_deduplicated() -> None:
    masters = (
        '<style:master-page style:name="Standard"><style:header><text:p>CCTP <text:span '
        'text:style-name="MT1">Lyon</text:span></text:p></style:header>'
        "<style:footer><text:p>Page <text:page-number>1</text:page-number></text:p>"
        "</style:footer></style:master-page>"
        '<style:master-page style:name="First"><style:header><text:p>CCTP Lyon</text:p>'
        '</style:header><style:footer style:display="false"><text:p>caché</text:p>'
        "</style:footer></style:master-page>"
    )
    doc = parse(odt("<text:p>Corps</text:p>", masters=masters))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.HEADER, "CCTP Lyon"),
        (BlockKind.PARAGRAPH, "Corps"),
        (BlockKind.FOOTER, "Page 1"),
    ]


def test_text_boxes_in_frames() -> None:
    body = (
        "<text:p>Ancre<draw:frame><draw:text-box><text:p>Encadré</text:p></draw:text-box>"
        "</draw:frame></text:p>"
    )
    assert [b.text for b in parse(odt(body)).blocks] == ["Ancre", "Encadré"]


def test_char_limit() -> None:
    body = "".join(f"<text:p>Paragraphe {i} du cahier des charges.</text:p>" for i in range(40))
    out = parse_odt(odt(body), Limits(max_chars=120))
    assert sum(len(b.text) for b in out.blocks) == 120
    assert any("truncated" in w for w in out.warnings)


# --------------------------------------------------------------------------- safety


def test_missing_content_malformed_xml_and_xxe() -> None:
    no_content = odtgen.package({"meta.xml": odtgen.meta_xml()})
    with pytest.raises(InputError, match=r"no content\.xml"):
        parse_odt(no_content, DEFAULT_LIMITS)
    broken = odtgen.package({"content.xml": "<office:document-content><oops>"})
    with pytest.raises(InputError, match=r"content\.xml is not well-formed XML"):
        parse_odt(broken, DEFAULT_LIMITS)
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        + odtgen.content_xml("<text:p>&e;</text:p>").split("?>", 1)[1]
    )
    with pytest.raises(InputError, match="DOCTYPE") as info:
        parse_odt(odtgen.package({"content.xml": xxe}), DEFAULT_LIMITS)
    assert "root:" not in str(info.value)
    with pytest.raises(InputError):
        parse_odt(b"PK\x03\x04 truncated", DEFAULT_LIMITS)


def test_broken_meta_is_only_a_warning() -> None:
    data = odtgen.package(
        {"content.xml": odtgen.content_xml("<text:p>ok</text:p>"), "meta.xml": "<broken"}
    )
    out = parse_odt(data, DEFAULT_LIMITS)
    assert [b.text for b in out.blocks] == ["ok"]
    assert any("meta.xml ignored" in w for w in out.warnings)


# --------------------------------------------------------------------------- LibreOffice output


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("lo")
    d = docxgen.new_document()
    d.add_heading("Objet du marché", 1)
    d.add_paragraph("La ville reste propriétaire des données.")
    d.add_heading("Réversibilité", 2)
    d.add_paragraph("premier point", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Lot"
    table.cell(0, 1).text = "Prix"
    table.cell(1, 0).text = "Capteurs"
    d.sections[0].footer.paragraphs[0].text = "Pied de page"
    source = folder / "tender.docx"
    source.write_bytes(docxgen.save(d))
    profile = folder / "profile"
    command = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "odt",
        "--outdir",
        str(folder),
        str(source),
    ]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=180)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"LibreOffice conversion failed: {exc}")
    target = folder / "tender.odt"
    if not target.exists():
        pytest.skip("LibreOffice produced no ODT")
    return target


def test_libreoffice_converted_docx(converted: Path) -> None:
    doc = parse_file(converted)
    assert [(b.text, b.level) for b in of_kind(doc, BlockKind.HEADING)] == [
        ("Objet du marché", 1),
        ("Réversibilité", 2),
    ]
    assert [b.text for b in of_kind(doc, BlockKind.LIST_ITEM)] == ["premier point"]
    cells = [
        (b.text, b.location.row, b.location.column) for b in of_kind(doc, BlockKind.TABLE_CELL)
    ]
    assert cells == [("Lot", 0, 0), ("Prix", 0, 1), ("Capteurs", 1, 0)]
    assert [b.text for b in of_kind(doc, BlockKind.FOOTER)] == ["Pied de page"]
    assert block(doc, "La ville reste propriétaire des données.").location.section == (
        "Objet du marché",
    )


# --------------------------------------------------------------------------- real corpus


@pytest.mark.parametrize("path", corpus_files(".odt"), ids=lambda p: p.name)
def test_every_corpus_odt_parses_with_text(path: Path) -> None:
    doc = parse_file(path)
    assert doc.parser == "odt/lxml"
    assert doc.char_count > 500
    assert doc.language == "fr"
    assert doc.pages == 2
    assert any(b.kind is BlockKind.TABLE_CELL for b in doc.blocks)


def test_corpus_bpu_tables_headings_footer(corpus: Path) -> None:
    doc = parse_file(corpus / "fr_vigicrues_aquareel_bpu_2025.odt")
    cells = {
        (b.location.table, b.location.row, b.location.column): b.text
        for b in of_kind(doc, BlockKind.TABLE_CELL)
    }
    assert cells[(0, 0, 0)] == "Prestations d'exploitation"
    assert cells[(0, 0, 1)] == "Prix"
    assert cells[(0, 1, 1)] == "H.T."
    assert (0, 1, 0) not in cells  # covered by the row span of (0, 0, 0)
    assert cells[(1, 2, 0)] == "Chef de projet"
    assert [b.text for b in of_kind(doc, BlockKind.HEADING)][:3] == [
        "BORDEREAU",
        "des",
        "PRIX UNITAIRES",
    ]
    footer = of_kind(doc, BlockKind.FOOTER)
    assert len(footer) == 1 and "BPU – Tierce maintenance applicative" in footer[0].text
    assert block(doc, "Chef de projet").location.page == 2


@pytest.mark.parametrize("seed", range(12))
def test_corrupted_bytes_never_escape_as_library_errors(seed: int) -> None:
    """Flip bytes anywhere in a valid package: the result is a document or an InputError."""
    import random

    body = "".join(f"<text:p>Clause {i}: données restituées.</text:p>" for i in range(30))
    data = bytearray(odt(body, styles=HEADING_STYLES, title="CCTP"))
    rng = random.Random(seed)
    for _ in range(8):
        data[rng.randrange(len(data))] = rng.randrange(256)
    with contextlib.suppress(InputError):
        parse_odt(bytes(data), DEFAULT_LIMITS)
