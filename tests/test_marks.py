"""Figure ids marked in the paragraphs the model reads, and taken out of whatever it writes back."""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS

from evals.answers import draft_for, marked_id
from summarizer.brief.draft import BriefDraft
from summarizer.brief.marks import marked, marks_in, unmarked
from summarizer.extract.analysis import read_figures
from summarizer.read.ingest import read_article


def _first_sample() -> tuple:
    article = read_article(sorted(Path(CORPUS).glob("*.txt"))[0])
    return article, [f for f in read_figures(article) if f.kind != "designation"]


def test_each_figure_id_follows_its_number_and_the_paragraph_is_otherwise_unchanged():
    article, figures = _first_sample()
    for p in article.kept:
        text = marked(p, figures)
        assert unmarked(text) == p.text
        assert [fid for _, fid in marks_in(text)[1]] == sorted(
            (f.id for f in figures if f.paragraph == p.index), key=lambda i: text.index(f"[{i}]")
        )
    fourth = marked(article.paragraph(4), figures)
    assert "as many as 5,000[F9] North Korean troops" in fourth and "nearly 4,000[F7]-mile journey" in fourth
    # two figures whose numbers end in one place keep id order; another paragraph's figures are not marked
    assert "one[F3] Ukrainian and two[F4] U.S. officials" in marked(article.paragraph(1), figures)
    assert "[F9]" not in marked(article.paragraph(1), figures)


def test_marks_in_gives_each_id_where_its_number_ends_in_the_plain_text():
    text, marks = marks_in("about 400[F12] square miles, then 250[F15][F16] more")
    assert text == "about 400 square miles, then 250 more"
    assert marks == [(9, "F12"), (32, "F15"), (32, "F16")]
    assert text[: marks[0][0]].endswith("400") and text[: marks[1][0]].endswith("250")


def test_a_mark_the_model_copies_is_not_kept_in_what_it_wrote():
    draft = BriefDraft.model_validate(
        {
            "headline": "As many as 5,000[F9] North Korean troops expected",
            "summary": "Ukraine put the figure at 12,000[F6].",
            "key_points": [{"text": "About 400[F12] square miles taken.", "paragraphs": [7]}],
            "figures": [{"figure_id": "[F9]", "what": "troops[F9] expected", "attributed_to": None}],
            "entities": [],
            "quotes": [{"quote": "This is an obvious escalatory step", "speaker": "Zelenskyy"}],
        }
    )
    assert draft.headline == "As many as 5,000 North Korean troops expected"
    assert draft.summary == "Ukraine put the figure at 12,000."
    assert draft.key_points[0].text == "About 400 square miles taken."
    assert (draft.figures[0].figure_id, draft.figures[0].what) == ("F9", "troops expected")


def test_the_hand_written_answers_get_the_id_the_prompt_marks_in_their_quote():
    article, figures = _first_sample()
    paragraphs = [marks_in(marked(p, figures)) for p in article.kept]
    assert marked_id(paragraphs, "as many as 5,000 North Korean troops") == "F9"
    assert marked_id(paragraphs, "two U.S. officials") == "F4"
    assert marked_id(paragraphs, "August") == "F18"  # its own words, last place: not "since August" (F2)
    assert marked_id(paragraphs, "5,00") == "F999"  # not a word of its own
    assert marked_id(paragraphs, "square miles") == "F999"  # no number in it
    body = {
        "messages": [{"role": "user", "content": "\n".join(f"¶{p.index} {marked(p, figures)}" for p in article.kept)}]
    }
    answer = {"figures": [{"figure_quote": "about 250 square miles", "what": "area Ukraine holds"}]}
    assert draft_for(answer, body)["figures"] == [
        {"figure_id": "F15", "what": "area Ukraine holds", "attributed_to": None}
    ]
