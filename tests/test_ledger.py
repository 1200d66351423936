"""The figure ledger and actors on the sample corpus (briefs built without a model), and the cluster and
subset rules on small hand-made cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.brief.assemble import assemble
from summarizer.briefing.ledger import agree, build_ledger, clusters, conflicting, unit_class
from summarizer.extract.actors import actor_of, own_side, side_of_name, sides_in
from summarizer.extract.analysis import read_figures
from summarizer.extract.attribution import find_entities, find_quotes
from summarizer.extract.quantities import normalize, states_value
from summarizer.read.ingest import read_article
from summarizer.schemas import Figure, LedgerValue, Span, Usage

CORPUS = Path(__file__).resolve().parent.parent / "evals" / "datasets" / "kursk-2024" / "articles"


@pytest.fixture(scope="module")
def corpus():
    articles = [read_article(p) for p in sorted(CORPUS.glob("*.txt"))]
    briefs = [
        assemble(a, read_figures(a), find_quotes(a), find_entities(a), None, model="test", prompt_version="t",
                 usage=Usage(), notes=[])
        for a in articles
    ]  # fmt: skip
    return {a.id[:3]: a for a in articles}, briefs


@pytest.fixture(scope="module")
def ledger(corpus):
    return build_ledger(corpus[1])


def figure(corpus, stem: str, quote: str) -> Figure:
    brief = next(b for b in corpus[1] if b.article_id.startswith(stem))
    return next(f for f in brief.figures if f.quote == quote)


def prior_for(corpus, cls: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for b in corpus[1]:
        for f in b.figures:
            if unit_class(f) == cls and (side := own_side(f)):
                counts[side] = counts.get(side, 0) + 1
    return counts


# --- actors -------------------------------------------------------------------------------------------


def test_side_table_reads_names_demonyms_and_metonyms():
    assert side_of_name("Pyongyang") == "North Korean"
    assert side_of_name("the Kremlin") == "Russian"
    assert side_of_name("Kyiv") == "Ukrainian"
    assert side_of_name("Seoul") == "South Korean"
    assert side_of_name("the White House") == "US"
    assert side_of_name("U.S. officials") == "US"
    assert side_of_name("let us go") is None  # the pronoun is not the country
    assert [m.side for m in sides_in("joint Russian-North Korean training")] == ["Russian", "North Korean"]


def test_actor_rule_1_side_word_in_the_quote(corpus):
    f = figure(corpus, "000", "as many as 5,000 North Korean troops")
    assert own_side(f) == "North Korean" and actor_of(f) == "North Korean"


def test_actor_rule_2_agent_before_the_number(corpus):
    ukrainian = figure(corpus, "001", "around 50,000 troops")
    russian = figure(corpus, "002", "about 50,000 troops")
    area = figure(corpus, "002", "approximately 1,000 square kilometers")
    prior = prior_for(corpus, "personnel")
    assert prior["North Korean"] > 5
    # rule 3 alone would give 001's troops to the corpus-dominant North Korean side
    assert actor_of(ukrainian, prior) == "Ukrainian"
    assert actor_of(russian, prior) == "Russian"
    assert actor_of(area) == "Ukrainian"
    assert actor_of(figure(corpus, "000", "about 250 square miles")) == "Ukrainian"  # "Ukraine still occupies"
    assert actor_of(figure(corpus, "003", "1,500 soldiers")) == "North Korean"  # "North Korea had shipped"


def test_actor_rule_3_context_less_the_source_with_corpus_prior(corpus):
    f = figure(corpus, "000", "as high as 12,000 troops")
    assert f.attributed_to == "Ukraine"
    # North Korean and Russian remain once "Ukraine" (the source) and "South Korea ... have warned" go
    assert actor_of(f) is None
    assert actor_of(f, prior_for(corpus, "personnel")) == "North Korean"
    assert actor_of(figure(corpus, "004", "around 3,000 soldiers")) == "North Korean"  # one side left
    assert actor_of(figure(corpus, "000", "about 400 square miles")) == "Ukrainian"


def test_actor_rule_4_none(corpus):
    assert actor_of(figure(corpus, "003", "1.2 million soldiers"), {"North Korean": 9}) is None


@pytest.mark.parametrize(
    ("sentence", "quote", "side"),
    [
        (
            "Morocco accepted offers of help from four countries - Spain, the United Kingdom, Qatar and the UAE.",
            "four countries",
            None,
        ),  # the countries counted, not whose count it is
        (
            "The authorities accepted rescue teams from four countries: Spain, the United Kingdom and Qatar.",
            "four countries",
            None,
        ),
        ("The company sells its phones in 12 markets, including Britain.", "12 markets", None),
        ("Britain sent 60 rescuers to the region.", "60 rescuers", "British"),  # the sender's, as before
    ],
)
def test_a_list_after_a_count_names_its_members_not_its_side(sentence, quote, side):
    from summarizer.schemas import Span

    f = Figure(id="F1", kind="count", value=1.0, unit=None, text=quote, quote=quote, sentence=sentence,
               span=Span(start=0, end=1), paragraph=1)  # fmt: skip
    assert actor_of(f) == side


# --- the ledger on the sample corpus -------------------------------------------------------------------


def test_north_korean_troop_counts_are_split_by_what_the_troops_are_doing(ledger):
    """Being trained or prepared, deployed or bound for Kursk, already sent, in combat roles, one battalion:
    five quantities (the gold's), not one group flagged "sources disagree" from 1,500 to 12,000."""
    groups, disagreements, _ = ledger
    troops = {g.quantity: g for g in groups if g.actor == "North Korean" and g.unit == "troops"}
    by_value = {
        q: {(v.article_id[:3], v.normalized_value) for v in g.values if v.normalized_value is not None}
        for q, g in troops.items()
    }
    assert by_value == {
        "North Korean troops in training": {("000", 12000), ("002", 12000), ("003", 10000), ("004", 11000)},
        "North Korean troops deployed": {("000", 5000), ("001", 5000), ("002", 5000), ("004", 2600)},
        "North Korean troops already sent": {("003", 1500), ("003", 3000)},
        "North Korean troops in combat": set(),
        "North Korean troops in a battalion": {("004", 3000)},
    }
    assert all(g.quantity_origin == "fallback" for g in troops.values())
    # vague figures are listed with what they do, never compared: "thousands of North Koreans were training",
    # "has deployed several thousand troops", "have arrived in Kursk, where they are expected to participate"
    vague = {q: sorted(v.quote for v in g.values if v.normalized_value is None) for q, g in troops.items()}
    assert vague["North Korean troops in training"] == ["thousands of North Koreans"]
    assert vague["North Korean troops deployed"] == [
        "Several thousand North Korean soldiers",
        "several thousand troops",
    ]
    assert vague["North Korean troops in combat"] == [
        "thousands of North Korean soldiers",
        "thousands of North Korean troops",
    ]
    assert all(g.values.index(v) not in {i for c in g.clusters for i in c}
               for g in troops.values() for v in g.values if v.normalized_value is None)  # fmt: skip
    source = {(v.article_id[:3], v.normalized_value): v.attributed_to or "" for g in troops.values() for v in g.values}
    assert "spy agency" in source[("003", 1500)]
    assert "Budanov" in source[("004", 2600)]
    assert source[("003", 3000)] == "the White House"
    assert "senior Ukrainian official" in source[("001", 5000)]
    assert "Zelensky" in source[("003", 10000)]
    assert "Defense Intelligence" in source[("004", 11000)]
    assert source[("000", 12000)] == "Ukraine"
    flagged = {q for q, g in troops.items() if g.disagreement}
    assert flagged == {
        "North Korean troops in training",
        "North Korean troops deployed",
        "North Korean troops already sent",
    }
    notes = {q.removeprefix("North Korean troops "): g.note or "" for q, g in troops.items()}
    training, deployed, sent = notes["in training"], notes["deployed"], notes["already sent"]
    assert training.startswith("values range from 10,000 (CNN, Ukrainian President") and "to 12,000" in training
    assert "in between: 11,000" in training
    assert deployed.startswith("values range from 2,600 (004") and "to 5,000" in deployed
    # one article, two named sources: South Korea's NIS (1,500 shipped) and the White House (at least 3,000 arrived)
    assert (
        sent.startswith("values range from 1,500 (CNN, South Korea’s spy agency")
        and "3,000 (CNN, the White House)" in sent
    )
    for q in flagged:
        d = next(d for d in disagreements if d.kind == "values" and d.group_ids == [troops[q].id])
        assert {v.normalized_value for v in d.values} == {x for _, x in by_value[q]}


def test_the_50000_attribution_conflict(ledger):
    groups, disagreements, _ = ledger
    conflicts = [d for d in disagreements if d.kind == "attribution"]
    assert len(conflicts) == 1
    d = conflicts[0]
    assert {(v.article_id[:3], v.actor) for v in d.values} == {("001", "Ukrainian"), ("002", "Russian")}
    assert {v.normalized_value for v in d.values} == {50000}
    assert "same number" in d.note and "Ukrainian side" in d.note and "Russian side" in d.note
    actors = {g.actor for g in groups if g.id in d.group_ids}
    assert actors == {"Ukrainian", "Russian"}


def test_area_400_square_miles_agrees_with_1000_km2(ledger):
    groups, disagreements, agreements = ledger
    g = next(g for g in groups if g.unit == "km²")
    assert g.actor == "Ukrainian" and not g.disagreement
    index = {v.text: i for i, v in enumerate(g.values)}
    assert sorted(sorted(c) for c in g.clusters) == sorted([sorted([index["400"], index["1,000"]]), [index["250"]]])
    assert g.values[index["400"]].normalized_value == pytest.approx(1035.99, abs=0.01)
    assert not any(g.id in d.group_ids for d in disagreements)
    a = next(a for a in agreements if a.unit == "km²")
    assert a.value == 1000 and [x[:3] for x in a.articles] == ["000", "002"] and a.count == 2
    assert "about 400 square miles" in a.quotes


def test_agreements_on_the_sample(ledger):
    _, _, agreements = ledger
    found = {(a.value, a.unit): [x[:3] for x in a.articles] for a in agreements}
    assert found == {
        (5000, "troops"): ["000", "001", "002"],
        (12000, "troops"): ["000", "002"],
        (1000, "km²"): ["000", "002"],
    }
    five = next(a for a in agreements if a.value == 5000)
    assert five.statement == "5,000 North Korean troops deployed" and five.count == 3 and len(five.citations) == 3
    twelve = next(a for a in agreements if a.value == 12000)
    assert twelve.statement == "12,000 North Korean troops in training"
    # 3,000 (003: arrived in eastern Russia; 004: a battalion) are two quantities: already sent, one battalion


def test_values_are_never_averaged_and_always_verbatim(corpus, ledger):
    articles, _ = corpus
    groups, disagreements, agreements = ledger
    values = [v for g in groups for v in g.values] + [v for d in disagreements for v in d.values]
    for v in values:
        text = articles[v.article_id[:3]].text
        assert text[v.span.start : v.span.end] == v.quote
        assert v.sentence in text and v.quote in v.sentence
        assert states_value(v.quote, v.value, v.unit), v.quote
        if v.normalized_value is not None and v.unit and " per " not in v.unit:
            assert v.normalized_value == pytest.approx(normalize(float(v.value), v.unit)[0], abs=0.01)
    for a in agreements:
        group = next(g for g in groups if any(v.quote in a.quotes for v in g.values))
        assert a.value in {v.normalized_value for v in group.values}


def test_skipped_figures_and_ratio_members(ledger):
    groups, _, _ = ledger
    values = [v for g in groups for v in g.values]
    quotes = {v.quote for v in values}
    assert "Il-76" not in quotes
    assert next(g for g in groups for v in g.values if v.quote == "since the 1950s").period == "1950s"  # a decade
    assert "two nations" not in quotes and "two isolated nations" not in quotes  # "the two nations"
    personnel = [v for g in groups if g.unit == "troops" for v in g.values]
    assert not any("officers" in v.quote or "30" in v.text for v in personnel)
    ratios = [g for g in groups if g.unit and " per " in g.unit]
    assert {g.unit for g in ratios} == {"interpreter per men", "officers per men"}
    assert [g.id for g in groups] == [f"Q{i}" for i in range(1, len(groups) + 1)]
    assert [len(g.values) for g in groups] == sorted((len(g.values) for g in groups), reverse=True)


def test_dates_no_event_word_names_are_grouped_as_written_and_never_flagged(ledger):
    """ "began in August" (two articles): one group of the month as written, with no side and no flag; a
    date is never in a group of counts."""
    groups, disagreements, agreements = ledger
    dated = [g for g in groups if any(isinstance(v.normalized_value, str) for v in g.values)]
    assert dated and all(isinstance(v.normalized_value, str) for g in dated for v in g.values)
    assert all(g.actor is None and not g.disagreement for g in dated)
    august = next(g for g in dated if g.period == "--08")
    assert len({v.article_id for v in august.values}) >= 2 and august.quantity == "date (--08)"
    assert not any(set(d.group_ids) & {g.id for g in dated} for d in disagreements)
    assert not any(isinstance(a.value, str) for a in agreements)  # naming one day is no agreement on a fact


def test_claim_date_is_a_date_in_the_same_sentence(ledger):
    groups, _, _ = ledger
    v = next(v for g in groups for v in g.values if v.article_id.startswith("001") and v.value == 5000)
    assert v.claim_date == "--10-25"


# --- hand-made cases -----------------------------------------------------------------------------------


def value(article: str, x: float, qualifier: str | None = None, unit: str = "troops") -> LedgerValue:
    text = f"{x:,.0f}"
    quote = f"{qualifier + ' ' if qualifier else ''}{text} {unit}"
    return LedgerValue(
        article_id=article, figure_id="F1", value=x, unit=unit, normalized_value=x, text=text,
        qualifier=qualifier, attributed_to=None, actor=None, what=None, quote=quote,
        span=Span(start=0, end=len(quote)), paragraph=1, sentence=quote + ".",
    )  # fmt: skip


def test_tolerance_is_2_percent_or_5_when_approximate():
    assert agree(value("a", 1000), value("b", 1015))
    assert not agree(value("a", 1000), value("b", 1040))
    assert agree(value("a", 1000, "about"), value("b", 1040))
    assert agree(value("a", 1036, "about"), value("b", 1000, "approximately"))  # 400 sq mi vs 1,000 km²
    assert not agree(value("a", 11000, "nearly"), value("b", 10000))  # 9.1% apart: different estimates
    # a hedged number that is not round is a rounding to its last digit (to 5 for "165"): a count stated
    # exactly must round to it; with leeway (is it one quantity?) the hedge's 5% still holds
    assert not agree(value("a", 165, "about"), value("b", 162)) and agree(value("a", 165, "about"), value("b", 167))
    assert not agree(value("a", 2941), value("b", 2945, "about")) and agree(value("a", 2946), value("b", 2945, "about"))
    assert agree(value("a", 2900, "about"), value("b", 2946))
    assert agree(value("a", 165, "about"), value("b", 162), leeway=True)
    assert agree(value("a", 165, "about"), value("b", 160, "about"))  # neither stated exactly
    assert not agree(value("a", 1000, "at least"), value("b", 1040))  # a bound is not an approximation
    assert not agree(value("a", 1000), value("b", 1000).model_copy(update={"normalized_value": None}))


def test_a_value_written_with_fewer_decimals_agrees_with_the_one_it_rounds():
    def v(article, text, source=None):
        return value(article, float(text), unit="percent").model_copy(update={"text": text, "attributed_to": source})

    assert agree(v("a", "16"), v("b", "15.6")) and agree(v("a", "6"), v("b", "6.2"))  # "16pc" for 15.6%
    assert not agree(v("a", "16"), v("b", "15.4"))  # 15.4 rounds to 15
    assert not agree(v("a", "1"), v("b", "1.36"))  # 36% apart: not a rounding worth taking
    assert not agree(v("a", "7", "the institute"), v("b", "6.8", "the USGS"))  # two measurements
    assert not agree(v("a", "87"), v("b", "88"))  # whole numbers: no rounding between them


def test_clusters_are_complete_linkage():
    vals = [value("a", 1080, "about"), value("b", 1000, "about"), value("c", 1040, "about")]
    assert clusters(vals) == [[1, 2], [0]]  # 1,000 ~ 1,040 ~ 1,080, but 1,000 and 1,080 are 8% apart


@pytest.mark.parametrize(
    ("given", "disagree"),
    [
        ([("a", 400), ("a", 250), ("b", 400)], False),  # a gives two quantities; b agrees with one
        ([("a", 400), ("a", 250)], False),  # one article, two values: not a contradiction of itself
        ([("a", 100), ("b", 200)], True),
        ([("a", 100), ("a", 200), ("b", 100), ("b", 200)], False),  # both give both
        ([("a", 100), ("b", 200), ("c", 100), ("c", 200)], True),  # a and b still conflict
        ([("a", 100), ("b", 100)], False),
    ],
)
def test_disagreement_needs_clusters_neither_article_set_holding_the_other(given, disagree):
    vals = [value(a, x) for a, x in given]
    assert (conflicting(vals, clusters(vals)) is not None) is disagree


def test_a_note_names_the_values_each_article_gives_beside_another() -> None:
    from summarizer.briefing.ledger_notes import note
    from summarizer.schemas import LedgerGroup, LedgerValue, Span

    def v(a: str, x: float) -> LedgerValue:
        return LedgerValue(article_id=a, figure_id="F1", text=f"{x:g}", value=x, unit=None, normalized_value=x,
                           qualifier=None, attributed_to=None, actor=None, what=None, quote=f"{x:g}",
                           span=Span(start=0, end=1), paragraph=1, sentence=f"It measured {x:g}.")  # fmt: skip

    values = [v("a", 6.8), v("b", 6.8), v("c", 6.8), v("a", 7.0), v("b", 7.0)]
    common = {"quantity_origin": "fallback", "actor": None, "disagreement": False, "unit": None}
    g = LedgerGroup(id="Q1", quantity="magnitude", values=values, clusters=[[0, 1, 2], [3, 4]], **common)
    text = note(g)
    assert "no conflict: 7 (a; b) comes only from articles that also give another value" in text
    assert "no conflict:  " not in text
    g = LedgerGroup(id="Q2", quantity="countries", values=[v("a", 4), v("b", 27)], clusters=[[0], [1]], **common)
    assert note(g) == "also given, not flagged: 4 (a), 27 (b)"  # neither article gives the other's value


def test_a_note_gives_each_number_to_the_articles_that_write_it() -> None:
    from summarizer.briefing.ledger_notes import note
    from summarizer.schemas import LedgerGroup, LedgerValue, Span

    def v(a: str, text: str) -> LedgerValue:
        x = float(text)
        return LedgerValue(article_id=a, figure_id="F1", text=text, value=x, unit="percent", normalized_value=x,
                           qualifier=None, attributed_to=None, actor=None, what=None, quote=f"{text}%",
                           span=Span(start=0, end=1), paragraph=1, sentence=f"Turnout was {text}%.")  # fmt: skip

    values = [v("a", "58.64"), v("b", "58.6"), v("c", "58.64"), v("d", "62")]  # turnout: one cluster, two spellings
    g = LedgerGroup(id="Q1", quantity="turnout", values=values, clusters=[[0, 1, 2], [3]], quantity_origin="fallback",
                    actor=None, disagreement=True, unit="percent")  # fmt: skip
    assert note(g) == "values range from 58.64% (a; c) / 58.6% (b) to 62% (d)"  # b wrote 58.6, not 58.64
