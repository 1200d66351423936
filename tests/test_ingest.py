"""Ingest on the sample corpus and on bad input: paragraphs, boilerplate rules, titles, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BOILERPLATE

from summarizer.errors import InputError
from summarizer.read.boilerplate import boilerplate_reason
from summarizer.read.ingest import article_from_text, collect_paths, read_article

CORPUS = Path(__file__).resolve().parent.parent / "evals" / "datasets" / "kursk-2024" / "articles"
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def article(stem: str):
    return read_article(next(CORPUS.glob(f"{stem}_*.txt")))


def test_sample_corpus_is_the_seeds_unchanged():
    files = sorted(CORPUS.glob("*.txt"))
    assert len(files) == 5
    if SEEDS.is_dir():
        for f in files:
            assert f.read_bytes() == (SEEDS / f.name).read_bytes()


@pytest.mark.parametrize(
    ("stem", "paragraphs", "dropped"),
    [
        ("000", 15, {}),
        ("001", 7, {7: "link list heading"}),
        (
            "002",
            15,
            {
                7: "link list heading",
                8: "donation appeal",
                9: "donation appeal",
                10: "donation appeal",
                11: "donation appeal",
                12: "link list heading",
                13: "visit counter",
                14: "link list heading",
                15: "link list heading",
            },
        ),
        ("003", 57, {1: "address block", 2: "address block", 56: "credit line", 57: "language picker"}),
        ("004", 20, {}),
    ],
)
def test_paragraphs_and_boilerplate_on_the_sample(stem, paragraphs, dropped):
    a = article(stem)
    assert len(a.paragraphs) == paragraphs
    assert {p.index: p.dropped for p in a.paragraphs if p.dropped} == dropped
    for p in a.paragraphs:
        assert a.text[p.start : p.end] == p.text  # offsets point into the unedited file text


def test_boilerplate_never_survives_in_kept_text():
    for f in CORPUS.glob("*.txt"):
        kept = "\n".join(p.text for p in read_article(f).kept)
        for junk in BOILERPLATE:
            assert junk not in kept, (f.name, junk)


def test_titles_and_outlet():
    assert article("002").title == "NYT: North Korean forces mass in Kursk to help Russia drive Ukraine out"
    assert article("003").title == "Are North Koreans fighting in Ukraine? Here’s what we know"
    assert article("000").title is None  # the first line is a sentence, not a title
    assert article("003").outlet == "CNN"  # from "CNN’s Paul P. Murphy contributed to this report."


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Most Commented", "link list heading"),
        ("Become a Patron!", "donation appeal"),
        ("Please donate to keep our journalism free.", "donation appeal"),
        ("(Visited 12 times, 3 visits today)", "visit counter"),
        ("en_USEnglish", "language picker"),
        ("Dorchester Center, MA 02124", "address block"),
        ("Reuters’ Jane Doe contributed to this report.", "credit line"),
        ("The Kremlin denied the report on Monday.", None),
        ("Most of the soldiers were commented on by officials.", None),
        ("Officials said support for Ukraine would continue.", None),
    ],
)
def test_boilerplate_rules(text, reason):
    assert boilerplate_reason(text) == reason


def test_sentences_respect_abbreviations():
    a = article("004")
    starts = [s.text[:30] for s in a.sentences]
    assert any(s.startswith("Lt. Gen. Budanov disclosed") for s in starts)
    assert not any(s.startswith("Gen. Budanov") for s in starts)


def test_no_sentence_opens_in_lowercase_but_a_line_break_ends_one():
    a = article_from_text(
        "Moepya announced shortly after 6 p.m. that the ANC had received 40.18% of the vote. It fell.\n"
        "Democratic Alliance (DA): 21.81%, 87 seats.\nuMkhonto weSizwe Party (MK): 14.58%, 58 seats.\n\nEnd."
    )
    texts = [s.text for s in a.sentences]
    assert texts[0] == "Moepya announced shortly after 6 p.m. that the ANC had received 40.18% of the vote."
    assert "uMkhonto weSizwe Party (MK): 14.58%, 58 seats." in texts
    call = article_from_text("The call is at 5:00 p.m. ET. Analysts will ask questions.\n\nEnd.")
    assert call.sentences[0].text == "The call is at 5:00 p.m. ET."  # a clock time's zone ends no sentence


def test_html_goes_through_article_extraction(tmp_path):
    page = tmp_path / "page.html"
    body = " ".join(["Officials said 3,000 troops arrived in the region on Wednesday."] * 4)
    page.write_text(
        f"<html><head><title>Troops arrive</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Troops arrive</h1><p>{body}</p><p>{body}</p></article>"
        f"<footer>Most Commented</footer></body></html>",
        encoding="utf-8",
    )
    a = read_article(page)
    assert "3,000 troops" in a.text
    assert "Home | World" not in a.text
    assert a.title == "Troops arrive"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty article"),
        (b"   \n\n  ", "empty article"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Kursk région".encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 7)"),
        (b"Most Commented\n\nBecome a Patron!\n", "no article text left after removing boilerplate"),
    ],
)
def test_bad_files_get_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as e:
        read_article(path)
    assert message in str(e.value)
    assert "\n" not in str(e.value)
    assert str(path) in str(e.value)


def test_folders_and_missing_paths(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b")
    with pytest.raises(InputError, match="no articles in this folder"):
        collect_paths([tmp_path])
    with pytest.raises(InputError, match="no such file or folder"):
        collect_paths([tmp_path / "missing.txt"])
    assert len(collect_paths([CORPUS])) == 5


def test_text_without_a_file_gets_a_stable_id():
    a = article_from_text("Officials said 3,000 troops arrived.\nThey came by train.")
    b = article_from_text("Officials said 3,000 troops arrived.\nThey came by train.")
    assert a.id == b.id and a.id.startswith("text-")
    assert a.source == "<text>"
