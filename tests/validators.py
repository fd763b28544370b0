"""The independent checkers of export formats, loaded from ../shared/validators (offline)."""

from __future__ import annotations

from sourcequiz.export import schemas
from sourcequiz.export.schemas import without_namespaces  # noqa: F401 - part of this module's interface

from conftest import SHARED

VALIDATORS = SHARED / "validators"


def qti21_schema():
    return schemas.xml_schema(VALIDATORS, schemas.QTI21_XSD)


def content_package_schema():
    return schemas.xml_schema(VALIDATORS, schemas.CP_XSD)


def qti12_dtd():
    return schemas.dtd(VALIDATORS, schemas.QTI12_DTD)


def assert_valid(schema, root, what: str) -> None:
    problems = schemas.errors(schema, root)
    if problems:
        raise AssertionError(f"{what} is not valid: {'; '.join(problems)}")
