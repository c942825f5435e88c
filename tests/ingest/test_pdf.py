"""Tests of the PDF parser on PDFs built in the tests (see `pdfgen`) and on the real corpus.

Every synthetic page states its layout explicitly (positions, sizes, fonts), so each test reads
as "this page, drawn like this, must give exactly these blocks".
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pppcheck.errors import EncryptedDocumentError, InputError, LimitExceededError
from pppcheck.ingest import parse_bytes
from pppcheck.ingest.assemble import clean_text
from pppcheck.ingest.base import ParseOutput, RawBlock
from pppcheck.ingest.pdf import extract_pdf, parse_pdf
from pppcheck.ingest.pdf_text import (
    Vocabulary,
    clean_title,
    collapse_doubled,
    dehyphenate,
    starts_block,
)
from pppcheck.limits import DEFAULT_LIMITS, Limits
from pppcheck.model import BlockKind, TextStatus
from tests.conftest import corpus_files
from tests.ingest.pdfgen import BOLD, Page, build_pdf

H, P, L, T, TOC = (
    BlockKind.HEADING,
    BlockKind.PARAGRAPH,
    BlockKind.LIST_ITEM,
    BlockKind.TABLE_CELL,
    BlockKind.TOC,
)
FULL_1 = "Le titulaire assure la maintenance corrective et évolutive de la plateforme de"
FULL_2 = "données urbaines pendant toute la durée du marché et selon le planning prévu."
SHORT = "Les délais sont fermes."
NEXT = "Le pouvoir adjudicateur peut demander des rapports mensuels sur le service rendu."


def parse(*pages: Page, **kwargs: object) -> ParseOutput:
    return parse_pdf(build_pdf(pages, **kwargs), DEFAULT_LIMITS)  # type: ignore[arg-type]


def shown(blocks: list[RawBlock], *kinds: BlockKind) -> list[tuple[BlockKind, str]]:
    """(kind, cleaned text) of the blocks of the given kinds (all kinds when none given)."""
    return [(b.kind, clean_text(b.text)) for b in blocks if not kinds or b.kind in kinds]


def body_page(y: float = 780) -> Page:
    page = Page()
    page.lines(72, y, [FULL_1, FULL_2, SHORT, NEXT])
    return page


# --- paragraphs -----------------------------------------------------------------------------


def test_lines_of_one_paragraph_are_joined_and_a_short_final_line_ends_it() -> None:
    out = parse(body_page())
    assert shown(out.blocks) == [(P, f"{FULL_1} {FULL_2} {SHORT}"), (P, NEXT)]
    assert [b.page for b in out.blocks] == [1, 1]


def test_a_bigger_gap_starts_a_new_paragraph_even_mid_sentence() -> None:
    page = Page()
    page.text(72, 780, FULL_1)
    page.text(72, 750, FULL_2)  # 30 pt below: a new paragraph, not a second line
    assert shown(parse(page).blocks) == [(P, FULL_1), (P, FULL_2)]


def test_a_paragraph_continues_on_the_next_page_when_the_sentence_does() -> None:
    first, second = Page(), Page()
    first.text(72, 100, FULL_1)
    second.text(72, 780, "données urbaines jusqu’à la fin du contrat.")
    out = parse(first, second)
    assert shown(out.blocks) == [(P, f"{FULL_1} données urbaines jusqu’à la fin du contrat.")]
    assert out.blocks[0].page == 1


def test_font_size_change_starts_a_new_block() -> None:
    page = Page()
    page.text(72, 780, "Note de présentation", 9)
    page.text(72, 768, FULL_1)
    assert [k for k, _ in shown(parse(page).blocks)] == [P, P]


# --- headings -------------------------------------------------------------------------------


def numbered_tender() -> list[Page]:
    page = Page()
    y = page.lines(72, 780, ["ARTICLE 1 – Objet du marché"], 14, 26, BOLD)
    y = page.lines(72, y, [NEXT], leading=24)
    y = page.lines(72, y, ["1.1 Périmètre"], 12, 22, BOLD)
    y = page.lines(72, y, [FULL_1, FULL_2], leading=14) - 10
    y = page.lines(72, y, ["1.2 Exclusions"], 12, 22, BOLD)
    y = page.lines(
        72, y, ["Le titulaire doit respecter les délais fixés au planning."], 11, 24, BOLD
    )
    y = page.lines(72, y, ["ARTICLE 2 – Durée"], 14, 26, BOLD)
    page.lines(72, y, [SHORT])
    return [page]


def test_numbered_headings_get_levels_from_their_numbering() -> None:
    out = parse(*numbered_tender())
    headings = [(clean_text(b.text), b.level) for b in out.blocks if b.kind is H]
    assert headings == [
        ("ARTICLE 1 – Objet du marché", 1),
        ("1.1 Périmètre", 2),
        ("1.2 Exclusions", 2),
        ("ARTICLE 2 – Durée", 1),
    ]


def test_a_bold_sentence_is_not_a_heading() -> None:
    out = parse(*numbered_tender())
    sentence = "Le titulaire doit respecter les délais fixés au planning."
    assert (P, sentence) in shown(out.blocks)


def test_unnumbered_headings_get_levels_from_font_size() -> None:
    page = Page()
    y = page.lines(72, 780, ["Cahier des charges"], 20, 34, BOLD)
    y = page.lines(72, y, ["Contexte général"], 15, 24, BOLD)
    y = page.lines(72, y, [NEXT], leading=24)
    y = page.lines(72, y, ["Enjeux"], 13, 22, BOLD)
    page.lines(72, y, [SHORT])
    headings = [(clean_text(b.text), b.level) for b in parse(page).blocks if b.kind is H]
    assert headings == [("Cahier des charges", 1), ("Contexte général", 2), ("Enjeux", 3)]


def test_heading_size_set_in_the_text_matrix_is_read() -> None:
    page = Page()
    page.text(72, 780, "Présentation du projet", 18, matrix_scale=True)
    page.lines(72, 750, [FULL_1, FULL_2], font="F1")
    out = parse(page)
    assert shown(out.blocks)[0] == (H, "Présentation du projet")


def test_a_numbering_label_on_its_own_line_joins_its_title() -> None:
    page = Page()
    page.text(72, 780, "6.", 13, BOLD)
    page.text(72, 766, "SÉCURITÉ DES DONNÉES", 13, BOLD)
    page.lines(72, 740, [NEXT])
    assert shown(parse(page).blocks)[0] == (H, "6. SÉCURITÉ DES DONNÉES")


def test_headings_drawn_before_the_text_are_put_back_in_place() -> None:
    page = Page()
    page.text(72, 780, "1. Objet", 16, BOLD)
    page.text(72, 600, "2. Durée", 16, BOLD)  # drawn before the body text, as InDesign does
    page.lines(72, 750, [FULL_1, FULL_2, SHORT])
    page.lines(72, 570, [NEXT])
    assert [k for k, _ in shown(parse(page).blocks)] == [H, P, H, P]


# --- lists, TOC, hyphens, fake bold -------------------------------------------------------------


def test_bullets_and_enumerations_become_list_items() -> None:
    page = Page()
    page.lines(72, 780, ["Le titulaire fournit :"])
    page.text(72, 766, "• la documentation technique de la plateforme,")
    page.text(72, 752, "a) un plan de réversibilité couvrant la restitution des données et")
    page.text(86, 738, "des paramétrages ;")
    page.text(72, 724, "– un rapport annuel.")
    assert shown(parse(page).blocks) == [
        (P, "Le titulaire fournit :"),
        (L, "la documentation technique de la plateforme,"),
        (
            L,
            "a) un plan de réversibilité couvrant la restitution des données et des paramétrages ;",
        ),
        (L, "un rapport annuel."),
    ]


@pytest.mark.parametrize(
    "opening",
    [
        *["• a", "- x", "1. Foo", "2.3 Foo", "Article 5 – Durée", "IV. Title", "ii. point"],
        *["b) c", "(iv) x", "o La ville", "Section C - X", "Hoofdstuk 2 – X", "Artículo 5. Objeto"],
    ],
)
def test_block_openings_are_recognised(opening: str) -> None:
    assert starts_block(opening)


@pytest.mark.parametrize(
    "continuation",
    ["-10 % de pénalité", "article 5 du CCAP", "C.", "2015 à travers", "Le titulaire", "ii"],
)
def test_continuation_lines_do_not_open_blocks(continuation: str) -> None:
    assert not starts_block(continuation)


def test_table_of_contents_lines_are_toc_blocks() -> None:
    contents, body = Page(), Page()
    contents.text(72, 780, "Sommaire", 16, BOLD)
    contents.lines(72, 750, ["1. Objet du marché ........................ 3", "2. Durée 4"])
    body.lines(72, 780, [NEXT])
    out = parse(contents, body)
    assert shown(out.blocks, TOC) == [
        (TOC, "Sommaire"),
        (TOC, "1. Objet du marché ........................ 3"),
        (TOC, "2. Durée 4"),
    ]
    assert shown(out.blocks, P) == [(P, NEXT)]
    assert shown(out.blocks, H) == []


def test_dot_leader_lines_are_toc_even_without_a_title() -> None:
    page = Page()
    page.lines(72, 780, ["Annexe 1 – Bordereau des prix .............. 12", NEXT])
    assert [k for k, _ in shown(parse(page).blocks)] == [TOC, P]


def test_soft_hyphens_join_and_compound_hyphens_survive() -> None:
    page = Page()
    page.lines(
        72,
        780,
        [
            "Le titulaire assure la coordi-",
            "nation des sous-",
            "traitants, l’envoi par e-",
            "mail du rapport et le suivi de l’accord-",
            "cadre.",
        ],
    )
    page.lines(72, 690, ["La coordination et l’accord-cadre sont suivis par la ville."])
    out = parse(page)
    assert shown(out.blocks)[0] == (
        P,
        "Le titulaire assure la coordination des sous-traitants, l’envoi par e-mail du "
        "rapport et le suivi de l’accord-cadre.",
    )


def test_dehyphenation_uses_the_documents_own_words() -> None:
    vocabulary = Vocabulary(["technological", "state-owned"])
    assert dehyphenate("tech\ufffenological", vocabulary) == "technological"
    assert dehyphenate("tech\x02nological", vocabulary) == "technological"  # older pdfium mark
    assert dehyphenate("state\ufffeowned", vocabulary) == "state-owned"
    assert dehyphenate("Saint\ufffeDenis", vocabulary) == "Saint-Denis"
    assert dehyphenate("Covid\ufffe19", vocabulary) == "Covid-19"
    assert dehyphenate("www.example.org/open\ufffedata", vocabulary) == "www.example.org/open-data"
    assert dehyphenate("METHODOLO\ufffeGIES", Vocabulary(["methodologies"])) == "METHODOLOGIES"


def test_unknown_breaks_follow_the_documents_habit() -> None:
    soft = Vocabulary(["information", "infor\ufffemation", "strategy", "stra\ufffetegy"])
    assert dehyphenate("pro\ufffegramme", soft) == "programme"
    compound = Vocabulary(["front-end", "front\ufffeend", "well-known", "well\ufffeknown"])
    assert dehyphenate("pro\ufffegramme", compound) == "pro-gramme"


def test_fake_bold_doubled_text_is_collapsed() -> None:
    page = Page()
    page.text(72, 780, "LLee  pprroojjeett  uurrbbaaiinn", 14, BOLD)
    page.lines(72, 750, [NEXT])
    assert shown(parse(page).blocks)[0] == (H, "Le projet urbain")
    assert collapse_doubled("Mississippi aabb committee") == "Mississippi aabb committee"
    assert collapse_doubled("Article 3Article 3") == "Article 3"


# --- running headers, footers, pages -----------------------------------------------------------


def test_running_headers_footers_and_page_numbers() -> None:
    openings = ["Le titulaire", "La ville", "Le prestataire", "Le pouvoir adjudicateur", "L’usager"]
    pages = []
    for number, opening in enumerate(openings, start=1):
        page = Page()
        page.text(72, 810, "CCTP – Plateforme de données urbaines", 9)
        page.lines(72, 760, [f"{opening} conserve les données en Europe."])
        page.text(280, 30, f"Page {number} sur 5", 9)
        pages.append(page)
    out = parse(*pages)
    headers = [(b.page, clean_text(b.text)) for b in out.blocks if b.kind is BlockKind.HEADER]
    footers = [(b.page, clean_text(b.text)) for b in out.blocks if b.kind is BlockKind.FOOTER]
    assert headers == [(n, "CCTP – Plateforme de données urbaines") for n in range(1, 6)]
    assert footers == [(n, f"Page {n} sur 5") for n in range(1, 6)]
    paragraphs = [(b.page, clean_text(b.text)) for b in out.blocks if b.kind is P]
    assert paragraphs == [
        (n, f"{opening} conserve les données en Europe.")
        for n, opening in enumerate(openings, start=1)
    ]


def test_bare_page_number_at_the_bottom_is_a_footer() -> None:
    page = body_page()
    page.text(290, 40, "7")
    out = parse(page)
    assert shown(out.blocks, BlockKind.FOOTER) == [(BlockKind.FOOTER, "7")]


def test_empty_pages_are_listed() -> None:
    out = parse(body_page(), Page(), body_page())
    assert out.pages == 3
    assert out.empty_pages == [2]
    assert sorted({b.page for b in out.blocks}) == [1, 3]


def test_scanned_pdf_without_text_layer_needs_ocr() -> None:
    data = build_pdf([Page(image=True), Page(image=True)])
    out = parse_pdf(data, DEFAULT_LIMITS)
    assert out.blocks == []
    assert out.empty_pages == [1, 2]
    document = parse_bytes(data, "scan.pdf")
    assert document.text_status is TextStatus.NO_TEXT


# --- tables ---------------------------------------------------------------------------------


def test_ruled_table_becomes_table_cells() -> None:
    page = Page()
    page.lines(72, 780, ["Le titulaire respecte les niveaux de service suivants :"])
    page.grid(72, 760, [150, 250], rows=3, row_h=20)
    cells = [
        ("Indicateur", "Cible"),
        ("Disponibilité", "99,5 %"),
        ("Délai de correction", "4 heures"),
    ]
    for row, (left, right) in enumerate(cells):
        page.text(76, 760 - 20 * row - 14, left)
        page.text(226, 760 - 20 * row - 14, right)
    page.lines(72, 680, [NEXT])
    out = parse(page)
    assert shown(out.blocks, P) == [
        (P, "Le titulaire respecte les niveaux de service suivants :"),
        (P, NEXT),
    ]
    table = [(b.table, b.row, b.column, clean_text(b.text)) for b in out.blocks if b.kind is T]
    assert table == [
        (0, 0, 0, "Indicateur"),
        (0, 0, 1, "Cible"),
        (0, 1, 0, "Disponibilité"),
        (0, 1, 1, "99,5 %"),
        (0, 2, 0, "Délai de correction"),
        (0, 2, 1, "4 heures"),
    ]
    assert [b.kind for b in out.blocks] == [P, T, T, T, T, T, T, P]


def test_table_page_cap_leaves_later_tables_as_text() -> None:
    pages = []
    for _ in range(2):
        page = Page()
        page.grid(72, 760, [150, 250], rows=2, row_h=20)
        page.text(76, 746, "Indicateur")
        page.text(226, 746, "Cible")
        pages.append(page)
    out = extract_pdf(build_pdf(pages), DEFAULT_LIMITS, table_page_cap=1)
    assert [b.page for b in out.blocks if b.kind is T] == [1, 1]
    assert shown([b for b in out.blocks if b.page == 2]) == [(P, "Indicateur Cible")]
    assert any("ruled tables" in warning for warning in out.warnings)


# --- two columns ------------------------------------------------------------------------------


def test_two_columns_written_row_by_row_are_read_column_after_column() -> None:
    left = [
        "Le titulaire conserve les données",
        "produites par les capteurs dans",
        "l’Union européenne uniquement.",
    ]
    right = [
        "Les données restent la propriété",
        "de la collectivité et lui sont",
        "restituées en fin de contrat.",
    ]
    page = Page()
    for index, (a, b) in enumerate(zip(left, right, strict=True)):
        page.text(72, 780 - 14 * index, a)  # each row draws its left then its right half
        page.text(320, 780 - 14 * index, b)
    assert shown(parse(page).blocks) == [(P, " ".join(left)), (P, " ".join(right))]


# --- metadata, errors, limits -------------------------------------------------------------------


def test_title_comes_from_metadata_when_meaningful() -> None:
    assert parse(body_page(), title="CCTP Plateforme de données urbaines").title == (
        "CCTP Plateforme de données urbaines"
    )
    assert parse(body_page(), title="Microsoft Word - CCTP_v2.docx").title is None
    assert clean_title("cctp_final_v3.doc") is None
    assert clean_title("RFP") is None


def test_password_protected_pdf_is_refused() -> None:
    data = build_pdf([body_page()], user_password="secret", owner_password="owner")
    with pytest.raises(EncryptedDocumentError) as caught:
        parse_pdf(data, DEFAULT_LIMITS)
    assert caught.value.message == "the PDF is encrypted with a password"
    with pytest.raises(EncryptedDocumentError):
        parse_bytes(data, "protected.pdf")


def test_owner_password_only_pdf_is_read_normally() -> None:
    data = build_pdf([body_page()], owner_password="owner", title="Pièce restreinte")
    out = parse_pdf(data, DEFAULT_LIMITS)
    assert shown(out.blocks)[1] == (P, NEXT)
    assert out.title == "Pièce restreinte"


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_pdf_is_an_input_error(keep: float) -> None:
    data = build_pdf([body_page(), body_page()])
    with pytest.raises(InputError) as caught:
        parse_pdf(data[: int(len(data) * keep)], DEFAULT_LIMITS)
    assert not isinstance(caught.value, EncryptedDocumentError)
    assert "damaged or truncated" in caught.value.message
    assert "download it again" in caught.value.hint


def test_bytes_that_are_not_a_pdf_are_an_input_error() -> None:
    with pytest.raises(InputError, match="not a PDF"):
        parse_pdf(b"PK\x03\x04 not a pdf at all", DEFAULT_LIMITS)
    with pytest.raises(InputError, match="damaged or truncated"):
        parse_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 20, DEFAULT_LIMITS)


def test_too_many_pages_is_refused() -> None:
    data = build_pdf([body_page()] * 3)
    with pytest.raises(LimitExceededError, match="3 pages, over the limit of 2"):
        parse_pdf(data, Limits(max_pages=2))


def test_text_beyond_max_chars_is_not_read() -> None:
    data = build_pdf([body_page()] * 4)
    out = parse_pdf(data, Limits(max_chars=300))
    assert {b.page for b in out.blocks} == {1, 2}
    assert sum(len(b.text) for b in out.blocks) <= 300
    assert out.warnings and "first 300 characters" in out.warnings[0]


# --- a real word processor's PDF (LibreOffice) ---------------------------------------------------

SOFFICE = shutil.which("soffice")
CLAUSES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
CLAUSES += ["golf", "hotel", "india", "juliett", "kilo", "lima"]


@pytest.fixture(scope="module")
def writer_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A DOCX written with python-docx and printed to PDF by LibreOffice."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    import docx

    folder = tmp_path_factory.mktemp("writer")
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Ville d’Exemple – CCTP plateforme de données"
    for number in range(1, 4):
        document.add_heading(f"ARTICLE {number} – Exigences {number}", level=1)
        document.add_heading(f"{number}.1 Propriété des données", level=2)
        for word in CLAUSES:
            document.add_paragraph(f"Clause {word} {number} : {FULL_1} {FULL_2}")
        document.add_paragraph("Le titulaire publie les données en open data.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for row, texts in enumerate([("Indicateur", "Cible"), ("Disponibilité", "99,5 %")]):
        for column, text in enumerate(texts):
            table.cell(row, column).text = text
    source = folder / "cctp.docx"
    document.save(str(source))
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / "cctp.pdf").read_bytes()


def test_libreoffice_pdf_headings_lists_tables_and_header(writer_pdf: bytes) -> None:
    out = parse_pdf(writer_pdf, DEFAULT_LIMITS)
    headings = [(clean_text(b.text), b.level) for b in out.blocks if b.kind is H]
    assert headings == [
        ("ARTICLE 1 – Exigences 1", 1),
        ("1.1 Propriété des données", 2),
        ("ARTICLE 2 – Exigences 2", 1),
        ("2.1 Propriété des données", 2),
        ("ARTICLE 3 – Exigences 3", 1),
        ("3.1 Propriété des données", 2),
    ]
    assert shown(out.blocks, L) == [(L, "Le titulaire publie les données en open data.")] * 3
    assert [clean_text(b.text) for b in out.blocks if b.kind is T] == [
        "Indicateur",
        "Cible",
        "Disponibilité",
        "99,5 %",
    ]
    assert out.pages is not None and out.pages >= 3
    headers = [b for b in out.blocks if b.kind is BlockKind.HEADER]
    assert [b.page for b in headers] == list(range(1, out.pages + 1))
    paragraphs = [clean_text(b.text) for b in out.blocks if b.kind is P]
    assert paragraphs == [
        f"Clause {word} {number} : {FULL_1} {FULL_2}" for number in range(1, 4) for word in CLAUSES
    ]


# --- the real corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_files(".pdf"), ids=lambda p: p.name)
def test_corpus_pdf_parses_with_text_on_every_page_it_reports(path: Path) -> None:
    document = parse_bytes(path.read_bytes(), str(path))
    assert document.pages and document.char_count > 1000
    assert document.text_status is TextStatus.OK
    assert all(b.location.page and 1 <= b.location.page <= document.pages for b in document.blocks)
    pages_with_text = {b.location.page for b in document.blocks}
    assert pages_with_text | set(document.empty_pages) == set(range(1, document.pages + 1))


def test_corpus_has_pdfs(corpus: Path) -> None:
    assert len(corpus_files(".pdf")) >= 10
