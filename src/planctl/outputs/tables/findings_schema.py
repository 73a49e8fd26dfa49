"""The JSON Schema of `planctl check --format json`, generated from the registry of codes.

A CI script that reads the report can validate it, and see in the schema what each code means
and how severe it is. A copy is committed as `schema/findings.schema.json`
(`python -m planctl.outputs.tables.findings_schema > schema/findings.schema.json`); a test
keeps it equal to this output and checks `check`'s own reports against it.
"""

from __future__ import annotations

from typing import Any

from planctl.outputs.jsontext import json_text
from planctl.outputs.tables.check_report import JSON_VERSION
from planctl.plan.findings import Severity
from planctl.rules.registry import CODES

_SEVERITY = {"enum": [severity.value for severity in Severity]}
_COUNT = {"type": "integer", "minimum": 0}
_CODE = {"$ref": "#/$defs/code"}


def _code() -> dict[str, Any]:
    """Each code as a constant, with its severity and one-line meaning."""
    return {
        "description": "the check code (`planctl explain CODE` tells more)",
        "oneOf": [
            {"const": code.code, "description": f"{code.severity.value}: {code.summary}"}
            for code in CODES.values()
        ],
    }


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def findings_schema() -> dict[str, Any]:
    """The schema of the report's one JSON object."""
    text = {"type": "string"}
    finding = _object(
        {
            "file": text,
            "line": {"type": "integer", "minimum": 1},
            "column": {"type": "integer", "minimum": 1},
            "severity": _SEVERITY,
            "code": _CODE,
            "message": text,
            "path": {**text, "description": "the YAML path, parts[10].tables[0].items[0]"},
            "hint": text,
        }
    )
    omitted = _object({"file": text, "code": _CODE, "severity": _SEVERITY, "count": _COUNT})
    report = _object(
        {
            "version": {"const": JSON_VERSION},
            "files": _COUNT,
            "errors": _COUNT,
            "warnings": _COUNT,
            "unreadable": {"type": "array", "items": text},
            "findings": {"type": "array", "items": finding},
            "omitted": {"type": "array", "items": omitted},
        }
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "planctl check --format json",
        **report,
        "$defs": {"code": _code()},
    }


if __name__ == "__main__":
    print(json_text(findings_schema()), end="")
