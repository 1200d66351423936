"""Small text helpers shared by the checks: normalised comparison, content words, numbers stated."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-", "\u00a0": " "})
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "their",
        "there",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "not",
        "no",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "should",
        "into",
        "over",
        "after",
        "before",
        "about",
        "than",
        "also",
        "more",
        "most",
        "some",
        "such",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "while",
        "if",
        "so",
        "do",
        "does",
        "did",
        "said",
        "says",
        "say",
    ]
)
_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(thousand|million|billion|trillion|bn)\b)?", re.I
)


def normalize_text(text: str) -> str:
    """Case, typographic quotes and dashes, and runs of white space folded: for "is it verbatim" checks."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return re.sub(r"\s+", " ", text).strip()


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z'-]+", normalize_text(text))
    return {w.strip("'-").removesuffix("'s") for w in words if w not in STOP_WORDS and len(w) > 2}


def numbers_in(text: str) -> set[float]:
    """Every number written with digits (separators and scale words read), and number words to twenty."""
    found: set[float] = set()
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        if m.group(3):
            value *= _SCALE[m.group(3).lower()]
        found.add(value)
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _WORD_NUMBERS:
            found.add(float(_WORD_NUMBERS[word]))
    return found
