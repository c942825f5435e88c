"""The Report: everything a renderer may show, built once, sorted, and policy-checked.

Renderers see only these models. Sorting, the policy decision and the exit code are settled
here, before any rendering, so that no display option can change what CI is told.
The JSON form of `AuditRun` is the contract other tools rely on; its schema is published in
`schemas/report.schema.json` (`pppcheck schema report`).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import Field

from pppcheck import __version__
from pppcheck.engine import Evaluation
from pppcheck.model import DocFormat, Document, Frozen, TextStatus
from pppcheck.policy import Policy, PolicyOutcome, check_policy
from pppcheck.results import ProfileValue, RuleResult
from pppcheck.rules.ruleset import RuleSet
from pppcheck.rules.schema import Severity, Status, pick_text
from pppcheck.scoring import Counts, Score, score

SCHEMA_VERSION = "1.0"

SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2, Severity.INFO: 3}
STATUS_ORDER = {
    Status.CONTRARY: 0,
    Status.MISSING: 1,
    Status.PARTIAL: 2,
    Status.ERROR: 3,
    Status.MET: 4,
    Status.NOT_APPLICABLE: 5,
}


class ToolInfo(Frozen):
    name: str = "pppcheck"
    version: str = __version__


class PackInfo(Frozen):
    id: str
    version: str
    rules: int


class DocumentFacts(Frozen):
    path: str
    format: DocFormat
    pages: int | None
    language: str
    sha256: str
    size: int
    title: str | None = None
    blocks: int = 0
    text_status: TextStatus = TextStatus.OK
    empty_pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()


class ReportStatus(StrEnum):
    AUDITED = "audited"
    NO_TEXT = "no_text"  # nothing to audit: OCR needed


class Report(Frozen):
    """The audit of one document or one tender bundle."""

    status: ReportStatus = ReportStatus.AUDITED
    message: str = ""
    documents: tuple[DocumentFacts, ...]
    language: str
    profile: dict[str, ProfileValue] = Field(default_factory=dict)
    score: Score
    pack: PackInfo
    results: tuple[RuleResult, ...] = ()
    policy: PolicyOutcome


class RunError(Frozen):
    """A document that could not be audited, in a run that went on with the others."""

    path: str
    error: str
    hint: str = ""


class AuditRun(Frozen):
    """What `pppcheck audit` produced: the JSON report's top level."""

    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo = Field(default_factory=ToolInfo)
    reports: tuple[Report, ...] = ()
    errors: tuple[RunError, ...] = ()
    warnings: tuple[str, ...] = Field(
        default=(), description="things the user should know: expired or unused waivers, ..."
    )


def facts(document: Document) -> DocumentFacts:
    return DocumentFacts(
        path=document.path,
        format=document.format,
        pages=document.pages,
        language=document.language,
        sha256=document.sha256,
        size=document.size,
        title=document.title,
        blocks=len(document.blocks),
        text_status=document.text_status,
        empty_pages=document.empty_pages,
        warnings=document.warnings,
    )


def sort_results(results: Sequence[RuleResult]) -> tuple[RuleResult, ...]:
    """Gaps first (contrary, missing, partial), heaviest and most severe first, then by id."""
    return tuple(
        sorted(
            results,
            key=lambda r: (
                STATUS_ORDER[r.status],
                SEVERITY_ORDER[r.severity],
                -r.weight,
                _id_key(r.rule_id),
            ),
        )
    )


def _id_key(rule_id: str) -> tuple[str, int, str]:
    head = rule_id.rstrip("0123456789")
    tail = rule_id[len(head) :]
    return (head, int(tail) if tail else -1, rule_id)


def pack_info(ruleset: RuleSet) -> PackInfo:
    return PackInfo(id=ruleset.id, version=ruleset.version, rules=len(ruleset.rules))


def build_report(
    documents: Sequence[Document],
    ruleset: RuleSet,
    evaluation: Evaluation,
    policy: Policy,
) -> Report:
    """Assemble the report of an audited document (or bundle) and decide its policy outcome."""
    scored = score(evaluation.results)
    results = sort_results(_with_rationale(evaluation.results, ruleset, evaluation.language))
    return Report(
        documents=tuple(facts(d) for d in documents),
        language=evaluation.language,
        profile=evaluation.profile,
        score=scored,
        pack=pack_info(ruleset),
        results=results,
        policy=check_policy(policy, scored, results),
    )


def _with_rationale(results: Sequence[RuleResult], ruleset: RuleSet, lang: str) -> list[RuleResult]:
    """Add why each rule matters, in the report language (SARIF, HTML and the memo show it)."""
    enriched = []
    for result in results:
        rule = ruleset.rule(result.rule_id)
        rationale = pick_text(rule.rationale, lang) if rule is not None else ""
        enriched.append(result.model_copy(update={"rationale": rationale}))
    return enriched


def with_results(report: Report, results: Sequence[RuleResult]) -> Report:
    """The report with changed results (e.g. waivers applied): rescored, policy decided again."""
    scored = score(results)
    ordered = sort_results(results)
    outcome = check_policy(report.policy.policy, scored, ordered)
    return report.model_copy(update={"score": scored, "results": ordered, "policy": outcome})


def with_help_uris(report: Report, template: str) -> Report:
    """Point every rule to a help page: ``{rule_id}``, ``{pack}`` and ``{theme}`` are filled."""
    results = tuple(
        r.model_copy(
            update={
                "help_uri": template.format(rule_id=r.rule_id, pack=report.pack.id, theme=r.theme)
            }
        )
        for r in report.results
    )
    return report.model_copy(update={"results": results})


def no_text_report(documents: Sequence[Document], ruleset: RuleSet, policy: Policy) -> Report:
    """A document without a text layer: say so, never score it 0 as if it had been read."""
    pages = ", ".join(str(d.pages or "?") for d in documents)
    empty = Score(overall=None, themes=(), counts=Counts())
    return Report(
        status=ReportStatus.NO_TEXT,
        message=f"no extractable text ({pages} page(s) without a text layer): OCR needed",
        documents=tuple(facts(d) for d in documents),
        language="und",
        score=empty,
        pack=pack_info(ruleset),
        policy=PolicyOutcome(
            passed=False, reasons=("no extractable text: OCR needed",), policy=policy
        ),
    )
