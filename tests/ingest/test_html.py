"""HTML parser: blocks in reading order, tables with spans, page chrome, charsets, safety."""

from __future__ import annotations

import codecs
import random

import pytest

from pppcheck.errors import UnsupportedFormatError
from pppcheck.ingest import parse_bytes
from pppcheck.ingest.html import declared_charset, parse_html
from pppcheck.limits import DEFAULT_LIMITS
from pppcheck.model import Block, DocFormat, Document, TextStatus


def parse(html: str | bytes) -> Document:
    data = html.encode("utf-8") if isinstance(html, str) else html
    return parse_bytes(data, "tender.html")


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html>\n<html><head>{head}</head><body>{body}</body></html>"


def shape(doc: Document) -> list[tuple[str, str, int | None]]:
    return [(b.kind.value, b.text, b.level) for b in doc.blocks]


def block(doc: Document, text: str) -> Block:
    found = [b for b in doc.blocks if b.text == text]
    assert found, f"no block {text!r} in {[b.text for b in doc.blocks]}"
    return found[0]


# --------------------------------------------------------------------------- document


def test_title_comes_from_head_and_non_content_elements_are_dropped() -> None:
    doc = parse(
        page(
            "<h1>Smart parking</h1><script>var p = '<p>no</p>';</script>"
            "<style>p { color: red }</style><noscript>Enable JavaScript</noscript>"
            "<template><p>template text</p></template><p>The city owns the data.</p>"
            "<p hidden>hidden text</p><p style='display: none'>invisible</p>"
            "<form><select><option>Option</option></select><button>Send</button></form>",
            head="<title> Smart parking  RFP </title><meta name=description content='meta text'>",
        )
    )
    assert doc.format is DocFormat.HTML
    assert doc.parser == "html"
    assert doc.title == "Smart parking RFP"
    assert shape(doc) == [
        ("heading", "Smart parking", 1),
        ("paragraph", "The city owns the data.", None),
    ]


def test_headings_give_levels_sections_and_source_lines() -> None:
    doc = parse(
        "<html><body>\n<h1>Concession</h1>\n<h2>Data</h2>\n<p>All data\nbelongs to the city.</p>\n"
        "<h3>Formats</h3>\n<p>Open formats.</p>\n<h2>Exit</h2>\n<p>Hand-over.</p>\n</body></html>"
    )
    assert [(b.kind.value, b.text, b.level, b.location.line) for b in doc.blocks] == [
        ("heading", "Concession", 1, 2),
        ("heading", "Data", 2, 3),
        ("paragraph", "All data belongs to the city.", None, 4),
        ("heading", "Formats", 3, 6),
        ("paragraph", "Open formats.", None, 7),
        ("heading", "Exit", 2, 8),
        ("paragraph", "Hand-over.", None, 9),
    ]
    assert block(doc, "Open formats.").location.section == ("Concession", "Data", "Formats")
    assert block(doc, "Hand-over.").location.section == ("Concession", "Exit")


def test_text_around_nested_blocks_is_read_once_in_order() -> None:
    doc = parse(
        page(
            "<div>Intro <em>text</em><p>First <b>para</b><br>line two</p>tail text"
            "<div>inner <span>div</span></div></div><section>Loose section text</section>"
        )
    )
    assert shape(doc) == [
        ("paragraph", "Intro text", None),
        ("paragraph", "First para line two", None),
        ("paragraph", "tail text", None),
        ("paragraph", "inner div", None),
        ("paragraph", "Loose section text", None),
    ]


def test_list_items_nested_lists_and_paragraphs_in_items() -> None:
    doc = parse(
        page(
            "<ul><li>hosting in the EU<ul><li>two data centres</li></ul>and backups</li>"
            "<li><p>open formats</p></li></ul><ol><li>first</li></ol><dl><dt>Term</dt>"
            "<dd>Definition</dd></dl>"
        )
    )
    assert shape(doc) == [
        ("list_item", "hosting in the EU", None),
        ("list_item", "two data centres", None),
        ("list_item", "and backups", None),
        ("list_item", "open formats", None),
        ("list_item", "first", None),
        ("paragraph", "Term", None),
        ("paragraph", "Definition", None),
    ]


def test_blockquote_and_pre_keep_their_style() -> None:
    doc = parse(
        page("<blockquote><p>Quoted clause.</p></blockquote><pre>  line one\n  line two</pre>")
    )
    assert [(b.kind.value, b.text, b.style) for b in doc.blocks] == [
        ("paragraph", "Quoted clause.", "blockquote"),
        ("paragraph", "line one line two", "pre"),
    ]


def test_entities_are_decoded_but_external_entities_are_never_resolved() -> None:
    doc = parse(
        b'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<html><body><p>Caf&eacute; &amp; data&nbsp;&#8211; &xxe;</p></body></html>"
    )
    paragraph = doc.blocks[-1]
    assert paragraph.text == "Café & data – &xxe;"
    assert "root:" not in " ".join(b.text for b in doc.blocks)


# --------------------------------------------------------------------------- tables


def test_table_cells_with_rowspan_colspan_and_captions() -> None:
    doc = parse(
        page(
            "<table><caption>Price schedule</caption>"
            "<thead><tr><th>Lot</th><th colspan='2'>Price</th></tr></thead>"
            "<tbody><tr><td rowspan=2>Sensors</td><td>Year 1</td><td>10</td></tr>"
            "<tr><td>Year 2</td><td>12</td></tr>"
            "<tr><td>Platform</td><td colspan=2>included</td></tr></tbody></table>"
            "<p>Between.</p><table><tr><td><p>A</p><p>B</p></td><td></td><td>C</td></tr></table>"
        )
    )
    assert [
        (b.kind.value, b.text, b.location.table, b.location.row, b.location.column, b.style)
        for b in doc.blocks
    ] == [
        ("paragraph", "Price schedule", None, None, None, "caption"),
        ("table_cell", "Lot", 0, 0, 0, "th"),
        ("table_cell", "Price", 0, 0, 1, "th"),
        ("table_cell", "Sensors", 0, 1, 0, "td"),
        ("table_cell", "Year 1", 0, 1, 1, "td"),
        ("table_cell", "10", 0, 1, 2, "td"),
        ("table_cell", "Year 2", 0, 2, 1, "td"),
        ("table_cell", "12", 0, 2, 2, "td"),
        ("table_cell", "Platform", 0, 3, 0, "td"),
        ("table_cell", "included", 0, 3, 1, "td"),
        ("paragraph", "Between.", None, None, None, None),
        ("table_cell", "A B", 1, 0, 0, "td"),
        ("table_cell", "C", 1, 0, 2, "td"),
    ]


def test_nested_table_text_stays_in_its_cell() -> None:
    doc = parse(
        page("<table><tr><td>Outer <table><tr><td>inner</td></tr></table></td></tr></table>")
    )
    assert [(b.text, b.location.table) for b in doc.blocks] == [("Outer inner", 0)]


def test_hostile_spans_are_capped() -> None:
    doc = parse(
        page(
            "<table><tr><td rowspan=99999999 colspan=99999999>big</td><td>x</td></tr>"
            "<tr><td>y</td></tr><tr><td colspan='abc'>z</td></tr></table>"
        )
    )
    assert [(b.text, b.location.row, b.location.column) for b in doc.blocks] == [
        ("big", 0, 0),
        ("x", 0, 50),
        ("y", 1, 50),
        ("z", 2, 50),
    ]


# --------------------------------------------------------------------------- page chrome, TOC


def test_page_header_footer_and_nav_are_kept_apart_from_the_body() -> None:
    doc = parse(
        page(
            "<header><h1>City portal</h1><p>Tenders</p></header>"
            "<nav><ul><li><a href='#a'>Article 1</a></li></ul></nav>"
            "<main><article><header><h1>Smart lighting RFP</h1></header>"
            "<p>The operator shall publish open data.</p><footer>Posted 2025</footer>"
            "</article></main>"
            "<footer><p>© City 2025</p></footer>"
        )
    )
    assert shape(doc) == [
        ("header", "City portal", None),
        ("header", "Tenders", None),
        ("toc", "Article 1", None),
        ("heading", "Smart lighting RFP", 1),
        ("paragraph", "The operator shall publish open data.", None),
        ("paragraph", "Posted 2025", None),
        ("footer", "© City 2025", None),
    ]
    assert block(doc, "The operator shall publish open data.").location.section == (
        "Smart lighting RFP",
    )


def test_word_exports_bold_headings_and_toc_paragraphs() -> None:
    doc = parse(
        page(
            "<h1>CCTP</h1><p class=MsoToc1>1 Objet<span>........</span>3</p>"
            "<p class=MsoNormal>2 Prix ............ 4</p>"
            "<p class=MsoNormal><b><span>ARTICLE 5 &#8211; DUR&Eacute;E</span></b></p>"
            "<p>Quatre ans.</p><p><b>Note:</b> bold run-in.</p><p><b>Name of the bidder</b></p>"
        )
    )
    assert shape(doc) == [
        ("heading", "CCTP", 1),
        ("toc", "1 Objet........3", None),
        ("toc", "2 Prix ............ 4", None),
        ("heading", "ARTICLE 5 – DURÉE", 2),
        ("paragraph", "Quatre ans.", None),
        ("paragraph", "Note: bold run-in.", None),
        ("paragraph", "Name of the bidder", None),
    ]


# --------------------------------------------------------------------------- charsets


def test_meta_charset_is_honoured() -> None:
    html = page("<p>Propriété des données</p>", head='<meta charset="windows-1252">')
    doc = parse(html.encode("cp1252"))
    assert [b.text for b in doc.blocks] == ["Propriété des données"]
    assert doc.warnings == ()


def test_http_equiv_charset_and_xml_declaration_are_found() -> None:
    assert (
        declared_charset(
            b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        )
        == "ISO-8859-1"
    )
    assert declared_charset(b'<?xml version="1.0" encoding="iso-8859-15"?><html>') == "iso-8859-15"
    assert declared_charset(b"<html><body>no declaration</body></html>") is None


def test_xhtml_with_an_xml_declaration_is_read() -> None:
    out = parse_html(
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>T</title></head><body><p>Données</p></body></html>".encode("latin-1"),
        DEFAULT_LIMITS,
    )
    assert (out.title, [b.text for b in out.blocks], out.warnings) == ("T", ["Données"], [])


def test_without_declaration_the_charset_is_detected_and_reported() -> None:
    html = page("<p>Le titulaire s’engage à restituer les données à l’échéance.</p>")
    doc = parse(html.encode("cp1252"))
    assert [b.text for b in doc.blocks] == [
        "Le titulaire s’engage à restituer les données à l’échéance."
    ]
    assert doc.warnings == (
        "the text is not UTF-8; decoded as cp1252 (guessed, accents may be wrong)",
    )


def test_byte_order_marks_are_read() -> None:
    for data in (
        codecs.BOM_UTF16_LE + page("<p>Datenhoheit für Städte</p>").encode("utf-16-le"),
        codecs.BOM_UTF8 + page("<p>Datenhoheit für Städte</p>").encode("utf-8"),
    ):
        out = parse_html(data, DEFAULT_LIMITS)
        assert ([b.text for b in out.blocks], out.warnings) == (["Datenhoheit für Städte"], [])


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + b"<!DOCTYPE html><html><body><p>x</p></body></html>",
        codecs.BOM_UTF16_LE + "<html><body><p>x</p></body></html>".encode("utf-16-le"),
        b'<?xml version="1.0"?>\n<html><body><p>x</p></body></html>',
    ],
)
def test_html_with_a_bom_or_xml_prologue_is_sniffed_as_html(data: bytes) -> None:
    assert parse_bytes(data, "tender.html").format is DocFormat.HTML


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "html",
    [
        "<p>unclosed <b>bold <table><tr><td>cell",
        "</div></p><p>stray closers</span>",
        "<html><body><p>a<p>b<li>c</body>",
        "<<<>>> <p =>weird</p> <!-- unterminated comment",
        "<svg><text>vector</text></svg><p>after svg</p>",
    ],
)
def test_malformed_html_does_not_crash(html: str) -> None:
    doc = parse_bytes(page(html).encode(), "bad.html")
    assert doc.format is DocFormat.HTML
    assert all(b.text for b in doc.blocks)


def test_malformed_html_keeps_its_text() -> None:
    doc = parse(page("<p>unclosed <b>bold <table><tr><td>cell"))
    assert [b.text for b in doc.blocks] == ["unclosed bold", "cell"]


def test_too_deep_nesting_is_reported_not_silently_cut() -> None:
    data = (
        b"<html><body><p>before</p>"
        + b"<div>" * 400
        + b"deep"
        + b"</div>" * 400
        + b"</body></html>"
    )
    out = parse_html(data, DEFAULT_LIMITS)
    assert [b.text for b in out.blocks] == ["before"]
    assert len(out.warnings) == 1
    assert "could not be read past line 1" in out.warnings[0]


def test_empty_documents_have_no_blocks() -> None:
    assert parse_html(b"   ", DEFAULT_LIMITS).blocks == []
    assert parse_html(b"<!-- only a comment -->", DEFAULT_LIMITS).blocks == []
    doc = parse(page(""))
    assert (doc.blocks, doc.text_status) == ((), TextStatus.NO_TEXT)


def test_random_binary_is_refused() -> None:
    rng = random.Random(5)
    with pytest.raises(UnsupportedFormatError):
        parse_html(bytes(rng.randrange(256) for _ in range(30_000)), DEFAULT_LIMITS)


def test_five_megabyte_paragraph_is_parsed_whole() -> None:
    sentence = "The operator shall return all municipal data in open formats. "
    text = sentence * (5_000_000 // len(sentence))
    out = parse_html(page(f"<p>{text}</p>").encode("ascii"), DEFAULT_LIMITS)
    assert len(out.blocks) == 1
    assert out.blocks[0].text == text
