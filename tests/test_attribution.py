"""Attribution, quotes and entities, pinned on the kursk-2024 sample corpus (rules: see attribution.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from summarizer.extract.attribution import find_entities, find_quotes, mentioned, same_speaker, speaker_of
from summarizer.extract.entities import acronyms, speaks_for
from summarizer.read.article import Article, Paragraph

CORPUS = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "kursk-2024" / "articles"
FILES = {p.name[:3]: p for p in sorted(CORPUS.glob("*.txt"))}


@cache
def article(key: str) -> Article:
    """Paragraphs are the non-blank lines, offsets into the unmodified file text, none dropped."""
    path = FILES[key]
    text = path.read_text(encoding="utf-8")
    paragraphs, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append(Paragraph(index=len(paragraphs) + 1, start=pos, end=pos + len(line), text=line))
        pos += len(line) + 1
    for p in paragraphs:
        assert text[p.start : p.end] == p.text
    return Article(id=path.stem, source=str(path), text=text, paragraphs=paragraphs)


def span_of(key: str, needle: str) -> tuple[int, int]:
    text = article(key).text
    start = text.find(needle)
    assert start >= 0, needle
    return start, start + len(needle)


# (article, verbatim span of the claim, expected speaker; None = unattributed)
SPEAKERS = [
    (
        "000",
        "as many as 5,000 North Korean troops",
        "A senior Ukrainian official with knowledge of the troop movements",
    ),
    ("000", "as high as 12,000 troops", "Ukraine"),
    ("000", "Several thousand North Korean soldiers", "one Ukrainian and two U.S. officials"),
    ("000", "thousands of North Koreans", "the governments of South Korea and Ukraine"),
    ("000", "Il-76", "the Ukrainian official"),
    ("000", "nearly 4,000-mile journey", None),
    ("000", "about 400 square miles", None),
    ("000", "since the 1950s", None),
    ("001", "5,000 North Korean soldiers", "a senior Ukrainian official"),  # the NYT's source, not the NYT
    ("001", "on October 25", "the New York Times"),  # the citation's own clause
    ("001", "since October 23", "foreign media and diplomatic security sources"),
    ("001", "around 50,000 troops", None),  # "reportedly": no one named
    ("002", "about 50,000 troops", "Ukrainian Commander-in-Chief Colonel General Oleksandr Syrskyi"),
    ("002", "5,000 North Korean soldiers", "A senior Ukrainian official"),
    ("002", "up to 12,000 troops", "South Korea and Ukraine"),
    ("002", "several thousand troops", "Ukrainian and American officials"),  # "who spoke to …" left out
    ("002", "approximately 1,000 square kilometers", None),
    ("003", "at least 3,000 North Korean soldiers", "the White House"),
    ("003", "“10,000” soldiers", "Ukrainian President Volodymyr Zelensky"),
    ("003", "October 27 and 28", "Zelensky"),  # "Zelensky said … that according to Ukraine’s intelligence"
    ("003", "1,500 soldiers", "South Korea’s spy agency, the National Intelligence Service (NIS)"),
    ("003", "the night of October 23", "Ukraine’s Defense Intelligence"),
    ("003", "the morning of October 24", "Ukraine’s analysis of the intercepts"),
    ("003", "three senior officers for every 30", "The intercepts"),
    ("003", "three senior officers for 30 people", "one Russian serviceman"),  # inside his quote
    ("003", "1.2 million soldiers", None),
    ("003", "thousands of metric tons", None),
    ("004", "nearly 11,000 North Korean soldiers", "The Defense Intelligence of Ukraine (DIU)"),
    ("004", "2,600 North Korean soldiers", "Lt. Gen. Budanov"),
    ("004", "November 1, 2024", "the intelligence chief"),
    ("004", "around 3,000 soldiers", None),  # "according to reports" names no one
    ("004", "in 2022", None),
]


@pytest.mark.parametrize(("key", "needle", "expected"), SPEAKERS)
def test_speaker_of(key: str, needle: str, expected: str | None) -> None:
    who = speaker_of(article(key), *span_of(key, needle))
    assert who == expected
    assert who is None or who in article(key).text


# (article, start of the quoted words, expected speaker)
QUOTES = [
    ("000", "very, very serious", "U.S. Defense Secretary Lloyd Austin"),
    ("000", "This is an obvious escalatory step by Russia", "Zelenskyy"),
    ("000", "I don’t expect them", "Emil Kastehelmi"),
    ("000", "Someone has to die", "Kastehelmi"),
    ("001", "clear escalation by Russia", "Ukrainian President Volodymyr Zelenskyy"),
    ("001", "Even if North Korea", "Jo Hyun Gi"),  # "He explained, “…”"
    ("001", "North Korean troop casualties", "Jo"),  # "“…,” he stated."
    ("003", "highly concerning probability", "the White House"),
    ("003", "This is a clear step", "Zelensky"),  # "adding, “…”"
    ("003", "And he’s like standing", "the soldier"),
    ("003", "He came here", "the soldier"),  # continues the previous quote
    ("003", "The only thing I don’t understand", "one Russian serviceman"),
    ("003", "developing relations in all areas", "Peskov"),
    ("003", "This cooperation is not directed", "Peskov"),  # "he said"
    ("003", "groundless, stereotyped rumors", "North Korea"),
    ("003", "progress of the military cooperation", "Kim Tae-hyo"),
    ("003", "diplomatic, economic and military measures", "a South Korean government official"),
    ("003", "preliminary stage of deploying", "the government official"),
    ("003", "We are developing scenarios", "the government official"),
    ("003", "It will have impacts", "Austin"),
    ("003", "They’re fair game.", "National Security Council spokesman John Kirby"),
    ("003", "The special forces troops", "Carl Schuster"),  # "said Carl Schuster"
    ("003", "I think Kim is providing", "Carl Schuster"),  # "he added"
    ("003", "get a boost in manpower", "Chun In-bum"),
    ("003", "If they succeed there", "Chun"),
    ("003", "What if the North Koreans", "Chun"),  # a paragraph that is all quote continues
    ("003", "the\xa0f**king\xa0Chinese", None),
    ("003", "immediate withdrawal", None),
    ("004", "a dangerous and destabilizing development", "Ukrainian Foreign Minister Dmytro Kuleba"),
]


@pytest.mark.parametrize(("key", "opening", "expected"), QUOTES)
def test_quote_speaker(key: str, opening: str, expected: str | None) -> None:
    found = [q for q in find_quotes(article(key)) if q.text.startswith(opening)]
    assert len(found) == 1, [q.text for q in find_quotes(article(key))]
    assert found[0].speaker == expected


@pytest.mark.parametrize("key", sorted(FILES))
def test_quotes_are_verbatim(key: str) -> None:
    a = article(key)
    for q in find_quotes(a):
        assert a.text[q.span.start : q.span.end] == q.text
        assert a.paragraph(q.paragraph).start <= q.span.start < q.span.end <= a.paragraph(q.paragraph).end
        assert len(q.text.split()) >= 3 and q.origin == "fallback"
        assert q.text[0] not in '“”"' and q.text[-1] not in '“”",'
        assert q.speaker is None or q.speaker in a.text


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("003", "They’re fair game. They’re fair targets."),  # spans two sentences
        ("003", "This cooperation is not directed against third countries"),  # the comma is not quoted
        ("003", "The only thing I don’t understand is that there [should be] three senior officers for 30 "
         "people. Where do we get them? We’ll have to pull them out"),
    ],
)  # fmt: skip
def test_quote_text(key: str, text: str) -> None:
    assert text in [q.text for q in find_quotes(article(key))]


def test_short_scare_quotes_are_not_quotes() -> None:
    texts = [q.text for q in find_quotes(article("003"))]
    for short in ("K Battalion", "10,000", "close neighbor", "another hoax", "money, technology", "elite"):
        assert not any(t.startswith(short) for t in texts)


ENTITIES = [
    ("000", "Lloyd Austin", "person"),
    ("000", "Volodymyr Zelenskyy", "person"),
    ("000", "Emil Kastehelmi", "person"),
    ("000", "Kursk", "place"),
    ("000", "Vladivostok", "place"),
    ("000", "Black Bird Group", "organization"),
    ("000", "Korean People’s Army", "organization"),
    ("001", "Jo Hyun Gi", "person"),
    ("001", "New York Times", "organization"),
    ("001", "Korea Defense Industry Association", "organization"),
    ("002", "Oleksandr Syrskyi", "person"),
    ("002", "Lloyd Austin", "person"),
    ("002", "Kursk Oblast", "place"),
    ("003", "Defense Intelligence of Ukraine", "organization"),
    ("003", "Volodymyr Zelensky", "person"),
    ("003", "Dmitry Peskov", "person"),
    ("003", "Vladimir Putin", "person"),
    ("003", "White House", "organization"),
    ("003", "National Intelligence Service", "organization"),
    ("003", "Pyongyang", "place"),
    ("004", "Defense Intelligence of Ukraine", "organization"),
    ("004", "Kyrylo Budanov", "person"),
    ("004", "Dmytro Kuleba", "person"),
    ("004", "Saratov Higher Artillery Command School", "organization"),
    ("004", "ATESH", "organization"),
    ("004", "Ulan-Ude", "place"),
]


@pytest.mark.parametrize(("key", "name", "kind"), ENTITIES)
def test_entity_found(key: str, name: str, kind: str) -> None:
    assert (name, kind) in [(e.name, e.type) for e in find_entities(article(key))]


JUNK = {"The", "But", "Meanwhile", "Here’s", "Here", "Those", "In", "On", "Are", "Currently", "However", "It"}


@pytest.mark.parametrize("key", sorted(FILES))
def test_entities_clean(key: str) -> None:
    a = article(key)
    entities = find_entities(a)
    names = [e.name for e in entities]
    assert 0 < len(entities) <= 25
    assert len(names) == len(set(names))
    for e in entities:
        assert e.name in a.text and e.origin == "fallback"
        assert e.name.split()[0] not in JUNK, e.name
        assert not e.name.endswith(("’s", "'s")), e.name


@pytest.mark.parametrize(
    ("key", "merged", "into"),
    [("003", "Zelensky", "Volodymyr Zelensky"), ("004", "Budanov", "Kyrylo Budanov"),
     ("001", "Jo", "Jo Hyun Gi"), ("003", "Putin", "Vladimir Putin"),
     ("003", "Defense Intelligence", "Defense Intelligence of Ukraine")],
)  # fmt: skip
def test_entities_merge_later_short_names(key: str, merged: str, into: str) -> None:
    names = [e.name for e in find_entities(article(key))]
    assert into in names and merged not in names


def test_entities_most_mentioned_first() -> None:
    names = [e.name for e in find_entities(article("003"))]
    assert names.index("Russia") < names.index("Kremlin")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Zelensky", "Volodymyr Zelenskyy", True),
        ("Zelenskyy", "Ukrainian President Volodymyr Zelenskyy", True),
        ("Lt. Gen. Budanov", "Kyrylo Budanov", True),
        ("Jo", "Jo Hyun Gi", True),
        ("Peskov", "Kremlin spokesman Dmitry Peskov", True),
        ("John Kirby", "National Security Council spokesman John Kirby", True),
        ("Austin", "Secretary of Defense Lloyd Austin", True),
        ("Syrskyi", "Ukrainian Commander-in-Chief Colonel General Oleksandr Syrskyi", True),
        ("the White House", "White House", True),
        ("Émil KASTEHELMI", "emil kastehelmi", True),
        ("Ukraine’s Defense Intelligence", "The Defense Intelligence of Ukraine (DIU)", True),
        (
            "National Intelligence Service",
            "South Korea’s spy agency, the National Intelligence Service (NIS)",
            True,
        ),
        ("the Ukrainian official", "The Ukrainian official", True),
        ("The American USGS", "the U.S. Geological Survey", True),
        ("GSA", "Global Shelter Alliance", True),
        ("The IEC", "The Electoral Court", False),
        ("the IEC", "Electoral Commission of South Africa", False),  # not its initials; see the next test
        ("North Korea", "South Korea", False),
        ("Kim Hong-kyun", "Kim Tae-hyo", False),
        ("Ukraine", "The Defense Intelligence of Ukraine (DIU)", False),
        ("Ukraine", "Ukraine’s Defense Intelligence", False),
        ("a senior Ukrainian official", "the Ukrainian official", False),
        ("the officials", "U.S. officials", False),
        ("Carl Schuster", "Chun In-bum", False),
    ],
)
def test_same_speaker(a: str, b: str, same: bool) -> None:
    assert same_speaker(a, b) is same
    assert same_speaker(b, a) is same


def test_a_person_speaks_for_the_body_their_title_names() -> None:
    assert speaks_for("Commission chairperson Mosotho Moepya", "the Electoral Commission of South Africa (IEC)")
    assert speaks_for("Commission chairperson Mosotho Moepya", "The IEC", {"IEC": "Electoral Commission of S"})
    assert speaks_for("Tessaline CEO Dana Whitlock", "Tessaline")
    assert not speaks_for("Commission chairperson Mosotho Moepya", "The Electoral Court")
    assert not speaks_for("Dana Whitlock", "Tessaline") and not speaks_for("Priya Raman", "Dana Whitlock")


def test_same_speaker_knows_an_acronym_the_corpus_defines() -> None:
    defined = acronyms(["partial results published by the Electoral Commission of South Africa (IEC) at 0800"])
    assert defined == {"IEC": "Electoral Commission of South Africa"}
    assert same_speaker("the IEC", "Electoral Commission of South Africa", defined)
    assert same_speaker("Electoral Commission of South Africa", "The IEC", defined)
    assert not same_speaker("The IEC", "The Electoral Court", defined)


@pytest.mark.parametrize(
    ("key", "name", "found"),
    [
        ("000", "Volodymyr Zelenskyy", True),
        ("000", "volodymyr  ZELENSKYY", True),
        ("000", "Russia's western Kursk region", True),  # straight apostrophe, curly in the text
        ("003", "“10,000”", True),
        ("003", '"10,000"', True),
        ("000", "Zelensky", False),  # the article spells it Zelenskyy: no partial words
        ("000", "Vladimir Putin", False),
        ("000", "", False),
    ],
)
def test_mentioned(key: str, name: str, found: bool) -> None:
    assert mentioned(article(key), name) is found


def test_dropped_paragraphs_are_ignored() -> None:
    a = article("000")
    dropped = Article(
        id=a.id,
        source=a.source,
        text=a.text,
        paragraphs=[p if p.index != 4 else Paragraph(p.index, p.start, p.end, p.text, "test") for p in a.paragraphs],
    )
    assert speaker_of(dropped, *span_of("000", "as many as 5,000 North Korean troops")) is None
    assert all(q.paragraph != 4 for q in find_quotes(dropped))


def _one_paragraph(text: str) -> Article:
    return Article(id="t", source="t", text=text, paragraphs=[Paragraph(1, 0, len(text), text)])


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        # a company's results: the estimate has its own source, the result none
        (
            "Revenue rose 8.1% to $24.87 billion, beating estimates of $24.41 billion, according to LSEG data.",
            "$24.87 billion",
            None,
        ),
        (
            "Revenue rose 8.1% to $24.87 billion, beating estimates of $24.41 billion, according to LSEG data.",
            "$24.41 billion",
            "LSEG data",
        ),
        (
            "Services revenue climbed 15.6% to $8.63 billion, ahead of the $8.45 billion analysts polled by Visible "
            "Alpha had expected.",
            "15.6%",
            None,
        ),
        (
            "The company reported revenue of nearly $25 billion, a bit better than the roughly $24.4 billion analysts "
            "expected.",
            "roughly $24.4 billion",
            None,
        ),  # the company gave no estimate
        (
            "The company reported revenue of nearly $25 billion, a bit better than the roughly $24.4 billion analysts "
            "expected.",
            "nearly $25 billion",
            "The company",
        ),
        # an economic data release: the same shape
        (
            "Consumer prices rose 3.4% in May, above the 3.2% rise economists had expected, according to a survey "
            "by the Halden Institute.",
            "3.4%",
            None,
        ),
        (
            "The statistics office said unemployment fell to 4.1%, compared with economists' expectations of 4.3%.",
            "4.1%",
            "The statistics office",
        ),
        (
            "The statistics office said unemployment fell to 4.1%, compared with economists' expectations of 4.3%.",
            "4.3%",
            None,
        ),
        # a sayer in a time clause after the figure says only that clause
        (
            "The party won more than 14% and 58 seats barely six months after Zuma announced he would campaign for it.",
            "58 seats",
            None,
        ),
        ("Shares rose 7% in late trading after the company said it would buy back $10 billion of stock.", "7%", None),
        (
            "Shares rose 7% in late trading after the company said it would buy back $10 billion of stock.",
            "$10 billion",
            "the company",
        ),
        # a dateline is no part of a source's name, and its date is nobody's claim
        (
            "SAN FRANCISCO, Oct 28 (Meridian Wire) - Tessaline Systems forecast holiday-quarter revenue of $27.5 "
            "billion, it said on Tuesday.",
            "Oct 28",
            None,
        ),
    ],
)
def test_a_clause_of_its_own_has_its_own_source(text: str, needle: str, expected: str | None) -> None:
    a = _one_paragraph(text)
    start = text.find(needle)
    assert speaker_of(a, start, start + len(needle)) == expected
