"""`pppcheck eval`: how far the rule pack agrees with careful human labels.

Labels file (YAML): ``documents: [{document, language, profile: {name: {value, evidence}},
labels: {R01: {status, where, quote, confidence}}}]``. Each document is parsed and audited
with the pack (profiles detected, not taken from the labels, so profile errors count), then
compared entry by entry.

Figures (the bar of the built-in pack):
- exact agreement: predicted status == labelled status, over every entry;
- false assurance: of entries labelled missing, partial or contrary, the share reported met;
- gap detection: covered (met, partial) against not covered (missing, contrary, and anything
  else predicted for an entry labelled applicable), macro-F1 over entries labelled applicable;
- contrary recall: of entries labelled contrary, the share reported contrary;
- per status precision and recall, the confusion matrix, profile accuracy.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pppcheck.api import audit_documents
from pppcheck.errors import ConfigError, PppcheckError
from pppcheck.ingest import parse_file
from pppcheck.matching.compiled import CompiledRuleSet
from pppcheck.model import Document
from pppcheck.rules.yamlio import load_yaml, read_text

STATUSES = ("met", "partial", "missing", "contrary", "not_applicable")
COVERED = {"met", "partial"}


@dataclass
class Entry:
    document: str
    rule_id: str
    label: str
    predicted: str
    label_where: str = ""
    label_quote: str = ""
    confidence: str = ""
    evidence_where: str = ""
    evidence_quote: str = ""
    reason: str = ""


@dataclass
class Metrics:
    entries: list[Entry] = field(default_factory=list)
    profiles: list[tuple[str, str, bool, bool]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter((e.label, e.predicted) for e in self.entries)

    def exact(self) -> float:
        return _ratio(sum(e.label == e.predicted for e in self.entries), len(self.entries))

    def false_assurance(self) -> tuple[float, int, int]:
        pool = [e for e in self.entries if e.label in ("missing", "partial", "contrary")]
        bad = sum(e.predicted == "met" for e in pool)
        return _ratio(bad, len(pool)), bad, len(pool)

    def contrary_recall(self) -> tuple[float, int, int]:
        pool = [e for e in self.entries if e.label == "contrary"]
        found = sum(e.predicted == "contrary" for e in pool)
        return (_ratio(found, len(pool)) if pool else 1.0), found, len(pool)

    def gap_macro_f1(self) -> float:
        pool = [e for e in self.entries if e.label != "not_applicable"]
        scores = []
        for positive in (True, False):
            tp = sum(
                (e.label in COVERED) == positive and (e.predicted in COVERED) == positive
                for e in pool
            )
            fp = sum(
                (e.label in COVERED) != positive and (e.predicted in COVERED) == positive
                for e in pool
            )
            fn = sum(
                (e.label in COVERED) == positive and (e.predicted in COVERED) != positive
                for e in pool
            )
            scores.append(_f1(tp, fp, fn))
        return sum(scores) / 2

    def per_status(self) -> dict[str, tuple[float, float, int]]:
        """status → (precision, recall, support)."""
        table = {}
        for status in STATUSES:
            tp = sum(e.label == status and e.predicted == status for e in self.entries)
            predicted = sum(e.predicted == status for e in self.entries)
            support = sum(e.label == status for e in self.entries)
            table[status] = (_ratio(tp, predicted), _ratio(tp, support), support)
        return table

    def per_rule(self) -> dict[str, tuple[int, int]]:
        """rule id → (entries agreeing, entries)."""
        table: dict[str, tuple[int, int]] = {}
        for entry in self.entries:
            agree, total = table.get(entry.rule_id, (0, 0))
            table[entry.rule_id] = (agree + (entry.label == entry.predicted), total + 1)
        return dict(sorted(table.items()))

    def only(self, rule_ids: set[str]) -> Metrics:
        """The same measurements restricted to some rules."""
        return Metrics(
            entries=[e for e in self.entries if e.rule_id in rule_ids],
            profiles=self.profiles,
            failures=self.failures,
        )

    def profile_accuracy(self) -> float:
        return _ratio(sum(p[2] == p[3] for p in self.profiles), len(self.profiles))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(tp: int, fp: int, fn: int) -> float:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _load_labels(path: Path) -> list[dict[str, Any]]:
    data = load_yaml(read_text(path, ConfigError), str(path), ConfigError)
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise ConfigError("a labels file needs `documents: [...]`", where=str(path))
    return data["documents"]  # type: ignore[no-any-return]


def evaluate_labels(
    labels_path: Path,
    docs: Path,
    compiled: CompiledRuleSet,
    parse: Callable[[Path], Document] = parse_file,
) -> Metrics:
    """Audit every labelled document (read with `parse`) and compare with its labels."""
    metrics = Metrics()
    for item in _load_labels(labels_path):
        name = str(item.get("document", ""))
        try:
            document = parse(docs / name)
            report = audit_documents([document], compiled)
        except PppcheckError as exc:
            metrics.failures.append((name, str(exc)))
            continue
        for profile_name, value in (item.get("profile") or {}).items():
            found = report.profile.get(profile_name)
            if found is not None and isinstance(value, dict):
                metrics.profiles.append((name, profile_name, bool(value.get("value")), found.value))
        results = {r.rule_id: r for r in report.results}
        for rule_id, label in (item.get("labels") or {}).items():
            result = results.get(rule_id)
            if result is None:
                continue
            first = result.evidence[0] if result.evidence else None
            metrics.entries.append(
                Entry(
                    document=name,
                    rule_id=rule_id,
                    label=str(label.get("status")),
                    predicted=result.status.value,
                    label_where=str(label.get("where") or ""),
                    label_quote=str(label.get("quote") or ""),
                    confidence=str(label.get("confidence") or ""),
                    evidence_where=first.where() if first else "",
                    evidence_quote=first.quote if first else "",
                    reason=result.reason,
                )
            )
    return metrics


def summary(metrics: Metrics) -> dict[str, Any]:
    fa, fa_bad, fa_pool = metrics.false_assurance()
    cr, cr_found, cr_pool = metrics.contrary_recall()
    return {
        "documents": len({e.document for e in metrics.entries}),
        "entries": len(metrics.entries),
        "exact_agreement": round(metrics.exact(), 4),
        "false_assurance": round(fa, 4),
        "false_assurance_counts": [fa_bad, fa_pool],
        "gap_detection_macro_f1": round(metrics.gap_macro_f1(), 4),
        "contrary_recall": round(cr, 4),
        "contrary_recall_counts": [cr_found, cr_pool],
        "profile_accuracy": round(metrics.profile_accuracy(), 4),
        "per_status": {
            s: {"precision": round(p, 4), "recall": round(r, 4), "support": n}
            for s, (p, r, n) in metrics.per_status().items()
        },
        "failures": metrics.failures,
    }


def render_metrics_json(metrics: Metrics) -> str:
    data = summary(metrics)
    data["confusion"] = {f"{a}->{b}": n for (a, b), n in sorted(metrics.confusion().items())}
    data["entries_detail"] = [asdict(e) for e in metrics.entries]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_metrics_text(metrics: Metrics, show: int) -> str:
    data = summary(metrics)
    out = [
        f"documents {data['documents']} · entries {data['entries']}",
        f"exact agreement        {data['exact_agreement']:.1%}   (bar ≥ 75%)",
        f"false assurance        {data['false_assurance']:.1%}   "
        f"({data['false_assurance_counts'][0]} of "
        f"{data['false_assurance_counts'][1]} gaps reported met; bar ≤ 5%)",
        f"gap detection macro-F1 {data['gap_detection_macro_f1']:.3f}   (bar ≥ 0.85)",
        f"contrary recall        {data['contrary_recall']:.1%}   "
        f"({data['contrary_recall_counts'][0]} of "
        f"{data['contrary_recall_counts'][1]}; bar ≥ 80%)",
        f"profile accuracy       {data['profile_accuracy']:.1%}",
        "",
        f"{'status':<16}{'precision':>10}{'recall':>10}{'support':>9}",
    ]
    for status, values in data["per_status"].items():
        out.append(
            f"{status:<16}{values['precision']:>10.2f}{values['recall']:>10.2f}{values['support']:>9}"
        )
    confusion = metrics.confusion()
    out += [
        "",
        "confusion (rows: label, columns: predicted)",
        f"{'':<16}" + "".join(f"{s[:9]:>10}" for s in STATUSES),
    ]
    for label in STATUSES:
        out.append(f"{label:<16}" + "".join(f"{confusion[(label, p)]:>10}" for p in STATUSES))
    out += ["", "agreement per rule:"]
    cells = [f"{rule} {agree}/{total}" for rule, (agree, total) in metrics.per_rule().items()]
    out += ["  " + "   ".join(cells[i : i + 8]) for i in range(0, len(cells), 8)]
    wrong_profiles = [p for p in metrics.profiles if p[2] != p[3]]
    if wrong_profiles:
        out += ["", "profile disagreements:"]
        out += [
            f"  {d}: {name} labelled {lab}, detected {got}" for d, name, lab, got in wrong_profiles
        ]
    for name, error in metrics.failures:
        out.append(f"FAILED {name}: {error}")
    disagreements = [e for e in metrics.entries if e.label != e.predicted]
    if show != 0 and disagreements:
        out += ["", f"disagreements ({len(disagreements)}):"]
        for entry in disagreements if show < 0 else disagreements[:show]:
            out.append(
                f"- {entry.document} {entry.rule_id}: label {entry.label}, "
                f"predicted {entry.predicted} ({entry.reason})"
            )
            if entry.label_quote:
                out.append(f"    label     {entry.label_where}: “{entry.label_quote[:200]}”")
            if entry.evidence_quote:
                out.append(f"    pppcheck  {entry.evidence_where}: “{entry.evidence_quote[:200]}”")
    return "\n".join(out) + "\n"
