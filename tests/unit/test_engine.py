"""Engine decisions on real parses of small documents: statuses, modality, evidence, profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pppcheck.api import audit_documents, load_compiled
from pppcheck.engine import evaluate
from pppcheck.ingest import parse_bytes
from pppcheck.matching.compiled import CompiledRuleSet, compile_ruleset
from pppcheck.model import Document
from pppcheck.rules.loader import load_ruleset
from pppcheck.rules.schema import Status

ALL_PROFILES = {"digital": True, "ppp": True, "ai": True, "personal_data": True}


@pytest.fixture(scope="module")
def starter() -> CompiledRuleSet:
    return load_compiled(["starter"])


def doc(text: str, name: str = "tender.md") -> Document:
    return parse_bytes(text.encode("utf-8"), name)


def tmp_pack(folder: Path, rules: dict[str, str], languages: str | None = None) -> CompiledRuleSet:
    """Compile a throw-away pack of one theme `x` whose rule files are `rules` (name → YAML)."""
    head = 'id: t\nversion: "1"\ntitle: t\n'
    if languages:
        head += f"languages: [{languages}]\n"
    (folder / "pack.yaml").write_text(head + "themes: [{id: x, title: x}]\n")
    for name, text in rules.items():
        (folder / f"{name}.yaml").write_text(text)
    return compile_ruleset(load_ruleset([str(folder)]))


def status(
    compiled: CompiledRuleSet, rule: str, text: str, profile: dict[str, bool] | None = None
) -> Status:
    evaluation = evaluate([doc(text)], compiled, profile or ALL_PROFILES, {rule})
    return evaluation.results[0].status


def test_binding_met_optional_partial_negated_missing(starter: CompiledRuleSet) -> None:
    assert status(starter, "S01", "All data collected are the property of the City.") is Status.MET
    assert status(starter, "S02", "The Contractor shall deliver data in CSV.") is Status.MET
    assert status(starter, "S02", "The Contractor may deliver data in CSV.") is Status.PARTIAL
    assert status(starter, "S02", "The Contractor will not deliver data in CSV.") is Status.MISSING
    assert status(starter, "S02", "The platform shall be fast.") is Status.MISSING


def test_hollowing_qualifier_downgrades_met(starter: CompiledRuleSet) -> None:
    text = "The Contractor shall deliver data in CSV where feasible."
    evaluation = evaluate([doc(text)], starter, ALL_PROFILES, {"S02"})
    result = evaluation.results[0]
    assert result.status is Status.PARTIAL
    assert result.reason == "hollowed by “where feasible”"


def test_contrary_wins_over_met_and_both_are_quoted(starter: CompiledRuleSet) -> None:
    text = (
        "# Data\n\nAll data collected are the property of the City.\n\n"
        "# Licence\n\nHowever all sensor data shall belong to the Contractor."
    )
    evaluation = evaluate([doc(text)], starter, ALL_PROFILES, {"S01"})
    result = evaluation.results[0]
    assert result.status is Status.CONTRARY
    kinds = [e.kind.value for e in result.evidence]
    assert kinds == ["contrary", "met"]
    assert result.evidence[0].quote == "However all sensor data shall belong to the Contractor."
    assert result.evidence[0].section == "Licence"


def test_list_items_inherit_the_lead_in_modality(starter: CompiledRuleSet) -> None:
    text = "The Contractor shall:\n\n- deliver the monthly data in CSV;\n- keep records.\n"
    assert status(starter, "S02", text) is Status.MET
    text = "The Contractor may:\n\n- deliver the monthly data in CSV;\n"
    assert status(starter, "S02", text) is Status.PARTIAL


def test_heading_filter_scopes_to_sections(starter: CompiledRuleSet) -> None:
    inside = "# Service levels\n\nThe platform shall be available 99.5% of the time."
    outside = "# Payment\n\nThe City pays 30% on delivery."
    assert status(starter, "S04", inside) is Status.MET
    assert status(starter, "S04", outside) is Status.MISSING


def test_paragraph_scope_for_all(starter: CompiledRuleSet) -> None:
    same = "The contract term is four years. The City shall review the service at year two."
    apart = "The contract term is four years.\n\nThe City shall review the service at year two."
    assert status(starter, "S03", same) is Status.MET
    assert status(starter, "S03", apart) is Status.MISSING


def test_not_applicable_when_profile_does_not_hold(starter: CompiledRuleSet) -> None:
    evaluation = evaluate(
        [doc("The data are the property of the City.")], starter, {"digital": False}, {"S01"}
    )
    result = evaluation.results[0]
    assert result.status is Status.NOT_APPLICABLE
    assert "digital" in result.reason


def test_placeholders_and_toc_are_never_evidence(starter: CompiledRuleSet) -> None:
    text = "[Insert a sentence saying the Contractor shall deliver data in CSV.]"
    assert status(starter, "S02", text) is Status.MISSING


def test_definitions_sections_are_not_obligations(starter: CompiledRuleSet) -> None:
    text = (
        "# Definitions\n\nOpen format means a format such as CSV that the Contractor shall use.\n"
    )
    assert status(starter, "S02", text) is Status.MISSING


def test_evidence_names_file_page_section_and_quote(starter: CompiledRuleSet) -> None:
    text = "# 7 Data\n\n## 7.2 Ownership\n\nAll data collected are the property of the City."
    evaluation = evaluate([doc(text, "cctp.md")], starter, ALL_PROFILES, {"S01"})
    evidence = evaluation.results[0].evidence[0]
    assert evidence.path == "cctp.md"
    assert evidence.section == "7 Data › 7.2 Ownership"
    assert evidence.quote == "All data collected are the property of the City."
    assert evidence.line == 5
    assert evidence.match == "data"


def test_a_bundle_is_one_tender_and_evidence_names_each_file(starter: CompiledRuleSet) -> None:
    notice = doc("The contract term is four years.", "notice.md")
    spec = doc("All datasets shall be delivered in JSON.", "cctp.md")
    evaluation = evaluate([notice, spec], starter, ALL_PROFILES, {"S02"})
    assert evaluation.results[0].status is Status.MET
    assert evaluation.results[0].evidence[0].path == "cctp.md"


def test_a_broken_rule_becomes_an_error_result(tmp_path: Path) -> None:
    compiled = tmp_pack(
        tmp_path,
        {
            "r": ("id: T1\ntitle: t\ntheme: x\nmet: {phrases: [data]}\n"),
        },
    )

    class Boom:
        def hits(self, ctx: object) -> dict[int, list[tuple[int, int]]]:
            raise RuntimeError("boom")

    broken = type(compiled.rules["T1"])(met=Boom(), partial=None, contrary=None, applies=True)  # type: ignore[arg-type]
    compiled.rules["T1"] = broken
    evaluation = evaluate([doc("Some data.")], compiled, ALL_PROFILES)
    assert evaluation.results[0].status is Status.ERROR
    assert "boom" in evaluation.results[0].reason


def test_profile_detection_uses_the_object_of_the_contract() -> None:
    compiled = load_compiled(["starter"])
    digital = doc(
        "# Object of the contract\n\nSupply and operation of a software platform and sensors "
        "for the city, with hosting, an API and a database."
    )
    water = doc("# Object\n\nSupply of bottled water. The data in the invoice shall be correct.")
    assert audit_documents([digital], compiled).profile["digital"].value is True
    assert audit_documents([water], compiled).profile["digital"].value is False


def test_profile_override_wins() -> None:
    compiled = load_compiled(["starter"])
    report = audit_documents([doc("Bottled water.")], compiled, overrides={"digital": True})
    assert report.profile["digital"].value is True
    assert report.profile["digital"].source == "override"


def test_absent_is_a_document_wide_condition(tmp_path: Path) -> None:
    compiled = tmp_pack(
        tmp_path,
        {
            "r": (
                "id: T1\ntitle: t\ntheme: x\nmet_requires: any\n"
                "met: {all: [{phrases: [contract term]}, {absent: {phrases: [tacitly renewed]}}]}\n"
            ),
        },
    )
    assert status(compiled, "T1", "The contract term is two years.") is Status.MET
    text = "The contract term is two years.\n\nLater, it is tacitly renewed."
    assert status(compiled, "T1", text) is Status.MISSING


def test_negation_inside_the_matched_wording_is_the_wording(tmp_path: Path) -> None:
    compiled = tmp_pack(
        tmp_path,
        {
            "r": (
                "id: T1\ntitle: t\ntheme: x\n"
                "contrary: {all: [{phrases: [negotiated procedure]},"
                " {phrases: [without publication nor competition]}]}\n"
            ),
        },
    )
    text = "The negotiated procedure without publication nor competition applies."
    assert status(compiled, "T1", text) is Status.CONTRARY


def test_phrases_apply_only_to_documents_in_their_language(tmp_path: Path) -> None:
    compiled = tmp_pack(
        tmp_path,
        {
            "r": (
                "id: T1\ntitle: t\ntheme: x\nmet_requires: any\n"
                "met: {phrases: {fr: [application]}}\n"
            ),
        },
        languages="en, fr",
    )
    english = "The contractor shall process the application of the bidder for the work."
    french = "Le titulaire doit maintenir l'application pendant la durée du marché."
    assert status(compiled, "T1", english) is Status.MISSING
    assert status(compiled, "T1", french) is Status.MET


def test_a_power_the_buyer_gives_itself_binds_the_contractor(tmp_path: Path) -> None:
    compiled = tmp_pack(
        tmp_path,
        {
            "r": (
                "id: T1\ntitle: t\ntheme: x\nmet_requires: binding\nbuyer_powers: binding\n"
                "met: {phrases: {en: [audit the records], fr: [auditer les comptes]}}\n"
            ),
            "r2": (
                "id: T2\ntitle: t\ntheme: x\nmet_requires: assertive\n"
                "met: {phrases: {en: [publish the contract]}}\n"
            ),
        },
        languages="en, fr",
    )
    assert status(compiled, "T1", "The City may audit the records at any time.") is Status.MET
    assert status(compiled, "T1", "The Contractor may audit the records.") is Status.PARTIAL
    french = "L'acheteur pourra auditer les comptes du titulaire à tout moment du marché."
    assert status(compiled, "T1", french) is Status.MET
    evaluation = evaluate(
        [doc("The City may publish the contract.")], compiled, ALL_PROFILES, {"T2"}
    )
    assert evaluation.results[0].status is Status.PARTIAL
    assert evaluation.results[0].reason == "a power of the buyer, not a commitment"
    assert status(compiled, "T2", "The City shall publish the contract.") is Status.MET


def test_short_documents_need_fewer_profile_signals() -> None:
    compiled = load_compiled(["starter"])
    schedule = doc(
        "# Price schedule\n\n| Item | Price |\n|---|---|\n| Software licence | 10 |\n"
        "| Hosting | 5 |\n| Application maintenance | 8 |\n"
    )
    profile = audit_documents([schedule], compiled).profile["digital"]
    full = compiled.ruleset.profiles["digital"].threshold
    assert profile.threshold == full / 2
    assert profile.value is True


def test_a_portuguese_no_is_not_a_spanish_negation(tmp_path: Path) -> None:
    compiled = tmp_pack(
        tmp_path,
        {
            "r": (
                "id: T1\ntitle: t\ntheme: x\nmet_requires: binding\n"
                "met: {phrases: {pt: [formato aberto], es: [formato abierto]}}\n"
            ),
        },
        languages="en, es",
    )
    portuguese = (
        "A contratada deverá entregar todos os dados coletados no formato aberto definido pela "
        "Prefeitura, com a documentação técnica e os metadados, ao final de cada mês de execução "
        "do contrato e sempre que a fiscalização solicitar."
    )
    document = doc(portuguese)
    assert document.language == "pt"
    assert status(compiled, "T1", portuguese) is Status.MET
    spanish = "El contratista no entregará datos en formato abierto durante el contrato."
    assert status(compiled, "T1", spanish) is Status.MISSING


def test_a_regex_atom_inside_a_longer_word_still_selects_the_sentence(tmp_path: Path) -> None:
    """A regex prefilter atom ("on termination") may stand for a longer one ("upon termination");
    it must be found inside the longer word even when it is also a phrase of another rule."""
    compiled = tmp_pack(
        tmp_path,
        {
            "a": (
                "id: T1\ntitle: t\ntheme: x\nmet_requires: any\nmet: {phrases: [on termination]}\n"
            ),
            "b": (
                "id: T2\ntitle: t\ntheme: x\nmet_requires: any\n"
                "met: {regex: '\\b(?:upon|on) termination\\b[^.]{0,40}\\breturn'}\n"
            ),
        },
    )
    text = "Upon termination, the Contractor shall return all City data."
    assert status(compiled, "T2", text) is Status.MET
    assert status(compiled, "T1", text) is Status.MISSING


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("child_fails", [False, True])
def test_rules_split_over_two_processes_give_the_same_results(
    monkeypatch: pytest.MonkeyPatch, child_fails: bool
) -> None:
    """A long document's rules are evaluated half in a forked copy; a copy that fails only
    costs time (its half is evaluated again here)."""
    from pppcheck import engine, forking

    compiled = load_compiled()
    examples = Path(__file__).resolve().parents[2] / "examples"
    document = parse_bytes(
        (examples / "smart-lighting-concession-strong.docx").read_bytes(), "strong.docx"
    )
    forking.set_processes(1)
    try:
        alone = evaluate([document], compiled)
        monkeypatch.setattr(engine, "SPLIT_SENTENCES", 1)
        monkeypatch.setattr(forking, "cores", lambda: 2)
        forked: list[object] = []
        real_fork = forking.Forked.__init__

        def counting(self: forking.Forked[object], work: object) -> None:
            forked.append(work)
            real_fork(self, work)  # type: ignore[arg-type]

        monkeypatch.setattr(forking.Forked, "__init__", counting)
        if child_fails:  # only the copy pickles its result
            monkeypatch.setattr(forking.pickle, "dumps", _raise_memory_error)
        forking.set_processes(2)
        split = evaluate([document], compiled)
    finally:
        forking.set_processes(2)
    assert len(forked) == 1
    assert split == alone
    assert [r.status for r in split.results].count(Status.MET) > 5


def _raise_memory_error(*args: object, **kwargs: object) -> bytes:
    raise MemoryError
