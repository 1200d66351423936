"""The scope an article's lead gives the count it reports (`summarizer.briefing.ledger_scope`)."""

from __future__ import annotations

from summarizer.brief.assemble import assemble
from summarizer.briefing.ledger import build_ledger
from summarizer.briefing.measure import Measure, measure_of
from summarizer.extract.analysis import analyse
from summarizer.schemas import ArticleBrief, Usage

PARTIAL = (
    "Greens lead as the count goes on in Veloria.\n\n"
    "The Green Party was ahead on Saturday, with results from 62% of voting districts showing it on 33.4% "
    "of the vote.\n\n"
    "The Liberal Party was second with 24.1%.\n\n"
    "Unemployment stands at 11.2%, and the Greens won 29.5% of the vote in 2019."
)
FINAL = (
    "Greens win Veloria's election.\n\n"
    "The Green Party won 35.2% of the vote, the electoral commission said on Sunday.\n\n"
    "The Liberal Party won 22.7% of the vote.\n\n"
    "Unemployment stands at 11.2%, and the Greens won 29.5% of the vote in 2019."
)


def brief(text: str, name: str) -> ArticleBrief:
    a = analyse(text)
    a.article.id = name
    return assemble(a.article, a.figures, a.quotes, a.entities, None, model="t", prompt_version="t",
                    usage=Usage(), notes=[])  # fmt: skip


def measures(text: str) -> dict[str, Measure]:
    b = brief(text, "x")
    return {f.quote: measure_of(f, b.figures) for f in b.figures}


def test_a_lead_reporting_a_partial_count_scopes_the_articles_results() -> None:
    groups, disagreements, _ = build_ledger([brief(PARTIAL, "partial"), brief(FINAL, "final")])
    where = {(v.article_id, v.quote): g for g in groups for v in g.values}
    # the Liberals' 24.1% names no scope of its own: the lead's partial count holds for it
    assert "partial" in where[("partial", "24.1%")].scope
    assert where[("partial", "24.1%")] is not where[("final", "22.7%")]
    assert not disagreements and not any(g.disagreement for g in groups)
    # another measure (unemployment) and an earlier value (2019) keep their own quantity across articles
    assert where[("partial", "11.2%")] is where[("final", "11.2%")]
    assert where[("partial", "29.5%")] is where[("final", "29.5%")]


def test_without_a_partial_lead_the_same_text_groups_with_the_final_result() -> None:
    lead = PARTIAL.replace("with results from 62% of voting districts showing it on", "with")
    groups, _, _ = build_ledger([brief(lead, "early"), brief(FINAL, "final")])
    where = {(v.article_id, v.quote): g for g in groups for v in g.values}
    assert "partial" not in where[("early", "24.1%")].scope


def test_scope_words_before_a_clause_break_are_the_figure_befores() -> None:
    m = measures("The margin widened to 44.6% from 43.1% a year earlier, and it forecast a margin of 44% next quarter.")
    assert "earlier" in m["43.1%"].scopes and "earlier" not in m["44%"].scopes
    # a value set beside the one before keeps the words they share: ", or $2.31", "above the $2.19"
    m = measures("Tessaline earned $2.14 a share on a reported basis, or $2.31 excluding one-time items.")
    assert "per-share" in m["$2.31"].scopes


def test_net_income_per_share_is_earnings_per_share() -> None:
    texts = [
        "Net income rose to $3.41 billion, or $2.14 per share. Sales were strong.",
        "Diluted earnings per share were $2.14, the company said. Sales were strong.",
    ]
    groups, _, _ = build_ledger([brief(t, f"e{i}") for i, t in enumerate(texts)])
    eps = next(g for g in groups if any(v.quote == "$2.14" and v.article_id == "e0" for v in g.values))
    assert eps.measure == "earnings-per-share" and {v.article_id for v in eps.values} == {"e0", "e1"}
