from generator.contract import Figure
from generator.validate import FIGURE_ROLES


def test_every_figure_kind_has_its_roles_declared():
    kinds = Figure.model_fields["kind"].annotation.__args__
    assert set(kinds) == set(FIGURE_ROLES)
