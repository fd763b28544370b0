import json

import jsonschema
import yaml

from sourcequiz.schema import SHIPPED, bank_schema

from conftest import DATA, ROOT


def test_shipped_schema_is_current():
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped == bank_schema(), "schema is stale: run `sourcequiz schema --force -o src/sourcequiz/schema/bank.schema.json`"


def test_schema_accepts_the_banks_and_rejects_a_typo():
    validator = jsonschema.Draft202012Validator(bank_schema())
    for path in [DATA / "good" / "starter.yml", *sorted((ROOT / "quizzes").glob("*.yml"))]:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path}: {errors[0].message}"
    bad = yaml.safe_load((DATA / "good" / "starter.yml").read_text(encoding="utf-8"))
    bad["questions"][0]["promt"] = bad["questions"][0].pop("prompt")
    assert list(validator.iter_errors(bad))
