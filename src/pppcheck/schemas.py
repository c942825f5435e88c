"""JSON Schemas pppcheck publishes: rule files, pack manifests and the JSON report.

Generated from the pydantic models, so they cannot drift from what is validated; the copies in
`schemas/` at the top of the repository are checked against these by the tests.
"""

from __future__ import annotations

from typing import Any

from pppcheck.errors import ConfigError


def json_schema(which: str) -> dict[str, Any]:
    from pppcheck.report import AuditRun
    from pppcheck.rules.schema import PackManifest, Rule

    models: dict[str, Any] = {"rule": Rule, "pack": PackManifest, "report": AuditRun}
    model = models.get(which)
    if model is None:
        raise ConfigError(f"unknown schema {which!r}", hint="use rule, pack or report")
    mode = "serialization" if which == "report" else "validation"
    schema: dict[str, Any] = model.model_json_schema(by_alias=True, mode=mode)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", model.__name__)
    return schema
