"""pppcheck's own words in the reports people read (Markdown, HTML, Word), in en, fr and es.

Quotes are always the document's own words; the rule texts (titles, remediation, model
clauses) already come in the report language from the pack. These labels are the rest: headings,
column names and statuses, so that a French memo reads as French from top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

from pppcheck.rules.schema import Severity, Status


@dataclass(frozen=True)
class Labels:
    lang: str
    report_title: str
    memo_title: str
    memo_intro: str
    summary: str
    document: str
    pages: str
    language: str
    pack: str
    score: str
    applicable: str
    profile: str
    detected: str
    set_by_user: str
    themes: str
    theme: str
    gaps: str
    rule: str
    status: str
    severity: str
    weight: str
    where: str
    evidence: str
    not_found: str
    what_to_write: str
    model_clause: str
    rationale: str
    source: str
    works_against: str
    missing: str
    weak: str
    could_not_run: str
    covered: str
    not_applicable: str
    needs: str
    waived: str
    waived_by: str
    without_waived: str
    expires: str
    policy: str
    policy_none: str
    passed: str
    failed: str
    notes: str
    errors: str
    formula: str
    no_gaps: str
    statuses: dict[Status, str]
    severities: dict[Severity, str]
    kinds: dict[str, str]


EN = Labels(
    lang="en",
    report_title="Gap report",
    memo_title="Tender review memo",
    memo_intro=(
        "This memo lists what the tender covers, what is weak, what is missing and what works "
        "against the city, with the place in the document and a clause to insert for each gap."
    ),
    summary="Summary",
    document="Document",
    pages="pages",
    language="language",
    pack="Rule pack",
    score="Score",
    applicable="applicable",
    profile="Profile",
    detected="detected",
    set_by_user="set by the user",
    themes="Scores by theme",
    theme="Theme",
    gaps="Gaps",
    rule="Rule",
    status="Status",
    severity="Severity",
    weight="Weight",
    where="Where",
    evidence="Evidence",
    not_found="not found in the document",
    what_to_write="What to write",
    model_clause="Model clause to insert",
    rationale="Why it matters",
    source="Source",
    works_against="Works against the city",
    missing="Missing",
    weak="Weak",
    could_not_run="Rules that could not run",
    covered="Covered",
    not_applicable="Not applicable",
    needs="needs",
    waived="waived",
    waived_by="Waived",
    without_waived="without the waived rules",
    expires="until",
    policy="Policy",
    policy_none="none set",
    passed="passed",
    failed="FAILED",
    notes="Notes",
    errors="Could not audit",
    formula="Score formula",
    no_gaps="No gaps.",
    statuses={
        Status.MET: "met",
        Status.PARTIAL: "partial",
        Status.MISSING: "missing",
        Status.CONTRARY: "contrary",
        Status.NOT_APPLICABLE: "not applicable",
        Status.ERROR: "error",
    },
    severities={
        Severity.CRITICAL: "critical",
        Severity.MAJOR: "major",
        Severity.MINOR: "minor",
        Severity.INFO: "info",
    },
    kinds={
        "met": "met",
        "weak": "weak",
        "partial": "partial",
        "contrary": "contrary",
        "profile": "profile",
    },
)

FR = Labels(
    lang="fr",
    report_title="Rapport d'écarts",
    memo_title="Note d'analyse du dossier de consultation",
    memo_intro=(
        "Cette note indique ce que le dossier couvre, ce qui est faible, ce qui manque et ce qui "
        "va contre l'intérêt de la collectivité, avec l'endroit du document et, pour chaque "
        "écart, une clause à insérer."
    ),
    summary="Synthèse",
    document="Document",
    pages="pages",
    language="langue",
    pack="Référentiel",
    score="Score",
    applicable="applicables",
    profile="Profil",
    detected="détecté",
    set_by_user="fixé par l'utilisateur",
    themes="Scores par thème",
    theme="Thème",
    gaps="Écarts",
    rule="Règle",
    status="Statut",
    severity="Gravité",
    weight="Poids",
    where="Emplacement",
    evidence="Extrait",
    not_found="absent du document",
    what_to_write="Ce qu'il faut écrire",
    model_clause="Clause type à insérer",
    rationale="Pourquoi c'est important",
    source="Source",
    works_against="Va contre l'intérêt de la collectivité",
    missing="Absent",
    weak="Faible",
    could_not_run="Règles non évaluées",
    covered="Couvert",
    not_applicable="Sans objet",
    needs="requiert",
    waived="dérogation",
    waived_by="Dérogation",
    without_waived="sans les règles dérogées",
    expires="jusqu'au",
    policy="Politique",
    policy_none="aucune",
    passed="respectée",
    failed="NON RESPECTÉE",
    notes="Remarques",
    errors="Non analysés",
    formula="Formule du score",
    no_gaps="Aucun écart.",
    statuses={
        Status.MET: "satisfait",
        Status.PARTIAL: "partiel",
        Status.MISSING: "absent",
        Status.CONTRARY: "contraire",
        Status.NOT_APPLICABLE: "sans objet",
        Status.ERROR: "erreur",
    },
    severities={
        Severity.CRITICAL: "critique",
        Severity.MAJOR: "majeure",
        Severity.MINOR: "mineure",
        Severity.INFO: "info",
    },
    kinds={
        "met": "satisfait",
        "weak": "faible",
        "partial": "partiel",
        "contrary": "contraire",
        "profile": "profil",
    },
)

ES = Labels(
    lang="es",
    report_title="Informe de brechas",
    memo_title="Nota de revisión del pliego",
    memo_intro=(
        "Esta nota indica qué cubre el pliego, qué es débil, qué falta y qué va en contra del "
        "municipio, con el lugar en el documento y, para cada brecha, una cláusula a insertar."
    ),
    summary="Resumen",
    document="Documento",
    pages="páginas",
    language="idioma",
    pack="Conjunto de reglas",
    score="Puntuación",
    applicable="aplicables",
    profile="Perfil",
    detected="detectado",
    set_by_user="fijado por el usuario",
    themes="Puntuación por tema",
    theme="Tema",
    gaps="Brechas",
    rule="Regla",
    status="Estado",
    severity="Gravedad",
    weight="Peso",
    where="Ubicación",
    evidence="Extracto",
    not_found="no se encuentra en el documento",
    what_to_write="Qué redactar",
    model_clause="Cláusula modelo a insertar",
    rationale="Por qué importa",
    source="Fuente",
    works_against="Va en contra del municipio",
    missing="Ausente",
    weak="Débil",
    could_not_run="Reglas no evaluadas",
    covered="Cubierto",
    not_applicable="No aplicable",
    needs="requiere",
    waived="dispensa",
    waived_by="Dispensa",
    without_waived="sin las reglas dispensadas",
    expires="hasta",
    policy="Política",
    policy_none="ninguna",
    passed="cumplida",
    failed="NO CUMPLIDA",
    notes="Notas",
    errors="No analizados",
    formula="Fórmula de la puntuación",
    no_gaps="Sin brechas.",
    statuses={
        Status.MET: "cumplido",
        Status.PARTIAL: "parcial",
        Status.MISSING: "ausente",
        Status.CONTRARY: "contrario",
        Status.NOT_APPLICABLE: "no aplicable",
        Status.ERROR: "error",
    },
    severities={
        Severity.CRITICAL: "crítica",
        Severity.MAJOR: "mayor",
        Severity.MINOR: "menor",
        Severity.INFO: "info",
    },
    kinds={
        "met": "cumplido",
        "weak": "débil",
        "partial": "parcial",
        "contrary": "contrario",
        "profile": "perfil",
    },
)

LABELS: dict[str, Labels] = {"en": EN, "fr": FR, "es": ES}


def labels_for(lang: str) -> Labels:
    """Labels in `lang`, English when pppcheck does not speak it."""
    return LABELS.get(lang, EN)
