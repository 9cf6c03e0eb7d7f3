"""Every field of the data contract is documented (after datasette's test_docs)."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

from generator.contract import (
    Column,
    ColumnType,
    Contact,
    Figure,
    FigureKind,
    Indicator,
    Period,
    RoundMeta,
    Section,
    SourceReport,
    TableSpec,
)

DOC = (Path(__file__).resolve().parent.parent / "docs/data-contract.md").read_text()
DOCUMENTED = set(re.findall(r"`([a-z_0-9]+)`", DOC))
MODELS = [RoundMeta, Section, Figure, TableSpec, Column, Period, Contact, SourceReport, Indicator]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_contract_field_is_documented(model):
    missing = [f for f in model.model_fields if f not in DOCUMENTED]
    assert not missing, f"{model.__name__} fields not in docs/data-contract.md: {missing}"


@pytest.mark.parametrize("alias", [ColumnType, FigureKind], ids=["column types", "figure kinds"])
def test_every_allowed_value_is_documented(alias):
    missing = [v for v in typing.get_args(alias) if v not in DOCUMENTED]
    assert not missing


def test_readme_gives_the_two_commands_first():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    first_block = readme.split("```", 2)[1]
    assert "make site" in first_block and "make test" in first_block


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parent.parent / ".ci/run").read_text()
    assert "make test" in ci
