"""How the dev corpora's ledger groups are named, as a reader sees them: whose quantity each is, in the
article's own spelling of the name (offline: code only, no model)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from evals import load_gold
from evals.offline import run_offline

DATASETS = Path(__file__).resolve().parents[1] / "evals" / "datasets"


@cache
def groups(corpus: str) -> dict[str, list[tuple[str, str]]]:
    """Group name → (value as written, article file) of each value, for groups of two or more articles."""
    gold = load_gold(DATASETS / corpus / "gold.yaml")
    _, briefing = run_offline([a.path for a in gold.articles])
    out = {}
    for g in briefing["ledger"]:
        if len({v["article_id"] for v in g["values"]}) > 1:
            out[g["quantity"]] = [(v["text"], v["article_id"][:3]) for v in g["values"]]
    return out


def test_a_group_is_named_for_whose_quantity_it_is() -> None:
    election = groups("south-africa-election-2024")
    # "21.8% of the vote" names no party; the values that joined it do: the DA's vote share
    assert {t for t, _ in election["vote share (percent), Democratic Alliance"]} == {"21.8", "21.81"}
    # "uMkhonto weSizwe Party", as written; "Jacob Zuma's" party is the party
    assert {t for t, _ in election["seats, MK / uMkhonto weSizwe Party"]} == {"58"}
    assert len({a for _, a in election["percent, MK / uMkhonto weSizwe Party"]}) == 4
    quake = groups("al-haouz-quake-2023")
    # the countries counted ("four countries - Spain, the United Kingdom, ...") are not whose count it is
    assert not any("British" in q for q in quake)
    assert [t for t, _ in quake["countries"]].count("four") == 3
