"""JSON report: the stable contract for other tools (schema in schemas/report.schema.json)."""

from __future__ import annotations

import json

from pppcheck.render import RenderOptions
from pppcheck.report import AuditRun


def render_json(run: AuditRun, options: RenderOptions) -> str:
    """Indented, key order fixed by the models, non-ASCII kept readable."""
    return json.dumps(run.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
