"""What a figure measures, and the ledger grouping by it, on small made-up reports from two domains (a
disaster's tolls, a company's results): measure words, scopes, names, sequences, flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.brief.assemble import assemble
from summarizer.briefing.ledger import build_ledger
from summarizer.briefing.lexicon import lexicon, personnel_words
from summarizer.briefing.measure import measure_of
from summarizer.errors import ConfigError
from summarizer.extract.analysis import analyse
from summarizer.schemas import ArticleBrief, Usage


def brief(text: str, name: str) -> ArticleBrief:
    a = analyse(text.replace(". ", ".\n\n", 1))  # two paragraphs: text, not a file name
    a.article.id = name
    return assemble(a.article, a.figures, a.quotes, a.entities, None, model="t", prompt_version="t",
                    usage=Usage(), notes=[])  # fmt: skip


def measures(text: str, year: int | None = None) -> dict[str, tuple]:
    b = brief(text, "x")
    return {f.quote: measure_of(f, b.figures, year) for f in b.figures}


QUAKE = [
    "The earthquake struck late on Friday, killing at least 632 people and injuring 329, the ministry said on "
    "Saturday. It was the deadliest since the 1960 Agadir earthquake, which killed about 12,000 people.",
    "The death toll rose to 2,122 on Sunday, with 2,421 people injured. The ministry's breakdown shows 1,293 "
    "deaths in Al Haouz, 452 in Taroudant and 15 in Marrakech. Rescuers worked through the night in the hills.",
    "The ministry said 2,901 people have died and 5,530 have been injured. Al Haouz recorded 1,684 deaths, "
    "Taroudant 980 and Chichaoua 202. Aid groups said the needs in the hills were enormous.",
]
RESULTS = [
    "Tessaline said revenue rose 8.1% to $24.87 billion in the quarter. Net income was $3.41 billion. Analysts "
    "polled by LSEG had expected revenue of $24.41 billion.",
    "The company reported revenue of $24.9 billion and net income of $3.4 billion, beating the $24.4 billion "
    "analysts had expected. Services revenue rose 16% to $8.63 billion.",
]


def test_measure_words_before_after_and_in_the_quote() -> None:
    m = measures(QUAKE[0] + " " + QUAKE[1], 2023)
    assert m["at least 632 people"].name == "deaths" and m["329"].name == "injured"
    assert m["2,421 people"].name == "injured" and m["2,122"].name == "deaths"
    assert m["1,293 deaths"].names == ("Al Haouz",) and m["452"].name == "deaths"  # elliptic: "452 in Taroudant"
    assert m["452"].names == ("Taroudant",)
    assert m["about 12,000 people"].period == "1960" and m["at least 632 people"].period is None


def test_scope_words_and_modifiers_make_another_quantity() -> None:
    m = measures(RESULTS[0] + " " + RESULTS[1])
    assert m["$24.87 billion"].name == "revenue" and m["$24.87 billion"].scopes == ()
    assert m["$24.41 billion"].scopes == ("estimate",)
    assert m["$3.41 billion"].name == "net-income"
    assert "services" in m["$8.63 billion"].names


def test_a_rising_toll_is_a_sequence_and_provinces_are_their_own_quantities() -> None:
    groups, disagreements, _ = build_ledger([brief(t, f"a{i}") for i, t in enumerate(QUAKE)])
    deaths = next(g for g in groups if g.measure == "deaths" and not g.names and not g.period)
    assert deaths.sequence and not deaths.disagreement
    assert {v.quote for v in deaths.values} >= {"at least 632 people", "2,122", "2,901 people"}
    al_haouz = next(g for g in groups if "Al Haouz" in g.names)
    assert {v.quote for v in al_haouz.values} == {"1,293 deaths", "1,684 deaths"}
    taroudant = next(g for g in groups if "Taroudant" in g.names)
    assert {v.normalized_value for v in taroudant.values} == {452, 980}
    assert not [d for d in disagreements if d.kind == "values" and "deaths" in d.quantity and "1960" not in d.quantity]


def test_revenue_net_income_and_estimates_are_apart_and_agree_across_articles() -> None:
    groups, disagreements, agreements = build_ledger([brief(t, f"r{i}") for i, t in enumerate(RESULTS)])
    revenue = next(g for g in groups if g.measure == "revenue" and not g.scope and g.unit == "USD" and not g.names)
    assert {v.normalized_value for v in revenue.values} == {24.87e9, 24.9e9} and not revenue.disagreement
    estimate = next(g for g in groups if g.measure == "revenue" and "estimate" in g.scope)
    assert {v.normalized_value for v in estimate.values} == {24.41e9, 24.4e9}
    assert not disagreements
    assert any(a.value == 24.87e9 or a.value == 24.9e9 for a in agreements)


def test_values_sharing_only_a_unit_are_never_flagged() -> None:
    texts = [
        "Shares of the company rose 5% on Monday. Traders were pleased with the news from the firm.",
        "The index gained 12% this year. Traders were pleased with the news from the firm.",
    ]
    groups, disagreements, _ = build_ledger([brief(t, f"p{i}") for i, t in enumerate(texts)])
    assert not disagreements and not any(g.disagreement for g in groups)


def test_word_lists_are_data_files_merged_alike(tmp_path: Path) -> None:
    assert {"soldier", "troops"} <= personnel_words()  # the military list lives in measures/military.yaml
    (tmp_path / "a.yaml").write_text("measures:\n  deaths: {terms: [killed], cumulative: true}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("measures:\n  deaths: [fatalities]\nscopes:\n  earlier: [last year]\n",
                                     encoding="utf-8")  # fmt: skip
    lex = lexicon(tmp_path)
    assert lex.terms == {"killed": "deaths", "fatalities": "deaths"} and lex.cumulative == {"deaths"}
    assert lex.scope_terms == {"last year": "earlier"}
    (tmp_path / "c.yaml").write_text("measures: [oops\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c\.yaml"):
        lexicon.__wrapped__(tmp_path)
