"""The JSON Schema of a bank file, generated from the models, for editors' YAML plugins."""

from __future__ import annotations

import json
from pathlib import Path

from .model import Bank

SHIPPED = Path(__file__).parent / "schema" / "bank.schema.json"
SCHEMA_ID = "https://sourcequiz.invalid/bank.schema.json"


def bank_schema() -> dict:
    schema = Bank.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "sourcequiz question bank",
        "description": "A bank of quiz questions whose answers cite verbatim evidence from the course's "
                       "sources. Reference: instructors/bank_format.md.",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"
