"""Build DOCX test documents: python-docx for what it can write, raw XML for the rest.

python-docx cannot write footnotes, tracked changes, content controls, fields or numbering
definitions, so those are injected as WordprocessingML fragments (`xml`) or by editing the saved
package (`edit_package`), the way Word would have written them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W}"'


def new_document() -> DocxDocument:
    """A python-docx document on its default template."""
    return docx.Document()


def save(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xml(fragment: str) -> object:
    """A WordprocessingML element from a fragment using the ``w:`` prefix."""
    if "xmlns:w=" not in fragment:
        fragment = re.sub(r"^<([\w:]+)", rf"<\1 {NSDECL}", fragment.strip(), count=1)
    return parse_xml(fragment)


def append_body_xml(document: DocxDocument, fragment: str) -> None:
    """Append a block-level element (w:p, w:tbl, w:sdt...) before the final w:sectPr."""
    body = document.element.body
    body.sectPr.addprevious(xml(fragment))


def append_run_xml(paragraph: Paragraph, fragment: str) -> None:
    """Append inline elements (w:r, w:ins, w:del, w:hyperlink...) to a paragraph."""
    wrapper = xml(f"<w:wrapper>{fragment}</w:wrapper>")
    for child in list(wrapper):  # type: ignore[call-overload]
        paragraph._p.append(child)


def add_numbering(document: DocxDocument, abstract_xml: str, num_id: int, abstract_id: int) -> None:
    """Add an abstract numbering definition and a list instance pointing at it."""
    numbering = document.part.numbering_part.element
    abstract = xml(f'<w:abstractNum w:abstractNumId="{abstract_id}">{abstract_xml}</w:abstractNum>')
    first_num = numbering.find(f"{{{W}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        xml(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    )


def set_numbering(paragraph: Paragraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(xml(f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def set_ppr(paragraph: Paragraph, fragment: str) -> None:
    """Add a property element (w:outlineLvl, w:pageBreakBefore...) to a paragraph's w:pPr."""
    paragraph._p.get_or_add_pPr().append(xml(fragment))


def edit_package(data: bytes, edit: Callable[[dict[str, bytes]], None]) -> bytes:
    """Rewrite a zip package: `edit` changes the {name: bytes} mapping in place."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    edit(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {NSDECL}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0">
    <w:p><w:r><w:continuationSeparator/></w:r></w:p>
  </w:footnote>
  {{notes}}
</w:footnotes>"""


def add_footnotes(data: bytes, notes: dict[int, str]) -> bytes:
    """Add word/footnotes.xml with these notes, its relationship and its content type."""
    body = "".join(
        f'<w:footnote w:id="{nid}"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for nid, text in notes.items()
    )

    def edit(parts: dict[str, bytes]) -> None:
        parts["word/footnotes.xml"] = FOOTNOTES_XML.replace("{notes}", body).encode()
        rels = parts["word/_rels/document.xml.rels"].decode()
        rel = (
            '<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
        )
        parts["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>", rel + "</Relationships>"
        ).encode()
        types = parts["[Content_Types].xml"].decode()
        override = (
            '<Override PartName="/word/footnotes.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
        )
        parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()

    return edit_package(data, edit)


def footnote_ref(note_id: int) -> str:
    return f'<w:r><w:footnoteReference w:id="{note_id}"/></w:r>'
