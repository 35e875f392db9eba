"""Records built from a stage's working dataclass (``from_fields``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from eventwire.records import Actor, Mention, TimeExpr
from eventwire.stages.times.values import TimeValue


@dataclass
class _Working:
    name: str
    type: str
    country: str | None = None
    ident: str = ""  # no Actor field of that name: left behind
    spans: list[int] = field(default_factory=list)


def test_from_fields_takes_the_fields_both_classes_have_and_the_overrides():
    mentions = [Mention(0, 5, "Kenya", "A1")]
    actor = Actor.from_fields(_Working("Kenya", "COUNTRY", "KEN", "x", [1]), key="A1",
                              mentions=mentions)  # fmt: skip
    assert actor == Actor(key="A1", name="Kenya", type="COUNTRY", country="KEN", mentions=mentions)
    assert actor.mentions is mentions  # passed on, not copied


def test_from_fields_overrides_win_over_a_field_of_the_same_name():
    value = TimeValue("DATE", "2024-12-03..2024-12-04", "day", "2024-12-03", "2024-12-04")
    expr = TimeExpr.from_fields(value, start=10, end=25, text="December 3-4", end_value=value.end)
    assert expr == TimeExpr(10, 25, "December 3-4", "DATE", "2024-12-03..2024-12-04", "day",
                            "2024-12-03", "2024-12-04", True)  # fmt: skip


def test_from_fields_needs_the_fields_the_source_lacks():
    with pytest.raises(TypeError):
        Actor.from_fields(_Working("Kenya", "COUNTRY"))
