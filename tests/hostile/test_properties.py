"""Property-based tests: whatever the bytes, the parsers and the pack loader answer cleanly.

* `parse_bytes` on arbitrary bytes, on mutated valid DOCX, ODT, PDF, HTML, Markdown and text,
  and on packages whose XML parts are mutated inside a valid zip: a `Document`, or a
  `PppcheckError` with a specific message. A library's own exception wrapped as "cannot read
  the document (…)" counts as a failure too: every problem must be named.
* the pack loader on arbitrary YAML-ish text and on mutated real rule files: a `RuleSet`, or a
  `PackError` whose every problem is placed at ``file:line``.

The fuzzing run (fuzz/fuzz_parsers.py) does the same for minutes in isolated processes; these
tests keep a few hundred examples in the normal suite.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pppcheck.errors import PackError, PppcheckError
from pppcheck.ingest import parse_bytes
from pppcheck.limits import Limits
from pppcheck.model import Document
from pppcheck.rules.loader import PackProblems, load_ruleset
from tests.hostile.build import (
    GOOD_TEXT,
    PACK_YAML,
    RULE_YAML,
    good_docx,
    good_odt,
    good_pdf,
)

LIMITS = Limits(timeout_seconds=30, max_chars=2_000_000, max_pages=50)
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
GENERIC = "cannot read the document ("
"""How `parse_bytes` wraps an exception no parser named: a gap in the error handling."""

HTML = (
    "<!DOCTYPE html><html><head><title>Tender</title></head><body><h1>1. Object</h1>"
    f"<p>{GOOD_TEXT}</p><ul><li>one</li><li>two</li></ul>"
    "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table></body></html>"
).encode()
MARKDOWN = (
    f"---\ntitle: Tender\n---\n# 1. Object\n\n{GOOD_TEXT}\n\n- one\n- two\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n\n```\ncode\n```\n"
).encode()
TEXT = (f"1. OBJECT\n\n{GOOD_TEXT}\n\n- one\n- two\n\f2. TERM\n\nThree years.\n").encode()

SEEDS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "docx": ("tender.docx", good_docx),
    "odt": ("tender.odt", good_odt),
    "pdf": ("tender.pdf", good_pdf),
    "html": ("tender.html", lambda: HTML),
    "markdown": ("tender.md", lambda: MARKDOWN),
    "text": ("tender.txt", lambda: TEXT),
}
_SEED_BYTES: dict[str, bytes] = {}


def seed(kind: str) -> bytes:
    if kind not in _SEED_BYTES:
        _SEED_BYTES[kind] = SEEDS[kind][1]()
    return _SEED_BYTES[kind]


def check_parse(data: bytes, name: str) -> None:
    """The property: a Document, or a PppcheckError that names the problem."""
    try:
        document = parse_bytes(data, name, LIMITS)
    except PppcheckError as exc:
        assert exc.message and exc.hint, exc
        assert not exc.message.startswith(GENERIC), exc.message
        assert exc.where == name
        return
    assert isinstance(document, Document)


# A mutation: (operation, position as a fraction of the length, bytes).
Mutation = tuple[str, float, bytes]
mutations = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate", "overwrite"]),
        st.floats(min_value=0, max_value=1, allow_nan=False),
        st.binary(min_size=1, max_size=64),
    ),
    min_size=1,
    max_size=8,
)


def mutate(data: bytes, ops: list[Mutation]) -> bytes:
    out = bytearray(data)
    for op, where, payload in ops:
        at = min(len(out), int(where * len(out)))
        if op == "flip" and out:
            at = min(at, len(out) - 1)
            out[at] ^= payload[0] or 0xFF
        elif op == "insert":
            out[at:at] = payload
        elif op == "delete":
            del out[at : at + len(payload)]
        elif op == "truncate":
            del out[at:]
        elif op == "duplicate":
            out[at:at] = out[at : at + 256]
        elif op == "overwrite":
            out[at : at + len(payload)] = payload
    return bytes(out)


def repack(data: bytes, member: str, edit: Callable[[bytes], bytes]) -> bytes:
    """The same zip package with one member's bytes edited (every other member kept)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info, content in parts:
            body = edit(content) if info.filename == member else content
            archive.writestr(info.filename, body, compress_type=info.compress_type)
    return out.getvalue()


# --------------------------------------------------------------------------------- parsers


@SETTINGS
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(["", *[n for n, _ in SEEDS.values()]]))
def test_arbitrary_bytes(data: bytes, suffix: str) -> None:
    check_parse(data, suffix or "input")


@SETTINGS
@given(head=st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                             b"<html>", b"# ", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf"]),
       tail=st.binary(max_size=4096))  # fmt: skip
def test_magic_bytes_followed_by_anything(head: bytes, tail: bytes) -> None:
    check_parse(head + tail, "input.bin")


@pytest.mark.parametrize("kind", list(SEEDS))
def test_seeds_parse(kind: str) -> None:
    name, _ = SEEDS[kind]
    document = parse_bytes(seed(kind), name, LIMITS)
    assert document.blocks


@pytest.mark.parametrize("kind", list(SEEDS))
@SETTINGS
@given(ops=mutations)
def test_mutated_documents(kind: str, ops: list[Mutation]) -> None:
    name, _ = SEEDS[kind]
    check_parse(mutate(seed(kind), ops), name)


@pytest.mark.parametrize(
    ("kind", "member"), [("docx", "word/document.xml"), ("docx", "word/styles.xml"),
                         ("odt", "content.xml")]
)  # fmt: skip
@SETTINGS
@given(ops=mutations)
def test_mutated_xml_inside_a_valid_package(kind: str, member: str, ops: list[Mutation]) -> None:
    name, _ = SEEDS[kind]
    check_parse(repack(seed(kind), member, lambda xml: mutate(xml, ops)), name)


xml_names = st.sampled_from(
    ["w:p", "w:r", "w:t", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent", "w:ins", "w:del",
     "w:hyperlink", "w:fldSimple", "w:numPr", "w:pPr", "w:pStyle", "w:br", "w:tab", "w:gridSpan",
     "w:vMerge", "w:footnoteReference", "w:txbxContent", "w:body"]
)  # fmt: skip


@st.composite
def wordml(draw: st.DrawFn, depth: int = 0) -> str:
    """Random but well-formed WordprocessingML: the parser's logic, not the XML layer."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        tag = draw(xml_names)
        attrs = draw(
            st.sampled_from(['', ' w:val="2"', ' w:val="-1"', ' w:val="x"', ' w:id="0"',
                             ' w:val="99999999999"', ' w:ilvl="8" w:numId="1"'])
        )  # fmt: skip
        if depth < 5 and draw(st.booleans()):
            inner = draw(wordml(depth + 1))
        else:
            inner = draw(st.text(alphabet="ab <>&é\t", max_size=20))
            inner = inner.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(parts)


@SETTINGS
@given(body=wordml())
def test_random_wordprocessingml(body: str) -> None:
    def replace(xml: bytes) -> bytes:
        start = xml.index(b"<w:body>") + len(b"<w:body>")
        return xml[:start] + body.encode() + xml[start:]

    check_parse(repack(seed("docx"), "word/document.xml", replace), "tender.docx")


# --------------------------------------------------------------------------------- packs

yamlish = st.text(
    alphabet=st.sampled_from(list("abcdeimnprstwy_:-[]{},&*!?|>#'\"%@`\\ \n\t0123456789.")),
    max_size=400,
)


def check_pack(tmp_path: Path, text: str | bytes, name: str = "rule.yaml") -> None:
    """The property: a RuleSet, or PackErrors each placed at ``file:line``."""
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    path = folder / name
    path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    try:
        load_ruleset([str(folder)])
    except PackError as exc:
        problems = exc.problems if isinstance(exc, PackProblems) else [exc]
        for problem in problems:
            assert problem.message and problem.hint
            assert re.fullmatch(rf"{re.escape(str(path))}:\d+", problem.where or ""), (
                problem.where,
                problem.message,
            )


@SETTINGS
@given(text=yamlish)
def test_arbitrary_yamlish_rule_files(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    check_pack(tmp_path_factory.mktemp("p"), text)


@SETTINGS
@given(text=st.text(max_size=300))
def test_arbitrary_unicode_rule_files(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    check_pack(tmp_path_factory.mktemp("p"), text)


def _starter_rules() -> list[str]:
    root = Path(__file__).resolve().parents[2] / "rules" / "starter"
    texts = [RULE_YAML]
    files = sorted(p for p in root.glob("*.yaml") if p.stem != "pack")
    texts += [p.read_text(encoding="utf-8") for p in files]
    return texts


RULE_TEXTS = _starter_rules()


@SETTINGS
@given(
    index=st.integers(0, len(RULE_TEXTS) - 1),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["drop", "dup", "indent", "dedent", "token", "swap"]),
            st.integers(0, 200),
            st.sampled_from(["", "x", "- ", ": ", "[", "]", "{", "}", "&a ", "*a", "!!str ",
                             "!!python/object:os.system ", "12", "-1", "null", "yes", "'", '"',
                             "regex: '(a+)+\\\\1'", "vocab: nowhere", "theme: nope", "id: S01"]),
        ),
        min_size=1,
        max_size=5,
    ),
)  # fmt: skip
def test_mutated_real_rule_files(
    tmp_path_factory: pytest.TempPathFactory, index: int, edits: list[tuple[str, int, str]]
) -> None:
    lines = RULE_TEXTS[index].splitlines()
    for op, where, token in edits:
        if not lines:
            break
        at = where % len(lines)
        if op == "drop":
            del lines[at]
        elif op == "dup":
            lines.insert(at, lines[at])
        elif op == "indent":
            lines[at] = "  " + lines[at]
        elif op == "dedent":
            lines[at] = lines[at].lstrip()
        elif op == "token":
            column = where % (len(lines[at]) + 1)
            lines[at] = lines[at][:column] + token + lines[at][column:]
        elif op == "swap" and len(lines) > 1:
            other = (at + 1) % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
    check_pack(tmp_path_factory.mktemp("p"), "\n".join(lines) + "\n")
