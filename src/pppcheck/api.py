"""The audit of one document or one tender bundle, as a library call.

`audit_documents` is the whole pipeline after parsing: evaluate → score → report, with the
policy decided in the report. The CLI and the batch runner both call it; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from pppcheck.engine import evaluate
from pppcheck.ingest import parse_file
from pppcheck.limits import DEFAULT_LIMITS, Limits
from pppcheck.matching.compiled import CompiledRuleSet
from pppcheck.model import Document, TextStatus
from pppcheck.policy import Policy
from pppcheck.report import Report, build_report, no_text_report
from pppcheck.rules.loader import BUILTIN_PACK


def load_compiled(refs: Sequence[str] = (BUILTIN_PACK,)) -> CompiledRuleSet:
    """Load and compile packs (paths or built-in names), through the compiled-pack cache."""
    from pppcheck import pack_cache

    return pack_cache.load_compiled(refs)


def audit_documents(
    documents: Sequence[Document],
    compiled: CompiledRuleSet,
    policy: Policy | None = None,
    overrides: Mapping[str, bool] | None = None,
) -> Report:
    """Audit parsed documents as one tender."""
    policy = policy or Policy()
    if all(d.text_status is TextStatus.NO_TEXT for d in documents):
        return no_text_report(documents, compiled.ruleset, policy)
    readable = [d for d in documents if d.text_status is not TextStatus.NO_TEXT]
    evaluation = evaluate(readable, compiled, overrides)
    return build_report(documents, compiled.ruleset, evaluation, policy)


def audit(
    path: str | Path,
    compiled: CompiledRuleSet | None = None,
    policy: Policy | None = None,
    overrides: Mapping[str, bool] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """Parse and audit one file with the built-in pack unless another is given."""
    compiled = compiled or load_compiled()
    return audit_documents([parse_file(path, limits)], compiled, policy, overrides)
