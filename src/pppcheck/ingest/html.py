"""HTML tenders: portal pages, "Save as web page" exports from Word, published specifications.

lxml's HTML parser is forgiving (malformed markup is repaired, never fatal) and safe as used
here: no network access, comments and processing instructions removed, and HTML parsing never
resolves external entities. The page is walked once, in document order:

* script, style, noscript, template, head (except its <title>), svg, forms' controls and
  elements marked hidden are dropped;
* h1–h6 are headings; p, div and other block elements give paragraphs, li list items, pre a
  paragraph with style "pre", blockquote paragraphs with style "blockquote";
* text that sits directly in a block next to nested blocks ("<div>intro<p>para</p>tail</div>")
  becomes its own paragraph, so no text is read twice;
* tables give one TABLE_CELL per cell, with the column shifted by earlier row and column spans
  (spans are capped, so a hostile rowspan cannot blow up memory); a nested table's text stays
  inside its cell;
* page-level <header> and <footer> (not inside article, main or section) give HEADER and FOOTER
  blocks, and <nav> gives TOC blocks: they are kept for `pppcheck extract` but are never quoted
  as evidence;
* a paragraph entirely in bold that reads as a numbered heading ("<p><b>ARTICLE 5 – DURÉE</b>")
  is a heading, nested under the last real heading, as Word exports write headings that way;
* images are ignored (in web pages their alt text is mostly "logo").

The charset comes from a byte-order mark, then the page's <meta> declaration, then detection.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import lxml.etree
import lxml.html

from pppcheck.ingest.base import ParseOutput, RawBlock
from pppcheck.ingest.decode import decode_bytes
from pppcheck.ingest.structure import guess_heading, is_toc_line
from pppcheck.limits import Limits
from pppcheck.model import BlockKind

_SKIP = frozenset(
    {
        "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
        "embed", "canvas", "select", "button", "textarea", "input", "img", "video", "audio",
        "map", "title",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main",
        "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul", "caption", "legend",
    }
)  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CONTENT_SECTIONS = frozenset({"article", "main", "section"})
_STRONG = frozenset({"b", "strong"})
_META_CHARSET = re.compile(
    rb"""(?:<meta\s[^>]{0,300}?charset|<\?xml\s[^>]{0,100}?encoding)\s*=\s*["']?\s*"""
    rb"""([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_MAX_SPAN = 50
_SPAN_BUDGET = 200_000  # table positions that spans may cover in one document


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        default_doctype=False,
    )


def parse_html(data: bytes, limits: Limits) -> ParseOutput:
    """Parse an HTML document into blocks; the <title> becomes the document title."""
    decoded = decode_bytes(data, limits, declared=declared_charset(data))
    root, problems = _parse(decoded.text)
    warnings = decoded.warnings + problems
    if root is None:
        return ParseOutput(blocks=[], parser="html", warnings=warnings)
    reader = _Reader()
    reader.read(root)
    return ParseOutput(blocks=reader.blocks, parser="html", title=_title(root), warnings=warnings)


def blocks_from_fragment(markup: str) -> tuple[list[RawBlock], list[str]]:
    """Blocks of an HTML fragment (raw HTML inside Markdown), `line` counted from 1 in it."""
    root, problems = _parse(f"<html><body><div>{markup}</div></body></html>")
    if root is None:
        return [], problems
    reader = _Reader()
    reader.read(root)
    return reader.blocks, problems


def declared_charset(data: bytes) -> str | None:
    """The charset named by a <meta> tag or an XML declaration in the first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _parse(text: str) -> tuple[lxml.html.HtmlElement | None, list[str]]:
    """The parsed tree, and a warning if libxml2 gave up before the end of the text.

    libxml2 stops at 256 levels of nesting (a limit kept on purpose: it also bounds the
    recursion of the reader); the text after that point is lost, which the report must say.
    """
    if not text.strip():
        return None, []
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except lxml.etree.ParserError:  # "Document is empty": only comments or whitespace
        return None, []
    fatal = [entry for entry in parser.error_log if entry.level_name == "FATAL"]
    problems = [
        f"the HTML could not be read past line {entry.line} ({entry.message.strip()}); "
        "the text after it is missing"
        for entry in fatal[:1]
    ]
    return root, problems


def _title(root: lxml.html.HtmlElement) -> str | None:
    for element in root.iter("title"):
        text = " ".join(element.text_content().split())
        if text:
            return text
    return None


@dataclass(frozen=True, slots=True)
class _Context:
    """What the enclosing elements say about the text being read."""

    kind: BlockKind = BlockKind.PARAGRAPH
    region: BlockKind | None = None  # HEADER, FOOTER or TOC for page chrome
    style: str | None = None
    strong: bool = False
    in_content: bool = False  # inside article/main/section: <header> there is the article's


@dataclass(slots=True)
class _Buffer:
    """Inline text waiting for the end of its block."""

    parts: list[str] = field(default_factory=list)
    line: int | None = None
    strong_chars: int = 0
    plain_chars: int = 0

    def add(self, text: str, strong: bool, line: int | None) -> None:
        self.parts.append(text)
        visible = len(text.strip())
        if visible:
            if self.line is None:
                self.line = line
            if strong:
                self.strong_chars += visible
            else:
                self.plain_chars += visible


def _hidden(element: lxml.html.HtmlElement) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _tag(element: object) -> str | None:
    tag = getattr(element, "tag", None)
    return tag.lower() if isinstance(tag, str) else None


class _Reader:
    """Walks the tree once, in document order, emitting blocks."""

    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.tables = 0
        self.heading_level = 0
        self.span_budget = _SPAN_BUDGET

    def read(self, root: lxml.html.HtmlElement) -> None:
        context = _Context()
        buffer = self._children(root, context, _Buffer())
        self._flush(buffer, context)

    def _children(
        self, element: lxml.html.HtmlElement, context: _Context, buffer: _Buffer
    ) -> _Buffer:
        if element.text:
            buffer.add(element.text, context.strong, element.sourceline)
        for child in element:
            buffer = self._visit(child, context, buffer)
            if child.tail:
                buffer.add(child.tail, context.strong, child.sourceline)
        return buffer

    def _visit(self, element: lxml.html.HtmlElement, context: _Context, buffer: _Buffer) -> _Buffer:
        tag = _tag(element)
        if tag is None or tag in _SKIP or _hidden(element):
            return buffer
        if tag == "br":
            buffer.parts.append("\n")
            return buffer
        if tag not in _BLOCKS:
            inner = replace(context, strong=True) if tag in _STRONG else context
            return self._children(element, inner, buffer)
        self._flush(buffer, context)
        self._block(element, tag, context)
        return _Buffer()

    def _block(self, element: lxml.html.HtmlElement, tag: str, context: _Context) -> None:
        if tag in _HEADINGS:
            self._heading(element, _HEADINGS[tag], context)
        elif tag == "table":
            self._table(element, context)
        elif tag == "pre":
            self._emit(context.region or context.kind, _plain_text(element), element, "pre")
        elif tag != "hr":
            inner = self._enter(element, tag, context)
            self._flush(self._children(element, inner, _Buffer()), inner)

    def _enter(self, element: lxml.html.HtmlElement, tag: str, context: _Context) -> _Context:
        """The context for a block's children."""
        if tag == "li":
            return replace(context, kind=BlockKind.LIST_ITEM)
        if tag == "blockquote":
            return replace(context, style="blockquote")
        if tag in _CONTENT_SECTIONS:
            return replace(context, in_content=True)
        if tag == "nav":
            return replace(context, region=BlockKind.TOC)
        if tag in ("header", "footer") and not context.in_content and context.region is None:
            return replace(
                context, region=BlockKind.HEADER if tag == "header" else BlockKind.FOOTER
            )
        if (element.get("class") or "").lower().startswith(("msotoc", "toc")):
            return replace(context, region=BlockKind.TOC)
        return context

    def _heading(self, element: lxml.html.HtmlElement, level: int, context: _Context) -> None:
        text = _plain_text(element)
        if context.region is not None:
            self._emit(context.region, text, element, None)
            return
        if text.strip():
            self.heading_level = level
            block = self._emit(BlockKind.HEADING, text, element, None)
            block.level = level

    def _flush(self, buffer: _Buffer, context: _Context) -> None:
        text = "".join(buffer.parts)
        stripped = " ".join(text.split())
        if not stripped:
            return
        kind = context.region or context.kind
        level = None
        if kind is BlockKind.PARAGRAPH and is_toc_line(stripped):
            kind = BlockKind.TOC
        elif kind is BlockKind.PARAGRAPH and buffer.strong_chars and not buffer.plain_chars:
            guess = guess_heading(stripped, emphasized=True)
            if guess is not None:
                kind, level = BlockKind.HEADING, self.heading_level + guess.depth
        block = RawBlock(kind=kind, text=text, line=buffer.line, style=context.style, level=level)
        self.blocks.append(block)

    def _emit(
        self, kind: BlockKind, text: str, element: lxml.html.HtmlElement, style: str | None
    ) -> RawBlock:
        block = RawBlock(kind=kind, text=text, line=element.sourceline, style=style)
        if text.strip():
            self.blocks.append(block)
        return block

    def _table(self, table: lxml.html.HtmlElement, context: _Context) -> None:
        index = self.tables
        self.tables += 1
        for caption in (child for child in table if _tag(child) == "caption"):
            self._emit(
                context.region or BlockKind.PARAGRAPH, _plain_text(caption), caption, "caption"
            )
        covered: dict[int, set[int]] = {}  # row -> columns taken by spans from rows above
        for row, tr in enumerate(_rows(table)):
            taken = covered.pop(row, set())
            column = 0
            for cell in tr:
                tag = _tag(cell)
                if tag not in ("td", "th") or _hidden(cell):
                    continue
                while column in taken:
                    column += 1
                kind = context.region or BlockKind.TABLE_CELL
                block = RawBlock(kind=kind, text=_plain_text(cell), line=cell.sourceline, style=tag)
                if kind is BlockKind.TABLE_CELL:
                    block.table, block.row, block.column = index, row, column
                if block.text.strip():
                    self.blocks.append(block)
                width = self._reserve(cell, row, column, covered)
                column += width

    def _reserve(
        self, cell: lxml.html.HtmlElement, row: int, column: int, covered: dict[int, set[int]]
    ) -> int:
        """Mark the positions a spanning cell covers below it; return its width."""
        width = _span(cell.get("colspan"))
        height = _span(cell.get("rowspan"))
        cost = width * (height - 1)
        if height > 1 and cost <= self.span_budget:
            self.span_budget -= cost
            for below in range(row + 1, row + height):
                covered.setdefault(below, set()).update(range(column, column + width))
        return width


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), _MAX_SPAN))
    except ValueError:
        return 1


def _rows(table: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """The table's own rows (directly or in thead/tbody/tfoot), not those of nested tables."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if _tag(row) == "tr")


def _plain_text(element: lxml.html.HtmlElement) -> str:
    """All readable text below `element`, with blocks and line breaks as spaces."""
    return "".join(_texts(element))


def _texts(element: lxml.html.HtmlElement) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        tag = _tag(child)
        if tag is not None and tag not in _SKIP and not _hidden(child):
            if tag == "br" or tag in _BLOCKS:
                yield " "
            yield from _texts(child)
            if tag in _BLOCKS:
                yield " "
        if child.tail:
            yield child.tail
