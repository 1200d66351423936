"""Timeline, speakers and developments on the sample corpus (briefs built without a model), and small
hand-made cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarizer.brief.assemble import assemble
from summarizer.briefing.crossref import speakers, timeline
from summarizer.briefing.developments import MAX_DEVELOPMENTS, developments
from summarizer.extract.analysis import read_figures
from summarizer.extract.attribution import find_entities, find_quotes
from summarizer.read.ingest import article_from_text, read_article
from summarizer.schemas import Usage

CORPUS = Path(__file__).resolve().parent.parent / "evals" / "datasets" / "kursk-2024" / "articles"


def brief(a):
    return assemble(a, read_figures(a), find_quotes(a), find_entities(a), None, model="test", prompt_version="t",
                    usage=Usage(), notes=[])  # fmt: skip


@pytest.fixture(scope="module")
def corpus():
    articles = [read_article(p) for p in sorted(CORPUS.glob("*.txt"))]
    return {a.id: a for a in articles}, [brief(a) for a in articles]


def short(ids: list[str]) -> set[str]:
    return {i[:3] for i in ids}


def test_timeline_dates_sorted_with_sources(corpus):
    articles, briefs = corpus
    events = timeline(briefs)
    dated = {(e.date, e.article_id[:3]) for e in events}
    assert {("--10-23", "001"), ("--10-23", "003"), ("2024-11-01", "004")} <= dated
    assert {("--10-27", "003"), ("--10-28", "003"), ("--08-06", "001"), ("--06", "003")} <= dated
    # a date without a year sorts by month and day, in the corpus's year (2024); a month alone comes first
    months = [int(re.match(r"(?:\d{4}|-)-(\d\d)", e.date).group(1)) for e in events]
    assert months == sorted(months)
    assert events[-1].date == "2024-11-01"
    assert [e.date for e in events].index("--08") < [e.date for e in events].index("--08-06")
    for e in events:
        text = articles[e.article_id].text
        assert e.text in text and e.quote in e.text
        assert articles[e.article_id].paragraph(e.paragraph).text.find(e.quote) >= 0
    assert not any(e.date in ("1950", "2022") for e in events)  # years are not timeline events


def test_zelensky_spellings_are_one_speaker_across_articles(corpus):
    articles, briefs = corpus
    found = speakers(briefs)
    z = next(s for s in found if "Zelensk" in s.name)
    names = {z.name, *z.aliases}
    assert any(n.endswith("Zelensky") for n in names) and any(n.endswith("Zelenskyy") for n in names)
    assert z.name == max(names, key=len)
    assert short([c.article_id for c in z.claims]) >= {"000", "001", "003"}
    assert {c.kind for c in z.claims} == {"quote", "figure"}
    assert not [s for s in found if s is not z and "Zelensk" in s.name]
    for s in found:
        for c in s.claims:
            assert c.text in articles[c.article_id].text
    # a joint source is not one of its members
    ukraine = next(s for s in found if s.name == "Ukraine")
    assert "South Korea and Ukraine" not in ukraine.aliases


def test_developments_and_fact_agreements(corpus):
    articles, briefs = corpus
    devs, agreements = developments(briefs, articles)
    assert 1 <= len(devs) <= MAX_DEVELOPMENTS
    for d in devs:
        assert d.origin == "fallback"
        assert d.text in articles[d.articles[0]].text  # verbatim, from the first article that reports it
        assert {c.article_id for c in d.citations} == set(d.articles)

    def find(pattern: str):
        return next(d for d in devs if re.search(pattern, d.text))

    assert short(find(r"^Several thousand North Korean soldiers have arrived").articles) >= {"000", "002"}
    assert short(find("Vladivostok").articles) == {"000", "001", "002"}
    assert short(find("Zelenskyy").articles) == {"000", "001", "003"}
    for a in agreements:
        assert a.count == len(a.articles) >= 2
        assert a.statement == a.quotes[0] and a.statement in articles[a.articles[0]].text
        for c in a.citations:
            assert any(q in articles[c.article_id].paragraph(c.paragraph).text for q in a.quotes)
    # "positioned around 50,000 troops" (Ukrainian) and "relocated about 50,000 troops" (Russian) share their
    # words but are the ledger's attribution conflict, not a fact the two articles agree on
    assert not [a for a in agreements if any("50,000" in q for q in a.quotes)]
    # "Ukrainian troops have been engaged" vs "these forces haven’t yet engaged": opposite, not agreeing
    assert not [a for a in agreements if any("haven’t yet engaged" in q for q in a.quotes)]
    escalation = next(a for a in agreements if any("obvious escalatory step" in q for q in a.quotes))
    assert any("clear step in Russia’s escalation" in q for q in escalation.quotes)


def test_developments_fill_with_leads_and_cluster_only_across_articles():
    a = article_from_text(
        "Heavy rain flooded the river valley overnight, forcing hundreds of families from their homes.\n\n"
        "Officials opened three shelters in the town hall.\n\n"
        "Heavy rain flooded the river valley again later, the mayor said.",
        article_id="a",
    )
    b = article_from_text(
        "Overnight heavy rain flooded the river valley and forced families from their homes, police said.\n\n"
        "The regional governor will visit on Tuesday to inspect damaged bridges and roads.",
        article_id="b",
    )
    c = article_from_text("Markets rallied on Monday as technology shares recovered from last week's losses.",
                          article_id="c")  # fmt: skip
    devs, agreements = developments([brief(a), brief(b), brief(c)], {"a": a, "b": b, "c": c})
    assert len(agreements) == 1
    assert agreements[0].articles == ["a", "b"] and agreements[0].count == 2
    assert devs[0].text.startswith("Heavy rain flooded the river valley overnight")  # article a reports it first
    assert [d.articles for d in devs[1:]] == [["c"]]  # leads fill: a's and b's leads are already in


@pytest.mark.parametrize(
    ("first", "second", "shown"),
    [
        # a sentence that opens with a pronoun needs the one before it: another article's wording is shown
        (
            "Officials met on Monday. It lost its parliamentary majority in the national election for the first time "
            "since 1994, the commission said.",
            "Officials met on Tuesday. The ANC lost its parliamentary majority in the national election for the first "
            "time since 1994, the commission said.",
            "The ANC lost its parliamentary majority",
        ),
        # a wire's dateline is no part of the fact
        (
            "Officials met on Monday. JOHANNESBURG, June 1 (Meridian) - The ANC lost its parliamentary majority in the "
            "national election for the first time since 1994, the commission said.",
            "Officials met on Tuesday. It lost its parliamentary majority in the national election for the first time "
            "since 1994, the commission said.",
            "The ANC lost its parliamentary majority",
        ),
        (
            "Analysts met on Monday. SAN FRANCISCO, Oct 28 (Meridian Wire) - Tessaline beat revenue forecasts for the "
            "quarter on strong cloud subscriptions and gaming sales, the company said.",
            "Analysts met on Tuesday. Tessaline beat revenue forecasts for the quarter on strong cloud subscriptions "
            "and gaming sales, the company said on Tuesday.",
            "Tessaline beat revenue forecasts",
        ),
    ],
)
def test_a_development_is_shown_in_words_that_read_alone(first: str, second: str, shown: str) -> None:
    articles = [article_from_text(t.replace(". ", ".\n\n", 1), article_id=k) for k, t in (("a", first), ("b", second))]
    devs, _ = developments([brief(a) for a in articles], {a.id: a for a in articles})
    shared = [d for d in devs if len(d.articles) == 2]
    assert len(shared) == 1 and shared[0].text.startswith(shown)
    assert shared[0].text in {a.id: a for a in articles}[shared[0].articles[0]].text  # verbatim, from the first


@pytest.mark.parametrize(
    ("lead", "low", "shown_first"),
    [
        # an earthquake: the fact two articles lead with comes before one they mention low down
        (
            "RABAT (Continental Press Wire) - A powerful earthquake struck the High Atlas mountains late on Friday, "
            "killing at least 632 people in remote villages.",
            "The army said it had deployed search and rescue teams and a field hospital to the worst-hit areas.",
            "A powerful earthquake struck the High Atlas",
        ),
        # a company's results: the same
        (
            "Tessaline forecast holiday-quarter revenue above Wall Street estimates and beat expectations for the "
            "third quarter on strong cloud subscriptions.",
            "The Slate tablet, refreshed with the new chip, began shipping in early September to stores.",
            "Tessaline forecast holiday-quarter revenue",
        ),
    ],
)
def test_the_fact_the_articles_lead_with_comes_first(lead: str, low: str, shown_first: str) -> None:
    filler = "\n\n".join(f"Paragraph {i} talks about weather number {i} in the valley today." for i in range(2, 8))
    texts = {"a": f"{lead}\n\n{filler}\n\n{low}", "b": f"{lead}\n\n{filler}\n\n{low}", "c": f"{filler}\n\n{low}"}
    articles = [article_from_text(t, article_id=k) for k, t in texts.items()]
    devs, _ = developments([brief(a) for a in articles], {a.id: a for a in articles})
    assert devs[0].text.startswith(shown_first)  # two articles' lead before three articles' ninth paragraph
    assert any(d.text.startswith(low[:30]) and len(d.articles) == 3 for d in devs)
