"""Countries by ISO 3166-1 alpha-3 code, named from pycountry (the ISO data, maintained).

A country is data: its code comes from round.yml and from a boundary layer's sidecar,
its English name from ISO's list, not from a table in the code.
"""

from __future__ import annotations

import pycountry
from babel import Locale

from generator.suggest import did_you_mean


def _lookup(alpha3: str):  # type: ignore[no-untyped-def]
    return pycountry.countries.get(alpha_3=alpha3) if isinstance(alpha3, str) else None


def country_name(alpha3: str, lang: str = "en") -> str:
    """The short name ("Kazakhstan", "Kyrgyzstan"; in Russian "Казахстан", from CLDR via
    Babel); the code if ISO has none."""
    country = _lookup(alpha3)
    if country is None:
        return alpha3
    if lang != "en":
        local = Locale.parse(lang).territories.get(country.alpha_2)
        if local:
            return local
    # common_name is ISO's everyday form where the short name is formal
    # ("Bolivia" for "Bolivia, Plurinational State of").
    return getattr(country, "common_name", None) or country.name


def code_problem(alpha3: str) -> str | None:
    """Why `alpha3` is not an ISO 3166-1 alpha-3 country code, or None if it is one."""
    if _lookup(alpha3) is not None:
        return None
    codes = [c.alpha_3 for c in pycountry.countries]
    return (f"{alpha3!r} is not an ISO 3166-1 alpha-3 country code; "
            + did_you_mean(str(alpha3).upper(), codes))


def validate(round_country: str, layer_country: str, layer_id: str) -> list[str]:
    """What is wrong with a round's `country` given the boundary layer it uses."""
    problem = code_problem(round_country)
    if problem:
        return [problem]
    if round_country != layer_country:
        return [f"the round is about {country_name(round_country)} ({round_country}) but "
                f"boundary layer {layer_id!r} is of {country_name(layer_country)} "
                f"({layer_country}): name a layer of {round_country} in `boundaries`"]
    return []
