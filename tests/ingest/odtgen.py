"""Build small ODT packages from XML strings, as LibreOffice lays them out.

The mimetype member comes first and is stored uncompressed (ODF's rule, which `sniff` relies
on); content.xml, styles.xml and meta.xml are written from the fragments given.
"""

from __future__ import annotations

import io
import zipfile

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"'
)
MIMETYPE = b"application/vnd.oasis.opendocument.text"


def content_xml(body: str, automatic: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )


def styles_xml(styles: str = "", masters: str = "", automatic: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}>'
        f"<office:styles>{styles}</office:styles>"
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:master-styles>{masters}</office:master-styles></office:document-styles>"
    )


def meta_xml(title: str = "", pages: int | None = None) -> str:
    stat = "" if pages is None else f'<meta:document-statistic meta:page-count="{pages}"/>'
    title_el = f"<dc:title>{title}</dc:title>" if title else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NS}>'
        f"<office:meta>{title_el}{stat}</office:meta></office:document-meta>"
    )


def package(members: dict[str, str | bytes]) -> bytes:
    """A zip with the mimetype first (stored), then the given members (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            raw = data.encode() if isinstance(data, str) else data
            archive.writestr(name, raw, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def odt(
    body: str,
    *,
    automatic: str = "",
    styles: str = "",
    masters: str = "",
    master_automatic: str = "",
    title: str = "",
    pages: int | None = None,
) -> bytes:
    """A complete ODT package around a body fragment."""
    return package(
        {
            "content.xml": content_xml(body, automatic),
            "styles.xml": styles_xml(styles, masters, master_automatic),
            "meta.xml": meta_xml(title, pages),
        }
    )


HEADING_STYLES = (
    '<style:style style:name="Heading" style:family="paragraph"/>'
    '<style:style style:name="Heading_20_1" style:display-name="Heading 1" '
    'style:family="paragraph" style:parent-style-name="Heading" '
    'style:default-outline-level="1"/>'
    '<style:style style:name="Heading_20_2" style:display-name="Heading 2" '
    'style:family="paragraph" style:parent-style-name="Heading" '
    'style:default-outline-level="2"/>'
    '<style:style style:name="Contents_20_1" style:display-name="Contents 1" '
    'style:family="paragraph"/>'
    '<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" '
    'style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
)

OUTLINE_NUMBERED = (
    '<text:outline-style style:name="Outline">'
    '<text:outline-level-style text:level="1" style:num-format="1" style:num-suffix="."/>'
    '<text:outline-level-style text:level="2" style:num-format="1" text:display-levels="2"/>'
    "</text:outline-style>"
)
