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
    Total,
)
from generator.kinds import KINDS, ROLES
from generator.layers import Attribution, LayerProperties, LayerSpec

DOC = (Path(__file__).resolve().parent.parent / "docs/data-contract.md").read_text()
DOCUMENTED = set(re.findall(r"`([a-z_0-9]+)`", DOC))
MODELS = [RoundMeta, Section, Figure, TableSpec, Column, Period, Contact, SourceReport, Indicator,
          LayerSpec, LayerProperties, Attribution, Total]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_contract_field_is_documented(model):
    missing = [f for f in model.model_fields if f not in DOCUMENTED]
    assert not missing, f"{model.__name__} fields not in docs/data-contract.md: {missing}"


def test_every_column_type_is_documented():
    # Figure kinds have headings of their own: test_every_registered_kind_has_a_heading.
    missing = [v for v in typing.get_args(ColumnType) if v not in DOCUMENTED]
    assert not missing


def test_the_contract_allows_exactly_the_registered_kinds():
    assert set(typing.get_args(FigureKind)) == set(KINDS)


def _headings(section: str) -> set[str]:
    """The `#### name` headings under the `### section` heading (datasette's test_docs
    checks headings too: a word mentioned in passing does not document anything)."""
    body = DOC.split(f"\n### {section}\n", 1)[1]
    body = re.split(r"\n#{1,3} ", body, maxsplit=1)[0]
    return set(re.findall(r"^#### (\S+)\s*$", body, re.M))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_registered_kind_has_a_heading(kind):
    assert kind in _headings("Figure kinds"), f"no '#### {kind}' under '### Figure kinds'"


def test_every_role_of_every_kind_has_a_heading():
    used = {r for k in KINDS.values() for r in (*k.roles, *k.optional_roles)}
    assert used <= set(ROLES)
    missing = set(ROLES) - _headings("Figure roles")
    assert not missing, f"roles without a '#### role' under '### Figure roles': {missing}"


def test_readme_gives_the_two_commands_first():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    first_block = readme.split("```", 2)[1]
    assert "make site" in first_block and "make test" in first_block


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parent.parent / ".ci/run").read_text()
    assert "make test" in ci
