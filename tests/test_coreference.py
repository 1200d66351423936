"""Sources named again in other words or through what they published, and text glued at a join."""

from __future__ import annotations

from summarizer.extract.analysis import analyse
from summarizer.extract.coreference import resolve
from summarizer.extract.figures import find_figures
from summarizer.read.ingest import article_from_text


def attributions(text: str) -> dict[str, str | None]:
    a = analyse(text)
    return {f.quote: f.attributed_to for f in a.figures}


def test_a_description_resolves_to_the_body_named_before() -> None:
    text = "Morocco's Interior Ministry published a toll on Saturday. Later the ministry said more had died."
    assert resolve(text, "the ministry", text.index("the ministry")) == "Morocco's Interior Ministry"
    assert resolve(text, "the ministry", 5) is None  # nothing named before it
    assert resolve(text, "the weather", len(text)) is None  # no body's head noun
    court = "The Electoral Court of South Africa sat on Monday. The court said it had received objections."
    assert resolve(court, "The court", court.index("The court")) == "Electoral Court of South Africa"


def test_sources_named_by_what_they_published_and_by_put() -> None:
    got = attributions(
        "The quake struck on Friday night in the mountains.\n\n"
        "According to the latest figures released by Morocco's Interior Ministry, 2,901 people have died.\n\n"
        "The ministry's breakdown shows 1,293 deaths in Al Haouz.\n\n"
        "The Council for Scientific and Industrial Research put the ANC on about 165 seats.\n\n"
        "Turnout was 58.64%, the commission said."
    )
    assert got["2,901 people"] == "Morocco's Interior Ministry"
    assert got["1,293 deaths"] == "Morocco's Interior Ministry"  # "the ministry" named before
    assert got["about 165 seats"] == "The Council for Scientific and Industrial Research"
    assert got["58.64%"] == "the commission"


def test_text_glued_at_a_join_still_reads_as_words() -> None:
    a = article_from_text("Officials said.The next day, in 2014Chinese officials arrived.\n\nSecond paragraph here.")
    assert [s.text for s in a.sentences][:2] == ["Officials said.", "The next day, in 2014Chinese officials arrived."]
    assert [(f.kind, f.value) for f in find_figures(a)][:1] == [("year", 2014.0)]
    assert "2014Chinese" in a.text  # the text itself is never edited


def test_a_source_in_brackets_ends_at_the_bracket() -> None:
    got = attributions(
        "The quake struck on Friday night in the mountains.\n\n"
        "The magnitude 6.8 earthquake (7 according to Morocco's National Institute of Geophysics) struck at "
        "11:11pm on a Friday night."
    )
    assert got["7"] == "Morocco's National Institute of Geophysics"


def test_a_description_does_not_resolve_across_a_sentence_end() -> None:
    text = (
        "The results were declared in Midrand.\n\nCommission staff worked late. Turnout was high, the commission said."
    )
    assert resolve(text, "the commission", text.index("the commission")) is None
