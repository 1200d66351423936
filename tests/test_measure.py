"""What a figure measures, and the ledger grouping by it, on small made-up reports from two domains (a
disaster's tolls, a company's results): measure words, scopes, names, sequences, flags."""

from __future__ import annotations

import re
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
    assert "service" in m["$8.63 billion"].names  # singular: "Device revenue" and "Devices revenue" are one


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


def test_a_span_of_time_measures_what_follows_it() -> None:
    m = measures(
        "The king declared three days of national mourning from Sunday. The assembly must sit within 14 days "
        "of the declaration. The party has been 30 years in power. Two weeks after the earthquake, families "
        "were still in tents. The court must rule within seven days after the voting day."
    )
    assert m["three days"].name == "mourning" and not m["three days"].cumulative
    assert m["14 days"].name == "declaration" and m["30 years"].name == "power"
    assert m["Two weeks"].name == "earthquake" and m["Two weeks"].cumulative  # time since an event grows
    assert m["seven days"].name is None  # counted from a day: says no more than a date would


def test_who_gives_a_number_is_disputed_only_between_named_sources_that_are_not_one() -> None:
    texts = {
        "a": "Results came in on Sunday. Commission chairperson Jo Ngema said 579 objections were received.",
        "b": "Results came in on Sunday. The Electoral Commission said 579 objections were received.",
        "c": "Results came in on Sunday. The Texas-based company said 579 objections were received.",
        "d": "Results came in on Sunday. The Electoral Court said 579 objections were received.",
    }
    briefs = [brief(t, k) for k, t in texts.items()]
    _, disagreements, _ = build_ledger(briefs[:3])
    assert not [d for d in disagreements if d.kind == "attribution"]  # the chairperson speaks for the Commission
    _, disagreements, _ = build_ledger(briefs)
    notes = [d.note for d in disagreements if d.kind == "attribution"]
    assert len(notes) == 1 and "Electoral Court" in notes[0]
    assert "Texas-based company" not in notes[0]  # a description names no one


def test_dates_and_times_are_grouped_by_the_event_they_date() -> None:
    texts = {
        "a": "Officials spoke on Monday. The commission declared the results of the May 29 national elections.",
        "b": "Officials spoke on Monday. The Elections held on 29 May 2024 were free and fair, the commission said.",
        "c": "Officials spoke on Monday. Revenue for the quarter ended Sept. 27 rose 8%. The results were declared "
        "at 1600 GMT.",
        "d": "Officials spoke on Monday. Tessaline reported results for its quarter ended September 27, 2025. The "
        "results were declared at 18:00.",
    }
    groups, disagreements, agreements = build_ledger([brief(t, k) for k, t in texts.items()])
    by_measure = {g.quantity: g for g in groups if g.unit is None}
    assert {v.article_id for v in by_measure["election day (date)"].values} == {"a", "b"}
    assert {v.article_id for v in by_measure["period end (date)"].values} == {"c", "d"}
    assert "29 May 2024 (election day (date))" in [a.statement for a in agreements]
    assert "27 Sep 2025 (period end (date))" in [a.statement for a in agreements]
    declared = by_measure["announcement (time)"]
    assert len(declared.clusters) == 2 and not declared.disagreement  # 1600 GMT and 18:00 may be one moment
    assert not disagreements


def test_the_ends_of_a_range_are_two_quantities_of_one_measure() -> None:
    m = measures("Tessaline expects revenue of $27.5 billion to $28.5 billion and a gross margin of 44% to 45%. "
                 "Ten parties won between one and three seats each.")  # fmt: skip
    low, high = m["$27.5 billion"], m["$28.5 billion"]
    assert low.name == high.name == "revenue"
    assert low.scopes == ("forecast", "low end") and high.scopes == ("forecast", "high end")
    assert m["45%"].name == "gross-margin" and m["45%"].scopes == ("high end",) and m["44%"].scopes == ("low end",)
    assert m["three seats"].name == "seats" and m["three seats"].scopes == ("high end",)


def test_a_measure_word_right_before_the_number_beats_one_further_after() -> None:
    m = measures("In 1960 a magnitude 5.8 tremor destroyed the coastal city of Agadir and killed 15,000 people.")
    assert m["5.8"].name == "magnitude"
    assert m["15,000 people"].name == "deaths"


def test_a_year_before_the_figure_before_holds_for_the_next_figure_too() -> None:
    m = measures("It was the deadliest since 1960, when a magnitude 5.8 tremor destroyed Agadir and killed as "
                 "many as 15,000 people.", 2023)  # fmt: skip
    assert m["5.8"].period == "1960" and m["as many as 15,000 people"].period == "1960"
    m = measures("Tolls rose. In 2019 it won 57.5% and 230 seats; this year it won 40.2%.", 2024)
    assert m["57.5%"].period == m["230 seats"].period == "2019" and m["40.2%"].period is None


def test_a_second_value_according_to_another_body_keeps_the_measure() -> None:
    m = measures("The quake struck. It had a magnitude of 6.8 according to the USGS and 6.9 according to the EMSC.")
    assert m["6.9"].name == "magnitude"


def test_analysts_expectations_are_estimates_and_a_call_with_analysts_is_not() -> None:
    table = measures("Results came. Revenue: $24.87 billion versus $24.41 billion expected.")
    assert table["$24.41 billion"].name == "revenue" and table["$24.41 billion"].scopes == ("estimate",)
    m = measures("Revenue rose to $24.87 billion, beating estimates of $24.41 billion. Costs were $1.1 billion, Raman "
                 "said on a call with analysts, adding that she expected a hit of $1.4 billion.")  # fmt: skip
    assert m["$24.41 billion"].name == "revenue" and m["$24.41 billion"].scopes == ("estimate",)
    assert m["$1.1 billion"].scopes == () and m["$1.4 billion"].scopes == ("forecast",)


def test_segment_and_place_names_from_the_subject() -> None:
    m = measures("Results came. Sales in Greater China, the third-largest market, fell to $3.91 billion. The "
                 "company's services segment reported revenue of $8.63 billion. Device sales rose 4.5% to $16.24 "
                 "billion. It shipped 12 million phones, as sales in Greater China fell 6.2%.")  # fmt: skip
    assert m["$3.91 billion"].names == ("Greater China",) and m["6.2%"].names == ("Greater China",)
    assert m["$8.63 billion"].names == ("service",)
    assert m["4.5%"].names == ("device",)


def test_a_name_a_figure_is_given_under_is_its_source_not_its_scope() -> None:
    m = measures("The sitting, which in terms of the Constitution must take place no later than 14 days after the "
                 "declaration, will elect a president.")  # fmt: skip
    assert "Constitution" not in m["no later than 14 days"].names


def test_a_bound_kept_by_the_other_value_and_two_hypotheses_are_no_disagreement() -> None:
    a = "Results came. The party's share of the vote slipped below 41% on Friday."
    b = "Results came. The party's share of the vote was 40.18%."
    c = "Results came. The party's share of the vote was 45%."
    groups, _, _ = build_ledger([brief(a, "a"), brief(b, "b")])
    share = next(g for g in groups if g.measure == "vote-share")
    assert len(share.values) == 2 and not share.disagreement  # below 41% and 40.18% agree
    groups, _, _ = build_ledger([brief(a, "a"), brief(c, "c")])
    assert next(g for g in groups if g.measure == "vote-share").disagreement  # 45% is not below 41%
    d = "Results came. Together the two parties would hold 246 seats."
    e = "Results came. A deal with the third party would give them 256 seats."
    groups, _, _ = build_ledger([brief(d, "d"), brief(e, "e")])
    seats = next(g for g in groups if g.measure == "seats")
    assert seats.scope == ["hypothetical"] and len(seats.values) == 2 and not seats.disagreement


def test_a_year_an_event_word_names_is_in_the_ledger_compared_as_written_and_never_flagged() -> None:
    a = "Results came. It was the deadliest since the 1960 Agadir earthquake. In 2004 a quake near Al Hoceima hit."
    b = "Results came. The 1960 Agadir earthquake killed 12,000. The 1994 earthquake was smaller."
    groups, _, agreements = build_ledger([brief(a, "a"), brief(b, "b")])
    years = [g for g in groups if g.values and g.values[0].figure_id and g.measure == "struck" and g.unit is None
             and all(v.normalized_value in ("1960", "2004", "1994") for v in g.values)]  # fmt: skip
    assert years and not any(g.disagreement for g in years)
    assert any(a.value == "1960" and a.count == 2 for a in agreements)


def test_a_bare_counted_noun_is_flagged_only_when_the_sentences_share_a_word_beyond_it() -> None:
    a = "Results came. The charity provides shelter after disasters and currently works in 27 countries."
    b = "Results came. The government was criticised for accepting rescue teams from only four countries."
    groups, _, _ = build_ledger([brief(a, "a"), brief(b, "b")])
    countries = next(g for g in groups if g.unit and g.unit.startswith("countr"))
    assert len(countries.values) == 2 and not countries.disagreement
    c = "Results came. The government accepted rescue teams from five countries."
    groups, _, _ = build_ledger([brief(b, "b"), brief(c, "c")])
    assert next(g for g in groups if g.unit and g.unit.startswith("countr")).disagreement


def test_the_value_a_change_started_from_is_the_earlier_value_of_its_measure() -> None:
    m = measures("Results came. Net income rose to $3.41 billion, or $2.14 per share, from $2.96 billion. Net income "
                 "was $3.41 billion, up 15.3 percent from $2.96 billion. Turnout was 62%, down from 66%.")  # fmt: skip
    for quote in ("from $2.96 billion", "$2.96 billion"):
        if quote in m:
            assert m[quote].name == "net-income" and "earlier" in m[quote].scopes
    assert m["$3.41 billion"].scopes == ()
    assert m["66%"].name == "turnout" and m["66%"].scopes == ("earlier",)
    toll = measures("The quake struck. The death toll rose to 2,122 from 1,037 on Sunday.")
    assert toll["1,037"].scopes == ()  # a toll's earlier value is an update of the toll, not another quantity


def test_a_value_its_source_scopes_joins_no_group_of_another_scope() -> None:
    a = "Results came. An Ipsos survey put the ANC on 40.2% and the DA on 21.9%."
    b = "Results came. The DA won 21.8% of the vote, the commission said."
    m = measures(a)
    assert m["21.9%"].scopes == ("poll",)  # its source, in its sentence, is a survey
    groups, disagreements, _ = build_ledger([brief(a, "a"), brief(b, "b")])
    share = next(g for g in groups if g.measure == "vote-share")
    assert [v.text for v in share.values] == ["21.8"] and not disagreements  # the poll's 21.9% stays apart
    c = "Results came. Turnout was 58%, down from 66% in 2019."
    d = "Results came. Turnout was 62%, down from 66% five years ago."
    groups, _, _ = build_ledger([brief(c, "c"), brief(d, "d")])
    earlier = [g for g in groups if g.measure == "turnout" and "earlier" in g.scope]
    assert len(earlier) == 1 and len(earlier[0].values) == 2  # "in 2019" and "five years ago": one value


def test_values_given_for_different_times_are_snapshots_not_a_conflict() -> None:
    a = "The quake struck. A magnitude 4.9 aftershock followed 19 minutes later, the USGS said."
    b = "The quake struck. An aftershock of magnitude 3.9 shook the area on Sunday morning, the USGS said."
    c = "The quake struck. An aftershock of magnitude 5.1 followed 20 minutes later, the EMSC said."
    assert measures(a)["4.9"].when == "minutes later" and measures(b)["3.9"].when == "Sunday"
    groups, disagreements, _ = build_ledger([brief(a, "a"), brief(b, "b")])
    shock = next(g for g in groups if g.measure == "magnitude")
    assert not shock.disagreement and not disagreements
    assert shock.note and "different times" in shock.note and "Sunday" in shock.note
    groups, _, _ = build_ledger([brief(a, "a"), brief(c, "c")])  # two offsets in minutes: one moment
    assert next(g for g in groups if g.measure == "magnitude").disagreement


def test_a_relative_clause_describes_the_noun_before_it_not_the_figure_after() -> None:
    m = measures("Results came. Services revenue, which includes Tessaline Cloud, the Play store and the One bundle, "
                 "rose 15.6 percent to $8.63 billion.")  # fmt: skip
    assert m["15.6 percent"].name == "revenue" and m["15.6 percent"].names == ("service",)
    assert m["$8.63 billion"].name == "revenue" and m["$8.63 billion"].names == ("service",)
    # a figure inside the clause is about the name it follows
    m = measures("Results came. Talks may include smaller parties such as the Inkatha Freedom Party (IFP), "
                 "which had 3.9%, and the far-left Economic Freedom Fighters, which won 9.5% and more.")  # fmt: skip
    assert {"IFP", "Inkatha Freedom Party"} <= set(m["3.9%"].names)
    assert m["9.5%"].names == ("Economic Freedom Fighters",)
    m = measures("Results came. The weak spot was Greater China, where sales fell 6pc to $3.9bn.")
    assert m["6pc"].names == ("Greater China",) == m["$3.9bn"].names  # "where" names nothing


def test_a_change_from_a_year_ago_is_no_value_of_a_year_ago_and_a_share_is_no_change() -> None:
    m = measures("Results came. The segment reported revenue of $8.63 billion, up nearly 16% from a year earlier.")
    assert m["nearly 16%"].scopes == ()  # the change between then and now
    m = measures("Results came. Turnout was 62%, down from 66% a year earlier.")
    assert m["66%"].scopes == ("earlier",)  # the value it started from is of then
    m = measures("Results came. China accounted for about 16pc of group revenue.")
    assert m["about 16pc"].scopes == ("share",)


def test_a_value_naming_nothing_joins_the_one_named_quantity_other_articles_state_it_for() -> None:
    a = "Results came. Services revenue was $8.63 billion. Device revenue was $16.24 billion. Revenue was $24.87bn."
    b = "Results came. Its revenue rose to $8.63 billion."  # "its": the services division, in the sentence before
    c = "Results came. Revenue rose to $24.87 billion."
    groups, disagreements, _ = build_ledger([brief(a, "a"), brief(b, "b"), brief(c, "c")])
    services = next(g for g in groups if g.names == ["service"])
    assert [v.article_id for v in services.values] == ["a", "b"] and not disagreements
    plain = next(g for g in groups if g.measure == "revenue" and not g.names)
    assert [v.quote for v in plain.values] == ["$24.87bn", "$24.87 billion"]


def test_the_story_s_own_name_scopes_nothing_however_it_is_written() -> None:
    a = "Results came. Revenue for Tessaline was $5 billion. Tessaline shipped 11.8 million phones in the quarter."
    b = "Results came. Revenue for Tessaline was $5 billion. Tessaline says it shipped 11.2 million phones."
    assert measures(a)["11.8 million phones"].names == ("tessaline",)  # the word before "shipped"
    groups, _, _ = build_ledger([brief(a, "a"), brief(b, "b")])
    units = next(g for g in groups if g.measure == "units-sold")
    assert len(units.values) == 2 and units.disagreement and units.names == []


def test_registered_alone_is_no_count_of_voters() -> None:
    m = measures("Results came. The MK party, registered only last September, took 58 seats with 14.6%.")
    assert m["14.6%"].name != "registered-voters"
    m = measures("Results came. Turnout was 58.6% of the 27.79 million on the roll.")
    assert m["27.79 million"].name == "registered-voters"


def test_two_sources_giving_the_same_reading_agree_and_officers_of_one_body_are_one_source() -> None:
    readings = {  # a magnitude, a distance, a sum of money: readings any source may give
        "a": "The quake struck on Friday. The U.S. Geological Survey said it had a magnitude of 6.8 and was centred "
        "about 72 km from Marrakech. Tariffs cost $1.1 billion, Chief Financial Officer Priya Raman said.",
        "b": "The quake struck on Friday. The magnitude was 6.8, according to the European-Mediterranean "
        "Seismological Centre. The National Institute of Geophysics said it lay some 70 kilometres from Marrakech. "
        "Dana Whitlock, the chief executive, said tariffs had added $1.1 billion to costs.",
    }
    _, disagreements, _ = build_ledger([brief(t, k) for k, t in readings.items()])
    assert not [d for d in disagreements if d.kind == "attribution"]
    tally = {  # a count of things no measure word names: two bodies credited with one tally would be a dispute,
        # but the officers of one company and the company are one source
        "c": "Results came in on Sunday. “We received 579 complaints,” said Dana Whitlock, Tessaline’s chief "
        "executive officer.",
        "d": "Results came in on Sunday. Priya Raman, Tessaline’s chief financial officer, said 579 complaints "
        "were received.",
        "e": "Results came in on Sunday. Tessaline said 579 complaints were received.",
    }
    _, disagreements, _ = build_ledger([brief(t, k) for k, t in tally.items()])
    assert not [d for d in disagreements if d.kind == "attribution"]
    other = "Results came in on Sunday. The Consumer Council said 579 complaints were received."
    _, disagreements, _ = build_ledger([brief(tally["d"], "d"), brief(other, "f")])
    assert [d for d in disagreements if d.kind == "attribution"]  # another body: who holds the tally is disputed


def test_officers_are_read_from_appositives() -> None:
    from summarizer.briefing.sources import affiliations

    found = affiliations(["“We grew,” said Dana Whitlock, Tessaline’s chief executive officer.",
                          "Tessaline’s chief financial officer, Priya Raman, said so.",
                          "Chief Financial Officer Priya Raman said the company expects more."])  # fmt: skip
    assert found == {"Dana Whitlock": "Tessaline", "Priya Raman": "Tessaline"}


def test_readings_by_different_bodies_disagree_even_when_every_article_gives_both() -> None:
    a = (
        "The quake struck on Friday. The USGS put its magnitude at 6.8 and its depth at 18.5 km. Morocco's National "
        "Institute of Geophysics put the magnitude at 7 and the depth at about 8 km."
    )
    b = (
        "The quake struck on Friday. The magnitude was 6.8 according to the USGS and 7 according to the National "
        "Institute of Geophysics, which gave a depth of 8 km; the USGS placed it at 18.5 km."
    )
    groups, _, _ = build_ledger([brief(a, "a"), brief(b, "b")])
    flagged = {g.measure for g in groups if g.disagreement}
    assert {"magnitude", "depth"} <= flagged


def test_a_hedged_value_joins_a_measured_group_only_when_it_states_the_same_number() -> None:
    a = "The quake struck on Friday. The USGS said it struck at a depth of 18.5 km."
    b = "The quake struck on Friday. The ramparts, which run for about 19 kilometres around the medina, were cracked."
    groups, _, _ = build_ledger([brief(a, "a"), brief(b, "b")])
    depth = next(g for g in groups if g.measure == "depth")
    assert [v.quote for v in depth.values] == ["18.5 km"]
    c = "The quake struck on Friday. It was felt about 18.5 km away, the USGS said."
    groups, _, _ = build_ledger([brief(a, "a"), brief(c, "c")])
    assert len(next(g for g in groups if g.measure == "depth").values) == 2  # the same number: one quantity


def test_adjusted_figures_are_their_own_quantity_and_non_gaap_names_nothing() -> None:
    m = measures(
        "Tessaline posted diluted earnings per share of $2.14. Excluding a legal settlement, non-GAAP diluted "
        "earnings per share were $2.31. Earnings per share: $2.31 adjusted vs. $2.19 expected."
    )
    assert m["$2.14"].scopes == ("per-share",)
    assert "adjusted" in m["$2.31"].scopes and m["$2.31"].names == ()
    assert m["$2.19"].scopes == ("estimate",)  # "adjusted" before "vs." is the $2.31's
    m = measures("But adjusted earnings per share came in at $2.14, short of the $2.19 analysts had penciled in.")
    assert "adjusted" in m["$2.14"].scopes


def test_a_source_in_brackets_gives_only_what_the_brackets_hold() -> None:
    b = brief("The quake struck on Friday. The magnitude 6.8 earthquake (7 according to Morocco's National Institute "
              "of Geophysics) struck at 11:11pm on a Friday night.", "a")  # fmt: skip
    by = {f.quote: f.attributed_to for f in b.figures}
    assert by["7"] == "Morocco's National Institute of Geophysics"
    assert by["6.8"] is None and by["11:11pm"] is None


def test_a_list_item_after_a_connector_takes_the_measure_before_it() -> None:
    """ "..., Taroudant 980 and Chichaoua 202, with 41 in Ouarzazate and 18 in Marrakech": each item of
    the list is deaths, in its own place; an item of another kind keeps its own ("with 21.81% and 87 seats")."""
    m = measures("By province, Al Haouz recorded 1,684 deaths, Taroudant 980 and Chichaoua 202, with 41 in "
                 "Ouarzazate and 18 in Marrakech. Rescuers worked on.", 2023)  # fmt: skip
    assert m["41"].name == "deaths" and m["41"].names == ("Ouarzazate",)
    assert m["18"].name == "deaths" and m["18"].names == ("Marrakech",)
    e = measures("The Democratic Alliance came second with 21.81% of the vote and 87 seats. Turnout fell.", 2024)
    assert e["87 seats"].name != e["21.81%"].name


def test_a_weekday_or_month_possessive_names_nothing() -> None:
    """ "Wednesday's national election", "September's quake": a day or a month, not a name the figure is about."""
    m = measures("The result of Wednesday's national election is a steep fall from the 57.5% the ANC won in "
                 "2019. Turnout fell.", 2024)  # fmt: skip
    assert "Wednesday" not in m["57.5%"].names and m["57.5%"].period == "2019"
    q = measures("September's quake killed 2,960 people in Al Haouz. Rescuers worked on.", 2023)
    assert "September" not in q["2,960 people"].names


def test_a_year_in_a_relative_clause_closed_before_the_figure_is_not_its_period() -> None:
    """ "the ANC, which won 54.2% of the province in 2019, fell to third with 16.99%": 2019 is the 54.2%'s."""
    m = measures("The Inkatha Freedom Party came second there with 18.07% and the ANC, which won 54.2% of the "
                 "province in 2019, fell to third with 16.99%. Turnout fell.", 2024)  # fmt: skip
    assert m["54.2%"].period == "2019" and m["16.99%"].period is None
    r = measures(
        "The company, which earned $2.96 billion in 2024, reported net income of $3.41 billion. It grew.", 2025
    )
    assert r["$2.96 billion"].period == "2024" and r["$3.41 billion"].period is None


def test_a_value_of_a_year_joins_the_group_of_that_year() -> None:
    """ "In 2019 it won 57.5%" (no measure word) joins the vote share of 2019 ("down from 57.50% in 2019"),
    not this year's turnout of 58.6%, which is within tolerance too."""
    a = brief("The ANC received 40.18% of the national vote, down from 57.50% in 2019. Turnout was 58.64%.", "a")
    b = brief("The ANC has lost its majority. In 2019 it won 57.5%. Turnout was 58.6%.", "b")
    groups, _, _ = build_ledger([a, b])
    home = next(g for g in groups if any(v.quote == "57.50%" for v in g.values))
    assert {v.quote for v in home.values} == {"57.50%", "57.5%"} and home.period == "2019"


def test_a_place_named_far_after_the_number_is_another_clauses() -> None:
    """ "an 8pc rise in quarterly sales on Tuesday as growth ... offset a sharp decline in China": China is
    the decline's; "15 within the prefecture of Marrakech" and "in Taroudant" stay the figure's."""
    m = measures("Tessaline reported a better-than-expected 8pc rise in quarterly sales on Tuesday as growth in its "
                 "subscription business offset a sharp decline in China. Shares rose.", 2025)  # fmt: skip
    assert m["8pc"].names == ()
    q = measures("The toll shows 452 deaths in Taroudant and 15 within the prefecture of Marrakech itself. It rose.")
    assert q["452 deaths"].names == ("Taroudant",) and q["15"].names == ("Marrakech",)


def test_values_naming_nothing_that_agree_join_the_one_named_group_stating_their_number() -> None:
    """ "It won 159 seats" and "That means 159 seats" (two articles, no name) join "the ANC won 159 seats"
    when no other party's seats are 159: one quantity, though the two name nothing between them."""
    a = brief("The ANC won 159 seats and the Democratic Alliance won 87 seats. Talks begin.", "a")
    b = brief("The governing party lost its majority. It won 159 seats, well short of a majority.", "b")
    c = brief("The count is over. That means 159 seats for the governing party.", "c")
    groups, _, _ = build_ledger([a, b, c])
    home = next(g for g in groups if any(v.article_id == "a" and v.value == 159 for v in g.values))
    assert {v.article_id for v in home.values} == {"a", "b", "c"} and "ANC" in home.names


def test_a_vague_value_naming_nothing_does_not_join_the_named_group() -> None:
    """ "stretched for several hundred metres" (a queue of blood donors) states no number: nothing ties it to
    the distances from Marrakech, the one named group of its unit; "several villages" no more to Kursk's."""
    a = brief("The quake was centred about 72 km southwest of Marrakech. Rescuers arrived.", "a")
    b = brief("The epicentre lay some 70 kilometres southwest of Marrakech. The line of donors stretched for "
              "several hundred metres.", "b")  # fmt: skip
    c = brief("The death toll rose to 2,122 on Sunday. Aid arrived.", "c")  # Marrakech is no topic name
    groups, _, _ = build_ledger([a, b, c])
    home = next(g for g in groups if any(v.quote == "about 72 km" for v in g.values))
    assert {v.quote for v in home.values} == {"about 72 km", "some 70 kilometres"}


def test_a_sentence_opening_at_a_place_scopes_its_figures() -> None:
    """ "At the Mohammed VI University Hospital, the emergency department received more than 300 injured
    people": the hospital's count, not the national toll; "In KwaZulu-Natal, MK was leading with about 45%"."""
    m = measures("At the Mohammed VI University Hospital, the emergency department received more than 300 injured "
                 "people in the first hours. Doctors worked on.", 2023)  # fmt: skip
    assert "Mohammed VI University Hospital" in m["more than 300 injured people"].names
    e = measures("In KwaZulu-Natal, MK was leading with about 45% of the provincial vote. Counting went on.", 2024)
    assert "KwaZulu-Natal" in e["about 45%"].names


def test_a_large_count_after_the_is_a_quantity_not_a_reference() -> None:
    """ "the two nations" refers back to things named before; "the 400 seats", "the 27.79 million people on
    the voters' roll", "the 400 inhabitants" report a quantity."""
    a = brief("The ANC won 159 of the 400 seats in the National Assembly. Talks begin.", "a")
    b = brief("The count is over. The 400 seats are allocated as follows.", "b")
    c = brief("The two nations signed a pact. Ties deepened.", "c")
    groups, _, _ = build_ledger([a, b, c])
    seats = next(g for g in groups if any(v.article_id == "b" for v in g.values))
    assert {(v.article_id, v.value) for v in seats.values} == {("a", 400), ("b", 400)}
    assert not any(v.article_id == "c" for g in groups for v in g.values)


def test_a_relative_clause_after_a_holder_is_about_the_thing_held() -> None:
    """ "the Freedom Party of former president Jacob Zuma, which won more than 14%": the party's share, not
    Zuma's; "the Lumen division of chief executive Ana Ruiz, which grew 9%": the division's."""
    m = measures("The biggest surprise was the Freedom Party of former president Jacob Zuma, which won more than "
                 "14% of the vote. Talks began.", 2024)  # fmt: skip
    assert m["more than 14%"].names == ("Freedom Party",)
    r = measures("Analysts praised the Lumen Devices of chief executive Ana Ruiz, which grew 9% in the quarter. "
                 "Shares rose.", 2025)  # fmt: skip
    assert "Lumen Devices" in r["9%"].names and "Ana Ruiz" not in r["9%"].names


def test_a_measure_word_hyphened_to_the_number_is_its_own() -> None:
    """ "the 400-seat National Assembly": 400 seats; "a 6.8-magnitude quake": a magnitude of 6.8."""
    m = measures("A president is elected by the 400-seat National Assembly. Talks began.", 2024)
    assert m["400"].name == "seats"
    q = measures("A 6.8-magnitude quake struck the High Atlas late on Friday. Rescuers arrived.", 2023)
    assert next(v for k, v in q.items() if k.startswith("6.8")).name == "magnitude"


def test_a_share_move_in_another_session_or_span_is_another_quantity() -> None:
    """ "up 1.3% on the day", "up nearly 7% in extended trading", "has gained 22% so far this year": three
    quantities of one measure; an index's gain this year is apart from its day's move the same way."""
    m = measures("The shares closed up 1.3% on the day. They rose nearly 7% in extended trading and have gained "
                 "about 22% so far this year. Traders cheered.", 2025)  # fmt: skip
    assert m["1.3%"].scopes == () and m["nearly 7%"].scopes == ("after-hours",)
    assert m["about 22%"].scopes == ("year-to-date",)
    assert measures("The stock was up 2% in premarket trading. Traders cheered.", 2025)["2%"].scopes == ("premarket",)


def test_money_returned_to_shareholders_is_not_the_cash_held() -> None:
    """ "operating cash flow allowed us to return more than $6 billion to shareholders" is a payout; "cash and
    marketable securities totaled $61.3 billion" is what the company holds."""
    m = measures("Strong operating cash flow allowed us to return more than $6 billion to shareholders. Cash and "
                 "marketable securities totaled $61.3 billion.", 2025)  # fmt: skip
    assert m["more than $6 billion"].name == "shareholder-returns" and m["$61.3 billion"].name == "cash"


def test_a_distance_after_an_opening_place_is_that_place_s() -> None:
    """ "In the village of Asni, about 50 km south of Marrakech": Asni's distance from Marrakech, not the
    epicentre's ("centred about 72 km southwest of Marrakech"); the epicentre's keeps Marrakech."""
    m = measures("In the village of Asni, about 50 km south of Marrakech, houses fell. The quake was centred about "
                 "72 km southwest of Marrakech.", 2023)  # fmt: skip
    assert m["about 50 km"].names == ("Asni",) and m["about 72 km"].names == ("Marrakech",)
    e = measures("The agency said the tremor began near Ighil, some 70 kilometres from Marrakech. Aid came.", 2023)
    assert "Ighil" not in e["some 70 kilometres"].names
    f = measures("In the small town of Oakdale, 20 miles north of Denver, turnout was 61%. Counting went on.", 2024)
    assert f["20 miles"].names == ("Oakdale",)


def test_votes_counted_so_far_are_a_partial_count() -> None:
    """ "more than 16 million votes had been counted by the morning" is where the count stood, not the votes
    cast ("16.29 million cast a ballot") nor a party's votes."""
    m = measures(
        "By dawn more than 16 million votes had been counted. The ANC received about 6.46 million votes.", 2024
    )
    assert m["more than 16 million votes"].scopes == ("partial",) and m["about 6.46 million votes"].scopes == ()


def test_a_word_in_the_quote_before_its_measure_word_narrows_it() -> None:
    """ "10 smaller parties", "Ten further parties" and "52 parties" are three counts; "5,000 temporary
    employees" is not the workforce of "120,000 employees"; a scale word ("2.34 million votes") narrows nothing."""
    m = measures(
        "The DA has a pact with 10 smaller parties. In all 52 parties ran and MK won 2.34 million votes.", 2024
    )
    assert "smaller" in m["10 smaller parties"].names and m["52 parties"].names == ()
    assert "million" not in m["2.34 million votes"].names
    r = measures("The retailer will hire 5,000 temporary employees. It has 120,000 employees in all.", 2025)
    assert r["5,000 temporary employees"].names == ("temporary",) and r["120,000 employees"].names == ()


def test_a_span_of_time_is_not_labelled_with_a_measure_word_near_it() -> None:
    """ "Turnout was 62%, down from 66% five years ago": five years is no turnout; "Revenue for the three months
    to September rose": three months is no revenue. "14 days of the declaration" keeps what it is a span of."""
    texts = [
        "Turnout was 62%, down from 66% five years ago. Revenue for the three months to September rose to $9bn.",
        "The court must rule within 14 days of the declaration. Talks went on.",
    ]
    groups, _, _ = build_ledger([brief(t, f"d{i}") for i, t in enumerate(texts)])
    spans = {v.quote: g.quantity for g in groups if g.unit in ("year", "month", "day") for v in g.values}
    assert spans["five years"] == "duration" and spans["three months"] == "duration"
    assert spans["14 days"] == "declaration (duration)"


@pytest.mark.parametrize(
    ("a", "b", "flagged"),
    [
        # a projection by one body, reported twice: "about 165" is a rounding to 5, so 162 is another number
        (
            "Polls closed on Wednesday. A projection by the CSIR put the ANC on about 165 seats on Saturday.",
            "Polls closed on Wednesday. The CSIR's final projection, published on Saturday, had put it on 162 seats.",
            True,
        ),
        (
            "Polls closed on Wednesday. A projection by the CSIR put the ANC on about 165 seats on Saturday.",
            "Polls closed on Wednesday. The CSIR's final projection, published on Saturday, had put it on 166 seats.",
            False,
        ),
        # the same in another domain: a company's store count, hedged by one outlet, exact in the other
        (
            "Shares rose on Tuesday. The chain said it opened about 115 stores last year.",
            "Shares rose on Tuesday. The chain said it opened 112 stores last year.",
            True,
        ),
        (
            "Shares rose on Tuesday. The chain said it opened about 110 stores last year.",
            "Shares rose on Tuesday. The chain said it opened 112 stores last year.",
            False,
        ),  # a round number keeps the hedge's 5%
    ],
)
def test_a_hedged_number_that_is_not_round_disagrees_with_a_count_it_does_not_round(a, b, flagged) -> None:
    groups, disagreements, _ = build_ledger([brief(a, "a"), brief(b, "b")])
    both = [g for g in groups if {v.article_id for v in g.values} == {"a", "b"}]
    assert len(both) == 1  # one quantity whichever way they compare: close enough to be it
    assert both[0].disagreement is flagged
    assert bool(disagreements) is flagged
    if flagged:  # each value as written, with its unit: "from 112 stores (b) to 115 stores (a)"
        assert re.search(r"values range from 1\d\d (?:seats|stores) \(b.*\) to 1\d5 (?:seats|stores) \(a", both[0].note)


@pytest.mark.parametrize(
    ("text", "quote", "name"),
    [
        (
            "Officials spoke on Monday. Just over 16.2 million South Africans cast their ballots at the stations.",
            "Just over 16.2 million South Africans",
            "ballots-cast",
        ),
        (
            "Rescuers worked on Monday. At least 1,200 Moroccans were killed and 2,000 Moroccans were injured.",
            "At least 1,200 Moroccans",
            "deaths",
        ),
        (
            "Rescuers worked on Monday. At least 1,200 Moroccans were killed and 2,000 Moroccans were injured.",
            "2,000 Moroccans",
            "injured",
        ),
    ],
)
def test_people_named_by_their_nation_are_counted_by_what_they_did(text, quote, name) -> None:
    """ "16.2 million South Africans cast their ballots" counts voters, as "16.2 million people" would."""
    assert measures(text)[quote].name == name


def test_an_agreement_names_the_value_as_written() -> None:
    a = "Shares rose on Tuesday. Quarterly revenue rose 8% to $24.87 billion, the company said."
    b = "Shares rose on Tuesday. The company said quarterly revenue was $24.87 billion, up 8%."
    _, _, agreements = build_ledger([brief(a, "a"), brief(b, "b")])
    statements = [x.statement for x in agreements]
    assert any(s.startswith("$24.87 billion (revenue") for s in statements), statements  # not "24,870,000,000 USD"
    assert any(s.startswith("8% (") for s in statements), statements


@pytest.mark.parametrize(
    ("texts", "expected", "not_expected"),
    [
        # a company's results: each way the number is written, with the articles that write it so
        (
            {
                "a": "Shares rose on Tuesday. Revenue rose 8.1% to $24.87 billion in the quarter, the company said.",
                "b": "Shares rose on Tuesday. Revenue rose 8% to $24.87 billion in the quarter from a year ago.",
                "c": "Shares rose on Tuesday. Its revenue rose 8.1% in the quarter. The 400-seat hall was full.",
            },
            ["8.1% (the company, A1; A3)", "8% (A2)"],
            ["8% (the company, A1"],
        ),
        # a disaster's toll: a running total, from where it started to where it stands
        (
            {
                "a": "Rescuers dug on Saturday. The earthquake killed 296 people, the ministry said on Saturday.",
                "b": "Rescuers dug on Sunday. The earthquake killed 2,012 people, the ministry said on Sunday.",
                "c": "Rescuers dug on Monday. The earthquake killed 2,946 people, the ministry said on Monday.",
            },
            ["a running total: from 296", "to 2,946"],
            [],
        ),
    ],
)
def test_the_fallback_lead_names_each_number_as_its_articles_write_it(texts, expected, not_expected) -> None:
    from summarizer.briefing.build import fallback_summary

    briefs = [brief(t, k) for k, t in texts.items()]
    groups, disagreements, _ = build_ledger(briefs)
    lead = fallback_summary(briefs, [], disagreements, groups)  # articles are A1, A2, A3 in corpus order
    assert all(text in lead for text in expected), lead
    assert not any(t in lead for t in not_expected) and "400" not in lead, lead
