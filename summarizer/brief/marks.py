"""Figure ids marked in the article's own words for the model: `as many as 5,000[F9] North Korean troops`.

The model refers to a figure by the id code gave it and never retypes its number. It reads the id right
after the number in the paragraph, so the prompt needs no list that repeats each figure's words: about 4
tokens a figure instead of about 15. Nothing a model writes may keep a mark (`unmarked`).
"""

from __future__ import annotations

import re

from summarizer.read.article import Paragraph
from summarizer.schemas import Figure

MARK = re.compile(r"\[(F\d+)\]")


def marked(paragraph: Paragraph, figures: list[Figure]) -> str:
    """The paragraph's text with `[id]` right after the number of each of its figures (`Figure.text` in its
    quote; the quote's end if the number is not found there). Figures of other paragraphs are ignored."""
    at: list[tuple[int, int, str]] = []
    for f in figures:
        if f.paragraph != paragraph.index:
            continue
        number = f.quote.find(f.text)
        end = f.span.start + (number + len(f.text) if number >= 0 else len(f.quote)) - paragraph.start
        if 0 < end <= len(paragraph.text):
            at.append((end, int(f.id[1:]) if f.id[1:].isdigit() else 0, f.id))
    pieces, done = [], 0
    for end, _, fid in sorted(at):
        pieces += [paragraph.text[done:end], "[" + fid + "]"]
        done = end
    return "".join(pieces) + paragraph.text[done:]


def unmarked(text: str) -> str:
    """The text without marks: what a model copied from a marked paragraph, as the article has it."""
    return MARK.sub("", text)


def marks_in(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text without marks, and each mark's id with its offset in that text (where the number ends)."""
    marks, clean, done = [], [], 0
    for m in MARK.finditer(text):
        clean.append(text[done : m.start()])
        done = m.end()
        marks.append((sum(map(len, clean)), m.group(1)))
    return "".join(clean) + text[done:], marks
