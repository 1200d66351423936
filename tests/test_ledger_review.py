"""A capable model's review of the ledger (issue 14, item 3): merges, splits and names proposed by id and
checked by code. Unit-level with hand-written proposals, then end to end against a local fake
OpenAI-compatible server on 127.0.0.1 that proposes some acceptable and some refusable changes."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.fake_server import ThreadedFakeServer
from summarizer import Summarizer
from summarizer.briefing.ledger import build_ledger
from summarizer.briefing.ledger_review import LedgerReview, after_review, apply_review, review_rows
from summarizer.briefing.reduce import Reducer
from summarizer.model.settings import Settings
from tests.test_measure import brief

A = "Results came. Revenue rose to $24.9 billion and net income was $3.4 billion. Margins were 18%."
B = "Results came. Sales were $24.87 billion. Profit came in at $3.41 billion."
C = "Results came. Revenue was $24.9 billion, the company said. Net income reached $3.41 billion."
D = "Results came. The company took in $26 billion."
ALIAS = {"a": "A1", "b": "A2", "c": "A3", "d": "A4"}


def ledger():
    groups, disagreements, agreements = build_ledger([brief(A, "a"), brief(B, "b"), brief(C, "c"), brief(D, "d")])
    by = {g.quantity.split(" (")[0]: g.id for g in groups}
    return groups, disagreements, agreements, by


def test_merges_are_accepted_only_with_one_unit_and_no_article_contradicting_itself() -> None:
    groups, disagreements, agreements, by = ledger()
    revenue, income, unmeasured, margin = by["revenue"], by["net income"], by["amount in USD"], by["margin"]
    review = LedgerReview.model_validate({"merges": [
        {"groups": [revenue, income]},  # A1 would give both $24.9 billion and $3.4 billion
        {"groups": [revenue, margin]},  # USD and percent
        {"groups": [revenue, "Q99"]},  # no such group
        {"groups": [revenue, unmeasured]},  # "took in $26 billion" is revenue: one unit, no article twice
        {"groups": [revenue, unmeasured]},  # the same again: the groups are one now
    ]})  # fmt: skip
    done = apply_review(groups, review, ALIAS)
    assert done.accepted == [f"merge of {revenue}, {unmeasured} into {revenue}"]
    assert len(done.refused) == 4 and "a would contradict itself" in done.refused[0]
    assert "units or sides differ" in done.refused[1] and "unknown group ids ['Q99']" in done.refused[2]
    assert f"unknown group ids ['{unmeasured}']" in done.refused[3]
    merged = next(g for g in done.groups if g.id == revenue)
    assert [v.normalized_value for v in merged.values] == [24.9e9, 24.87e9, 24.9e9, 26e9]
    assert merged.disagreement  # $26 billion against $24.9 billion, within one named measure
    assert unmeasured not in {g.id for g in done.groups}
    flags, agreed = after_review(done, groups, disagreements, agreements)
    assert [d.group_ids for d in flags if d.kind == "values"] == [[revenue]]
    assert agreed == agreements  # no value agreement here before or after (the sentences share no word)
    nothing = apply_review(groups, LedgerReview.model_validate({"merges": [{"groups": [revenue, margin]}]}), ALIAS)
    assert after_review(nothing, groups, disagreements, agreements) == (disagreements, agreements)
    assert nothing.groups == groups


def test_splits_move_figures_out_only_when_some_stay_and_names_must_come_from_the_quotes() -> None:
    groups, _, _, by = ledger()
    income = by["net income"]
    review = LedgerReview.model_validate({
        "splits": [
            {"group": income, "figures": ["A1.F2"]},  # accepted: a new group of its own
            {"group": income, "figures": ["A9.F1"]},  # no such figure in the group
            {"group": income, "figures": ["A2.F2", "A3.F2"]},  # would leave nothing behind (A1.F2 is gone)
        ],
        "names": [
            {"group_id": by["revenue"], "name": "Company revenue"},  # words of its sentences
            {"group_id": income, "name": "Net income of 3 billion"},  # a number
            {"group_id": by["margin"], "name": "Customer satisfaction"},  # not the group's words
        ],
    })  # fmt: skip
    done = apply_review(groups, review, ALIAS)
    new_id = f"Q{len(groups) + 1}"
    assert done.accepted == [f"split of A1.F2 out of {income} into {new_id}"]
    split_off = next(g for g in done.groups if g.id == new_id)
    assert [v.normalized_value for v in split_off.values] == [3.4e9] and not split_off.disagreement
    assert [v.normalized_value for v in next(g for g in done.groups if g.id == income).values] == [3.41e9] * 2
    refused = " | ".join(done.refused)
    assert "not in the group: ['A9.F1']" in refused and "no figure would stay" in refused
    assert "must not hold numbers" in refused and "not drawn from the group's quotes" in refused
    names = {g.id: (g.quantity, g.quantity_origin) for g in done.groups}
    assert names[by["revenue"]] == ("Company revenue", "model")
    assert names[by["margin"]][1] == "fallback"


def test_the_review_shows_every_member_and_the_embedded_model_is_never_asked() -> None:
    groups, _, _, by = ledger()
    rows = {r["id"]: r for r in review_rows(groups, ALIAS)}
    assert [m["ref"] for m in rows[by["revenue"]]["members"]] == ["A1.F1", "A2.F1", "A3.F1"]
    assert Settings().embedded and not Settings(model="m", base_url="http://127.0.0.1:9/v1").embedded


def _review(body: dict[str, Any]) -> dict[str, Any]:
    """As a capable model would: merge the unmeasured "$26 billion" group into revenue (acceptable), merge
    revenue into net income (refused: an article would contradict itself), name revenue."""
    user = body["messages"][-1]["content"]
    heads = dict(re.findall(r"^(Q\d+): ([^;]+);", user, re.M))
    revenue = next(q for q, name in heads.items() if name.startswith("revenue"))
    income = next(q for q, name in heads.items() if name.startswith("net income"))
    other = next(q for q, name in heads.items() if name.startswith("amount in USD"))
    return {"merges": [{"groups": [revenue, other]}, {"groups": [revenue, income]}],
            "names": [{"group_id": revenue, "name": "Company revenue"}]}  # fmt: skip


def test_end_to_end_a_capable_model_reviews_and_code_checks(tmp_path: Path) -> None:
    for name, text in zip("abcd", (A, B, C, D), strict=True):
        (tmp_path / f"{name}.txt").write_text(text.replace(". ", ".\n\n", 1), encoding="utf-8")
    fake = ThreadedFakeServer(
        keep_bodies=True, answers=lambda schema, body: _review(body) if schema == "LedgerReview" else None
    )
    try:
        settings = Settings(model="capable-test", base_url=fake.url, cache_dir=tmp_path / "cache", no_judge=True)
        with Summarizer(settings) as s:
            briefing = s.brief(sorted(tmp_path.glob("*.txt")))
        bodies = fake.stats()["bodies"]
    finally:
        fake.close()
    sent = [b["tools"][0]["function"]["name"] for b in bodies]
    assert sent.count("LedgerReview") == 1 and "GroupNames" not in sent  # the review names the groups too
    prompt = next(b for b in bodies if b["tools"][0]["function"]["name"] == "LedgerReview")["messages"][-1]["content"]
    assert all(ref in prompt for ref in ("A1.F1", "A2.F1", "A3.F1", "A4.F1"))  # every member, by figure id
    revenue = next(g for g in briefing.ledger if g.quantity == "Company revenue")
    assert revenue.quantity_origin == "model" and [v.normalized_value for v in revenue.values] == [
        24.9e9,
        24.87e9,
        24.9e9,
        26e9,
    ]
    notes = " | ".join(briefing.notes)
    assert "ledger review by the model: merge of" in notes
    assert "refused" in notes and "would contradict itself" in notes
    assert any(d.group_ids == [revenue.id] for d in briefing.disagreements)


def test_reducer_loads_no_review_prompt_for_the_embedded_model() -> None:
    class _Llm:
        settings = Settings()

    assert Reducer(_Llm()).review_template is None  # type: ignore[arg-type]
