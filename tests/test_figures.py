from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarizer.extract.figures import find_figures
from summarizer.extract.quantities import states_value
from summarizer.read.article import Article, Paragraph
from summarizer.schemas import Figure

CORPUS = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "kursk-2024" / "articles"
# Paragraphs ingest drops as boilerplate in the sample corpus (by how they start).
BOILERPLATE = (
    "Most Commented", "Read more:", "You could close this page", "We keep our reporting", "A little bit goes",
    "Become a Patron!", "Original Source", "(Visited", "About The Author", "Related:", "Physical Address",
    "304 North Cardinal", "Dorchester Center", "en_USEnglish",
)  # fmt: skip


def make_article(text: str, drop: tuple[str, ...] = BOILERPLATE, article_id: str = "test") -> Article:
    """What ingest produces for a .txt: one paragraph per non-blank line, offsets into the unmodified text."""
    paragraphs = []
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        body = m.group().strip()
        dropped = "boilerplate" if body.startswith(drop) else None
        paragraphs.append(Paragraph(len(paragraphs) + 1, start, start + len(body), body, dropped))
    return Article(article_id, "<text>", text, paragraphs)


def corpus_article(prefix: str) -> Article:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    return make_article(path.read_text(encoding="utf-8"), article_id=prefix)


def by_text(figures: list[Figure], text: str, kind: str | None = None) -> list[Figure]:
    return [f for f in figures if f.text == text and (kind is None or f.kind == kind)]


# Every numeric mention in each article, found by reading it (weekdays and word ordinals are not figures, nor
# "the two nations", "the two have": a pair already named; see the figures module docstring). In order of
# appearance; ratios are checked separately.
GOLD = {
    "000": [
        ("Several thousand", "vague"), ("August", "date"), ("one", "count"), ("two", "count"),
        ("thousands", "vague"), ("12,000", "count"), ("4,000", "measure"), ("thousands", "vague"),
        ("5,000", "count"), ("Il-76", "designation"), ("early August", "date"), ("400", "measure"),
        ("October", "date"), ("several", "vague"), ("250", "measure"), ("two", "measure"), ("1950s", "year"),
        ("August", "date"),
    ],
    "001": [
        ("October 23", "date"), ("October 25", "date"), ("5,000", "count"), ("IL-76", "designation"),
        ("50,000", "count"), ("August 6", "date"),
    ],
    "002": [
        ("several thousand", "vague"), ("August", "date"), ("thousands", "vague"), ("Il-76", "designation"),
        ("5,000", "count"), ("12,000", "count"), ("several", "vague"), ("1,000", "measure"),
        ("early August", "date"), ("50,000", "count"),
    ],
    "003": [
        ("3,000", "count"), ("10,000", "count"), ("October 27", "date"), ("28", "date"), ("1,500", "count"),
        ("August", "date"), ("October 23", "date"), ("October 24", "date"), ("one", "count"),
        ("three", "count"), ("30", "count"), ("three", "count"), ("30", "count"), ("June", "date"),
        ("thousands", "vague"), ("1.2 million", "count"),
    ],
    "004": [
        ("11,000", "count"), ("November 1, 2024", "date"), ("2,600", "count"),
        ("thousands", "vague"), ("11th", "designation"), ("11th", "designation"),
        ("3,000", "count"), ("2022", "year"), ("millions", "vague"),
    ],
}  # fmt: skip


@pytest.mark.parametrize("prefix", sorted(GOLD))
def test_recall_and_precision_against_hand_list(prefix: str) -> None:
    found = [(f.text, f.kind) for f in find_figures(corpus_article(prefix)) if f.kind != "ratio"]
    missing = [g for g in GOLD[prefix] if g not in found]
    assert not missing, f"missed {missing}"
    assert found == GOLD[prefix]


@pytest.mark.parametrize("prefix", sorted(GOLD))
def test_invariants(prefix: str) -> None:
    article = corpus_article(prefix)
    figures = find_figures(article)
    kept = {p.index for p in article.kept}
    assert [f.id for f in figures] == [f"F{i}" for i in range(1, len(figures) + 1)]
    for f in figures:
        assert article.text[f.span.start : f.span.end] == f.quote
        assert f.text in f.quote
        assert f.paragraph in kept
        p = article.paragraph(f.paragraph)
        assert p.start <= f.span.start < f.span.end <= p.end
        assert f.quote in f.sentence or f.sentence in article.text[p.start : p.end]
        assert f.what is None or f.what in article.text[p.start : p.end]  # drawn from the text, never invented
        assert f.what_origin == "fallback" and f.attributed_to is None
        if f.kind != "designation":
            assert states_value(f.quote, f.value, f.unit), f
    starts = [f.span.start for f in figures]
    assert starts == sorted(starts)


# (text, kind, value, unit, qualifier, quote) that must be among an article's figures.
PINNED = {
    "000": [
        ("Several thousand", "vague", None, "soldiers", None, "Several thousand North Korean soldiers"),
        ("August", "date", "--08", None, "since", "since August"),
        ("one", "count", 1.0, "officials", None, "one Ukrainian and two U.S. officials"),
        ("two", "count", 2.0, "officials", None, "two U.S. officials"),
        ("thousands", "vague", None, "North Koreans", None, "thousands of North Koreans"),
        ("12,000", "count", 12000.0, "troops", "as high as", "as high as 12,000 troops"),
        ("4,000", "measure", 4000.0, "mile", "nearly", "nearly 4,000-mile journey"),
        ("thousands", "vague", None, None, None, "thousands more"),
        ("5,000", "count", 5000.0, "troops", "as many as", "as many as 5,000 North Korean troops"),
        ("Il-76", "designation", None, None, None, "Il-76"),
        ("early August", "date", "--08", None, None, "early August"),
        ("400", "measure", 400.0, "square mile", "about", "about 400 square miles"),
        ("October", "date", "--10", None, "throughout", "throughout October"),
        ("several", "vague", None, "villages", None, "several villages"),
        ("250", "measure", 250.0, "square mile", "about", "about 250 square miles"),
        ("two", "measure", 2.0, "month", "more than", "more than two months"),
        ("1950s", "year", 1950.0, None, "since", "since the 1950s"),
    ],
    "001": [
        ("October 23", "date", "--10-23", None, "since", "since October 23"),
        ("October 25", "date", "--10-25", None, None, "October 25"),
        ("5,000", "count", 5000.0, "soldiers", None, "5,000 North Korean soldiers"),
        ("IL-76", "designation", None, None, None, "IL-76"),
        ("50,000", "count", 50000.0, "troops", "around", "around 50,000 troops"),
        ("August 6", "date", "--08-06", None, "since", "since August 6"),
    ],
    "002": [
        ("several thousand", "vague", None, "troops", None, "several thousand troops"),
        ("5,000", "count", 5000.0, "soldiers", None, "5,000 North Korean soldiers"),
        ("12,000", "count", 12000.0, "troops", "up to", "up to 12,000 troops"),
        ("1,000", "measure", 1000.0, "km²", "approximately", "approximately 1,000 square kilometers"),
        ("early August", "date", "--08", None, None, "early August"),
        ("50,000", "count", 50000.0, "troops", "about", "about 50,000 troops"),
        ("Il-76", "designation", None, None, None, "Il-76"),
    ],
    "003": [
        ("3,000", "count", 3000.0, "soldiers", "at least", "at least 3,000 North Korean soldiers"),
        ("10,000", "count", 10000.0, "soldiers", None, "“10,000” soldiers"),
        ("1,500", "count", 1500.0, "soldiers", None, "1,500 soldiers"),
        ("October 27", "date", "--10-27", None, None, "October 27 and 28"),
        ("28", "date", "--10-28", None, None, "October 27 and 28"),
        ("October 23", "date", "--10-23", None, "the night of", "the night of October 23"),
        ("October 24", "date", "--10-24", None, "the morning of", "the morning of October 24"),
        ("one", "count", 1.0, "interpreter", None, "one interpreter"),
        ("three", "count", 3.0, "officers", None, "three senior officers"),
        ("30", "count", 30.0, "men", None, "30 North Korean men"),
        ("three senior officers for every 30", "ratio", 0.1, "officers per men", None,
         "three senior officers for every 30 North Korean men"),
        ("thousands", "vague", None, "metric ton", None, "thousands of metric tons"),
        ("1.2 million", "count", 1.2e6, "soldiers", None, "1.2 million soldiers"),
    ],
    "004": [
        ("11,000", "count", 11000.0, "soldiers", "nearly", "nearly 11,000 North Korean soldiers"),
        ("November 1, 2024", "date", "2024-11-01", None, "by", "by November 1, 2024"),
        ("2,600", "count", 2600.0, "soldiers", None, "2,600 North Korean soldiers"),
        ("3,000", "count", 3000.0, "soldiers", "around", "around 3,000 soldiers"),
        ("11th", "designation", None, None, None, "11th Guards Air Assault Brigade"),
        ("2022", "year", 2022.0, None, None, "2022"),
        ("millions", "vague", None, "shells", None, "millions of artillery shells"),
    ],
}  # fmt: skip


@pytest.mark.parametrize(("prefix", "expected"), [(k, e) for k, v in PINNED.items() for e in v])
def test_pinned_findings(prefix: str, expected: tuple) -> None:
    text, kind, value, unit, qualifier, quote = expected
    got = [(f.text, f.kind, f.value, f.unit, f.qualifier, f.quote) for f in find_figures(corpus_article(prefix))]
    assert any(g[:2] == (text, kind) and g[3:] == (unit, qualifier, quote) and g[2] == pytest.approx(value)
               for g in got), f"{expected} not in {got}"  # fmt: skip


def test_ratio_one_interpreter_and_three_officers_for_every_30() -> None:
    figures = find_figures(corpus_article("003"))
    ratios = [f for f in figures if f.kind == "ratio"]
    assert [(f.value, f.unit) for f in ratios] == [(pytest.approx(1 / 30), "interpreter per men"),
                                                   (pytest.approx(0.1), "officers per men")]  # fmt: skip
    assert ratios[0].quote == "one interpreter and three senior officers for every 30 North Korean men"
    assert all(f.paragraph == ratios[0].paragraph for f in ratios)


def test_what_is_a_verbatim_fallback() -> None:
    f = by_text(find_figures(corpus_article("000")), "5,000")[0]
    assert f.what == "North Korean troops were expected to have mustered by Monday"
    assert f.sentence.startswith("A senior Ukrainian official")
    assert f.paragraph == 4


def test_reference_year_from_a_full_date_in_the_article() -> None:
    article = make_article("Troops arrived on October 23.\nThe deadline is November 1, 2024.\nSince 2022, war.")
    values = [(f.text, f.value) for f in find_figures(article)]
    assert values == [("October 23", "2024-10-23"), ("November 1, 2024", "2024-11-01"), ("2022", 2022.0)]


def test_no_figures_from_dropped_paragraphs() -> None:
    article = make_article("5,000 troops arrived.\nDonate $5 today to help 3 reporters.\n", drop=("Donate",))
    figures = find_figures(article)
    assert [f.text for f in figures] == ["5,000"]
    assert figures[0].paragraph == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The aid is worth $2.5 billion.", [("$2.5 billion", "money", 2.5e9, "USD")]),
        ("It spent 3 million euros.", [("3 million", "money", 3e6, "EUR")]),
        (
            "Turnout was 40% and then 45 percent.",
            [("40", "percent", 40.0, "percent"), ("45", "percent", 45.0, "percent")],
        ),
        ("A 10-kilometer front.", [("10", "measure", 10.0, "km")]),
        ("The strike came at 14:30 local time.", [("14:30", "time", "14:30", None)]),
        ("They met on Friday and again Monday.", []),
        ("Seoul, one of the world's largest suppliers, said at one point that one man spoke.", []),
        ("At least one soldier died.", [("one", "count", 1.0, "soldier")]),
        (
            "A dozen drones and thirty-five missiles.",
            [("A dozen", "count", 12.0, "drones"), ("thirty-five", "count", 35.0, "missiles")],
        ),
        ("Dozens of drones hit Kyiv.", [("Dozens", "vague", None, "drones")]),
        ("Tens of thousands of people fled.", [("Tens of thousands", "vague", None, "people")]),
        (
            "F-16 jets and Su-34 bombers flew.",
            [("F-16", "designation", None, None), ("Su-34", "designation", None, None)],
        ),
        ("He may march in May.", [("May", "date", "--05", None)]),
        ("Many soldiers and numerous tanks.", []),
        (
            "Between 5,000-10,000 troops.",
            [("5,000", "count", 5000.0, None), ("10,000", "count", 10000.0, "troops")],
        ),
        (
            "On 2024-10-23 at 3 p.m.",
            [("2024-10-23", "date", "2024-10-23", None), ("3 p.m.", "time", "15:00", None)],
        ),
        ("Two-thirds of the 300 men left.", [("300", "count", 300.0, "men")]),  # fractions are not counts
        ("One significant aspect is one of the main goals.", []),
        (
            "Troops left in 2023 and 2,000 stayed.",
            [("2023", "year", 2023.0, None), ("2,000", "count", 2000.0, None)],
        ),
    ],
)
def test_figure_kinds(text: str, expected: list[tuple]) -> None:
    figures = find_figures(make_article(text, drop=()))
    assert [(f.text, f.kind, f.value, f.unit) for f in figures] == expected
    for f in figures:
        assert f.kind == "designation" or states_value(f.quote, f.value, f.unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Relations between the two countries have deteriorated.", []),  # a pair already named
        ("Since then the two have met twice.", []),
        ("In the two weeks since the vote, turnout was 58%.", ["two", "58"]),  # a span of time is a figure
        ("The two companies reported 12% growth; two analysts disagreed.", ["12", "two"]),
        ("The nine provinces reported 1,200 deaths.", ["nine", "1,200"]),  # a total the reader learns
    ],
)
def test_the_two_refers_back_and_is_no_figure(text: str, expected: list[str]) -> None:
    from summarizer.read.ingest import article_from_text

    article = article_from_text(f"Headline here\n\n{text}", title="Headline here")
    assert [f.text for f in find_figures(article) if f.kind != "ratio"] == expected
