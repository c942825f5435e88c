"""WordprocessingML names and tiny attribute helpers shared by the DOCX modules.

Tags are precomputed Clark names (``{namespace}local``) so that the hot loops compare strings
instead of building them. Strict OOXML (ISO 29500 "Strict" files, which Word can save) uses other
namespace URIs for the same vocabulary; `to_transitional` rewrites those URIs in the raw bytes
before parsing, so one set of names serves both flavours.
"""

from __future__ import annotations

from typing import Final

from pppcheck.ingest.xmlsafe import Element

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC_NS: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"

_STRICT_TO_TRANSITIONAL: Final = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R_NS.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/math", M_NS.encode()),
)


def to_transitional(data: bytes) -> bytes:
    """Map strict-OOXML namespace URIs to the transitional ones (no-op for ordinary files)."""
    if b"purl.oclc.org/ooxml" not in data[:8192]:
        return data
    for strict, transitional in _STRICT_TO_TRANSITIONAL:
        data = data.replace(strict, transitional)
    return data


def w(local: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{local}"


W_VAL: Final = w("val")
W_TYPE: Final = w("type")
W_ID: Final = w("id")
R_ID: Final = f"{{{R_NS}}}id"

# block level
W_BODY: Final = w("body")
W_P: Final = w("p")
W_TBL: Final = w("tbl")
W_TR: Final = w("tr")
W_TC: Final = w("tc")
W_SDT: Final = w("sdt")
W_SDTPR: Final = w("sdtPr")
W_SDTCONTENT: Final = w("sdtContent")
W_CUSTOMXML: Final = w("customXml")
W_TXBXCONTENT: Final = w("txbxContent")

# paragraph and run
W_PPR: Final = w("pPr")
W_RPR: Final = w("rPr")
W_PSTYLE: Final = w("pStyle")
W_RSTYLE: Final = w("rStyle")
W_NUMPR: Final = w("numPr")
W_NUMID: Final = w("numId")
W_ILVL: Final = w("ilvl")
W_OUTLINELVL: Final = w("outlineLvl")
W_PAGEBREAKBEFORE: Final = w("pageBreakBefore")
W_SECTPR: Final = w("sectPr")
W_B: Final = w("b")
W_R: Final = w("r")
W_T: Final = w("t")
W_TAB: Final = w("tab")
W_PTAB: Final = w("ptab")
W_BR: Final = w("br")
W_CR: Final = w("cr")
W_NOBREAKHYPHEN: Final = w("noBreakHyphen")
W_SOFTHYPHEN: Final = w("softHyphen")
W_SYM: Final = w("sym")
W_LASTRENDEREDPAGEBREAK: Final = w("lastRenderedPageBreak")
W_FLDCHAR: Final = w("fldChar")
W_FLDCHARTYPE: Final = w("fldCharType")
W_INSTRTEXT: Final = w("instrText")
W_FLDSIMPLE: Final = w("fldSimple")
W_INSTR: Final = w("instr")
W_FOOTNOTEREF: Final = w("footnoteReference")
W_ENDNOTEREF: Final = w("endnoteReference")
W_DRAWING: Final = w("drawing")
W_PICT: Final = w("pict")
W_RUBY: Final = w("ruby")
W_RUBYBASE: Final = w("rubyBase")
W_HYPERLINK: Final = w("hyperlink")
W_SMARTTAG: Final = w("smartTag")
W_INS: Final = w("ins")
W_MOVETO: Final = w("moveTo")
W_DEL: Final = w("del")
W_MOVEFROM: Final = w("moveFrom")
W_BDO: Final = w("bdo")
W_DIR: Final = w("dir")

# tables
W_TCPR: Final = w("tcPr")
W_TRPR: Final = w("trPr")
W_GRIDSPAN: Final = w("gridSpan")
W_GRIDBEFORE: Final = w("gridBefore")
W_VMERGE: Final = w("vMerge")
W_HMERGE: Final = w("hMerge")

# sdt
W_DOCPARTGALLERY: Final = w("docPartGallery")

# notes, headers
W_FOOTNOTE: Final = w("footnote")
W_ENDNOTE: Final = w("endnote")
W_HEADERREF: Final = w("headerReference")
W_FOOTERREF: Final = w("footerReference")

# markup compatibility and math
MC_ALTERNATE: Final = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE: Final = f"{{{MC_NS}}}Choice"
MC_FALLBACK: Final = f"{{{MC_NS}}}Fallback"
M_OMATH: Final = f"{{{M_NS}}}oMath"
M_OMATHPARA: Final = f"{{{M_NS}}}oMathPara"
M_T: Final = f"{{{M_NS}}}t"

_FALSE: Final = frozenset({"0", "false", "off", "none"})


def val(el: Element | None, attr: str = W_VAL) -> str | None:
    """The ``w:val`` (or another attribute) of an optional element."""
    return None if el is None else el.get(attr)


def on_off(el: Element | None) -> bool | None:
    """A WordprocessingML toggle: absent → None; present without val or with a true val → True."""
    if el is None:
        return None
    value = el.get(W_VAL)
    return value is None or value.lower() not in _FALSE


def int_val(el: Element | None, default: int | None = None) -> int | None:
    """An integer ``w:val`` with a default for absent or garbage values (hostile files)."""
    raw = val(el)
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError:
        return default
