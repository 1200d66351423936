"""The eval harness with hand-built briefs (no model): matching, scores, gold checks, reports, CLI."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from evals import GoldError, load_gold, render, score, to_json
from evals.cli import eval_cmd
from evals.floors import FloorsError, check_floors
from evals.report import compare
from evals.scoring import same_source, values_match
from summarizer.schemas import ArticleBrief, Figure, Span, Text, Usage

REAL_GOLD = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "kursk-2024" / "gold.yaml"

TEXT = (
    "As many as 5,000 North Korean troops had arrived by October 23, a senior Ukrainian official said.\n\n"
    "Ukraine took about 400 square miles of territory, 1,000 square kilometers by another count, "
    "and several thousand soldiers flew in on Il-76 planes.\n"
)


def write_gold(tmp_path: Path, figures: str, text: str = TEXT) -> Path:
    (tmp_path / "articles").mkdir(exist_ok=True)
    (tmp_path / "articles" / "a1.txt").write_text(text, encoding="utf-8")
    body = textwrap.indent(textwrap.dedent(figures).strip(), " " * 6)
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        "corpus: {id: test, event: test event}\n"
        "articles:\n"
        "  - id: A1\n"
        "    file: articles/a1.txt\n"
        f"    figures:\n{body}\n",
        encoding="utf-8",
    )
    return gold


GOLD_FIGURES = """
- value: 5000
  unit: troops
  what: North Korean troops arrived
  quote: As many as 5,000 North Korean troops
  qualifier: as many as
  attributed_to: a senior Ukrainian official
- value: 400
  unit: square mile
  what: territory Ukraine took
  quote: about 400 square miles
  qualifier: about
- value: "--10-23"
  unit: null
  what: arrival date
  quote: October 23
"""


def fig(text: str, quote: str, value: Any, unit: str | None = None, kind: str = "count", **kw: Any) -> Figure:
    start = text.index(quote)
    return Figure(
        id=kw.pop("id", "F1"),
        kind=kind,
        text=quote,
        value=value,
        unit=unit,
        quote=quote,
        span=Span(start=start, end=start + len(quote)),
        paragraph=1,
        sentence=quote,
        **kw,
    )


def brief(figures: list[Figure], article_id: str = "a1", source: str = "articles/a1.txt") -> ArticleBrief:
    return ArticleBrief(
        article_id=article_id,
        source=source,
        model="test-model",
        prompt_version="v-test",
        headline=Text(value="h", origin="fallback"),
        summary=Text(value="s", origin="fallback"),
        key_points=[],
        figures=figures,
        entities=[],
        quotes=[],
        dropped=[],
        paragraphs=2,
        characters=len(TEXT),
        usage=Usage(),
    )


@pytest.fixture
def gold(tmp_path: Path) -> Any:
    return load_gold(write_gold(tmp_path, GOLD_FIGURES))


def test_found_missed_and_invented(gold: Any) -> None:
    figures = [
        fig(TEXT, "As many as 5,000 North Korean troops", 5000.0, "troops", qualifier="as many as"),
        fig(TEXT, "1,000 square kilometers", 1000.0, "km²", kind="measure", id="F2"),  # not in the gold
        fig(TEXT, "Il-76", "Il-76", kind="designation", id="F3"),  # never counted
    ]
    result = to_json(score(gold, [brief(figures)]))
    assert result["figure_recall"] == pytest.approx(1 / 3)
    assert result["figure_precision"] == pytest.approx(1 / 2)
    assert result["figure_f1"] == pytest.approx(0.4)
    article = result["articles"]["A1"]
    assert [m["figure"] for m in article["misses"]] == [2, 3]
    assert [f["id"] for f in article["false_figures"]] == ["F2"]
    assert result["grounding_rate"] == 1.0
    assert result["qualifier_accuracy"] == 1.0


def test_value_must_agree_and_spans_overlap(gold: Any) -> None:
    wrong_value = fig(TEXT, "As many as 5,000 North Korean troops", 500.0, "troops")
    elsewhere = fig(TEXT, "several thousand soldiers", 5000.0, "troops", id="F2")  # right value, wrong place
    result = to_json(score(gold, [brief([wrong_value, elsewhere])]))
    assert result["figure_recall"] == 0.0
    assert result["figure_precision"] == 0.0
    assert result["grounding_rate"] == 0.0  # neither quote states its value


def test_unit_conversion(tmp_path: Path) -> None:
    gold = load_gold(
        write_gold(tmp_path, '- {value: 1036, unit: km², what: territory, quote: "about 400 square miles"}')
    )
    good = fig(TEXT, "about 400 square miles", 400.0, "square miles", kind="measure")
    assert to_json(score(gold, [brief([good])]))["figure_recall"] == 1.0
    wrong_unit = fig(TEXT, "about 400 square miles", 400.0, "km²", kind="measure")
    assert to_json(score(gold, [brief([wrong_unit])]))["figure_recall"] == 0.0


def test_restated_figure_is_a_repeat_not_a_false_figure(tmp_path: Path) -> None:
    text = TEXT + "Again: as many as 5,000 North Korean troops.\n"
    gold = load_gold(
        write_gold(
            tmp_path,
            """
            - value: 5000
              unit: troops
              what: troops
              quote: As many as 5,000 North Korean troops
              also_quotes: ["as many as 5,000 North Korean troops"]
            """,
            text,
        )
    )
    second = text.rindex("as many as 5,000")
    first = fig(text, "As many as 5,000 North Korean troops", 5000, "troops")
    again = first.model_copy(
        update={"id": "F2", "quote": text[second : second + 36], "span": Span(start=second, end=second + 36)}
    )
    result = to_json(score(gold, [brief([again, first])]))
    assert (result["figure_recall"], result["figure_precision"]) == (1.0, 1.0)
    counts = result["articles"]["A1"]["counts"]
    assert (counts["matched"], counts["repeats"], counts["system"], counts["figures"]) == (1, 1, 1, 2)
    assert result["articles"]["A1"]["repeats"][0]["id"] == "F2"  # the gold quote is matched first


def test_dates_compare_by_their_stated_parts() -> None:
    # Decision: a year missing on either side is not held against the other.
    assert values_match("--10-23", None, "2024-10-23", None, 0.02)
    assert values_match("2024-10-23", None, "--10-23", None, 0.02)
    assert values_match("--08", None, "--08-06", None, 0.02)
    assert not values_match("2023-10-23", None, "2024-10-23", None, 0.02)
    assert not values_match("--10-24", None, "--10-23", None, 0.02)
    assert values_match(2022.0, None, "2022", None, 0.02)
    assert not values_match("--10-23", None, 1023.0, None, 0.02)


def test_date_figure_matches(gold: Any) -> None:
    date = fig(TEXT, "October 23", "2024-10-23", kind="date")
    result = to_json(score(gold, [brief([date])]))
    assert result["articles"]["A1"]["counts"]["matched"] == 1


def test_qualifier_and_attribution_accuracy(gold: Any) -> None:
    figures = [
        fig(TEXT, "As many as 5,000 North Korean troops", 5000, "troops", qualifier="As  many as",
            attributed_to="senior Ukrainian official"),
        fig(TEXT, "about 400 square miles", 400, "square mile", kind="measure", id="F2", qualifier="nearly"),
    ]  # fmt: skip
    result = to_json(score(gold, [brief(figures)]))
    assert result["qualifier_accuracy"] == 0.5
    assert result["attribution_accuracy"] == 1.0
    assert result["articles"]["A1"]["wrong_qualifier"] == [{"figure": 2, "gold": "about", "system": "nearly"}]
    figures[0] = figures[0].model_copy(update={"attributed_to": "the White House"})
    assert to_json(score(gold, [brief(figures)]))["attribution_accuracy"] == 0.0


def test_attribution_precision_counts_a_source_the_gold_does_not_name(gold: Any) -> None:
    troops = fig(
        TEXT, "As many as 5,000 North Korean troops", 5000, "troops", attributed_to="senior Ukrainian official"
    )
    area = fig(TEXT, "about 400 square miles", 400, "square mile", kind="measure", id="F2")
    assert to_json(score(gold, [brief([troops, area])]))["attribution_precision"] == 1.0
    credited = area.model_copy(update={"attributed_to": "the White House"})  # the gold names no source for it
    result = score(gold, [brief([troops, credited])])
    assert to_json(result)["attribution_precision"] == 0.5
    assert to_json(result)["attribution_accuracy"] == 1.0  # accuracy looks only where the gold names one
    assert "figure 2 (400 square mile): attributed to 'the White House', gold names no source" in render(result, "md")
    assert to_json(score(gold, [brief([area])]))["attribution_precision"] is None  # nothing credited


@pytest.mark.parametrize(
    ("system", "gold", "same"),
    [
        ("Lt. Gen. Budanov", "Lt. Gen. Kyrylo Budanov", True),
        ("Syrskyi", "Colonel General Oleksandr Syrskyi", True),
        ("White House", "the White House", True),
        ("South Korea's National Intelligence Service", "the National Intelligence Service (NIS)", True),
        ("“Ukraine’s Defense Intelligence”", "Ukraine's Defense Intelligence", True),
        ("Zelensky", "the White House", False),
        (None, "the White House", False),
    ],
)
def test_same_source(system: str | None, gold: str, same: bool) -> None:
    assert same_source(system, gold) is same


def test_vague_figures_match_by_span(tmp_path: Path) -> None:
    gold = load_gold(
        write_gold(
            tmp_path,
            "- {value: null, vague: true, unit: soldiers, what: w, quote: several thousand soldiers}",
        )
    )
    vague = fig(TEXT, "several thousand soldiers", None, "soldiers", kind="vague")
    result = to_json(score(gold, [brief([vague])]))
    assert (result["figure_recall"], result["grounding_rate"]) == (1.0, 1.0)


def test_quote_not_in_article_is_refused(tmp_path: Path) -> None:
    path = write_gold(tmp_path, GOLD_FIGURES.replace("about 400 square miles", "about 400 square kilometres"))
    with pytest.raises(GoldError) as e:
        load_gold(path)
    where = "gold.yaml: A1 figure 2 (400 square mile)"
    assert str(e.value) == f'{where}: quote "about 400 square kilometres" is not in articles/a1.txt'


def test_value_not_stated_by_quote_is_refused(tmp_path: Path) -> None:
    path = write_gold(tmp_path, GOLD_FIGURES.replace("value: 5000", "value: 500"))
    with pytest.raises(GoldError, match=r"A1 figure 1 \(500 troops\): .* does not state 500$"):
        load_gold(path)


def test_schema_errors_are_one_line(tmp_path: Path) -> None:
    path = write_gold(tmp_path, "- {value: 5000, unit: troops, what: w}")
    with pytest.raises(GoldError, match=r"^gold.yaml: articles/0/figures/0: 'quote' is a required property$"):
        load_gold(path)


def test_real_gold_loads() -> None:
    gold = load_gold(REAL_GOLD)
    assert [a.id for a in gold.articles] == ["A1", "A2", "A3", "A4", "A5"]
    assert all(a.figures for a in gold.articles)
    for article in gold.articles:
        for f in article.figures:
            assert f.spans and all(article.text[s:e] in [f.quote, *f.also_quotes] for s, e in f.spans)
    assert len(gold.discrepancies) >= 3 and len(gold.consensus) >= 3


def test_briefing_discrepancies_and_consensus() -> None:
    gold = load_gold(REAL_GOLD)
    a1, a3 = "000_04b9726bf15f8aa7", "002_a1c6e68b0a879c73"

    def value(article: str, v: Any) -> dict[str, Any]:
        return {"article_id": article, "value": v, "quote": "", "attributed_to": None}

    briefing = [
        {"quantity": "troops", "unit": "troops", "disagreement": True,
         "values": [value(a1, 12000), value("A4", 10000), value("A5", 11000)]},
        {"quantity": "troops vs", "unit": "troops", "disagreement": True,
         "values": [value("A2", 50000), value(a3, 50000)]},
        {"quantity": "expected", "unit": "troops", "disagreement": False,
         "values": [value(a1, 5000), value("A2", 5000)]},
        {"quantity": "area", "unit": "km²", "disagreement": False,
         "values": [value(a1, 1035.99), value(a3, 1000)]},
    ]  # fmt: skip
    result = to_json(score(gold, [], briefing))
    assert result["discrepancy_recall"] == pytest.approx(2 / len(gold.discrepancies))
    assert result["consensus_recall"] == pytest.approx(2 / len(gold.consensus))
    assert to_json(score(gold, []))["consensus_recall"] is None


def test_corpus_briefing_object_with_disagreements() -> None:
    """A CorpusBriefing dict: values as stated plus normalized_value; disagreements count as flagged."""
    gold = load_gold(REAL_GOLD)
    area = [
        {"article_id": "A1", "value": 400, "unit": "square mile", "normalized_value": 1035.99, "quote": ""},
        {
            "article_id": "A3",
            "value": 1000,
            "unit": "square kilometer",
            "normalized_value": 1000,
            "quote": "",
        },
    ]
    sides = [{"article_id": a, "value": 50000, "unit": "troops", "quote": ""} for a in ("A2", "A3")]
    briefing = {
        "ledger": [{"quantity": "area", "unit": "km²", "values": area, "disagreement": False}],
        "disagreements": [{"kind": "attribution", "quantity": "troops", "values": sides, "note": ""}],
    }
    result = to_json(score(gold, [], briefing))
    assert [d["recalled"] for d in result["discrepancies"]] == [False, False, False, True]
    assert [c["recalled"] for c in result["consensus"]] == [False, False, True, False]


def test_json_report_keys_and_markdown(gold: Any) -> None:
    result = score(gold, [brief([fig(TEXT, "about 400 square miles", 400, "square mile")])])
    data = json.loads(render(result, "json"))
    for key in ("figure_recall", "figure_precision", "figure_f1", "qualifier_accuracy",
                "attribution_accuracy", "grounding_rate", "discrepancy_recall", "consensus_recall", "model",
                "prompt_version", "tolerance", "articles"):  # fmt: skip
        assert key in data
    assert (data["model"], data["prompt_version"], data["tolerance"]) == ("test-model", "v-test", 0.02)
    assert data["discrepancy_recall"] is None
    md = render(result, "md")
    assert "| **Overall** |" in md and "±2%" in md
    assert '"As many as 5,000 North Korean troops"' in md  # a miss, with its quote


def test_compare_shows_deltas() -> None:
    previous = {"figure_recall": 0.5, "figure_precision": 0.8, "figure_f1": 0.6, "consensus_recall": None}
    current = {"figure_recall": 0.6, "figure_precision": 0.7, "figure_f1": 0.6, "consensus_recall": None}
    table = compare(current, previous)
    assert "| figure_recall | 50.0% | 60.0% | +10.0 pts ↑ better |" in table
    assert "| figure_precision | 80.0% | 70.0% | -10.0 pts ↓ worse |" in table
    assert "| figure_f1 | 60.0% | 60.0% | = same |" in table


def test_floors(tmp_path: Path) -> None:
    floors = tmp_path / "floors.yaml"
    floors.write_text("figure_recall: 0.7\nfigure_precision: 0.5\nconsensus_recall: 0.5\n")
    failures = check_floors({"figure_recall": 0.6, "figure_precision": 0.5, "consensus_recall": None}, floors)
    assert failures == [
        "figure_recall 60.0% is below its floor 70.0%",
        "consensus_recall was not measured (floor 50.0%)",
    ]
    real = check_floors({"figure_recall": 0.0, "grounding_rate": 1.0}, REAL_GOLD.with_name("floors.yaml"))
    assert "figure_recall 0.0% is below its floor 100.0%" in real  # the real floors gate regressions
    floors.write_text("recall: 0.7\n")
    with pytest.raises(FloorsError, match="'recall' is not a score"):
        check_floors({}, floors)


def test_cli_scores_briefs_and_gates_on_floors(tmp_path: Path) -> None:
    gold = load_gold(REAL_GOLD)
    article = gold.articles[0]
    found = fig(article.text, "as many as 5,000 North Korean troops", 5000, "troops", qualifier="as many as")
    one = brief([found], article_id=article.path.stem, source=str(article.path))
    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text(one.model_dump_json() + "\n", encoding="utf-8")
    runner = CliRunner()
    args = [str(REAL_GOLD), "--briefs", str(briefs), "--format", "json", "--no-floors"]
    result = runner.invoke(eval_cmd, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"]["A1"]["counts"]["matched"] == 1
    (tmp_path / "briefs.json").write_text(json.dumps([one.model_dump(mode="json")]), encoding="utf-8")
    floors = tmp_path / "floors.yaml"
    floors.write_text("figure_recall: 0.9\n")
    args = [str(REAL_GOLD), "--briefs", str(tmp_path / "briefs.json"), "--floors", str(floors)]
    result = runner.invoke(eval_cmd, args)
    assert result.exit_code == 1
    assert "below floor" in result.stderr and "figure_recall" in result.stderr
    assert "| **Overall** |" in result.stdout


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    bad = write_gold(tmp_path, GOLD_FIGURES.replace("value: 5000", "value: 500"))
    result = CliRunner().invoke(eval_cmd, [str(bad), "--briefs", str(bad)])
    assert result.exit_code == 1
    where = "Error: gold.yaml: A1 figure 1 (500 troops)"
    quote = "As many as 5,000 North Korean troops"
    assert result.stderr.strip().splitlines() == [f'{where}: quote "{quote}" does not state 500']


def test_grouping_pairs_and_mixed_flags() -> None:
    from evals.grouping import score_grouping

    keyed = {("a", "F1"): "deaths", ("b", "F1"): "deaths", ("c", "F1"): "deaths", ("b", "F2"): "injured",
             ("a", "F2"): "injured"}  # fmt: skip
    briefing = {
        "ledger": [
            {"id": "Q1", "quantity": "people", "disagreement": True,
             "values": [{"article_id": "a", "figure_id": "F1"}, {"article_id": "b", "figure_id": "F1"},
                        {"article_id": "b", "figure_id": "F2"}]},
            {"id": "Q2", "quantity": "deaths", "values": [{"article_id": "c", "figure_id": "F1"}]},
        ],
        "disagreements": [],
    }  # fmt: skip
    g = score_grouping(keyed, briefing)
    assert g is not None
    # grouped together across articles: a.F1-b.F1 (same), a.F1-b.F2 (not) → 1/2; a.F2 is in no group
    assert (g.grouped_same, g.grouped_pairs) == (1, 2)
    # same quantity across articles: deaths a-b, a-c, b-c; injured a-b → 4, of which 1 grouped
    assert g.same_pairs == 4 and g.pair_recall == 0.25
    assert g.flag_purity == 0.0 and g.mixed_flags == [{"group": "people", "quantities": ["deaths", "injured"]}]
    assert score_grouping({}, briefing) is None
