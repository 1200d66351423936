"""The words the claim checker reads prose by: tokens, Snowball stems, documented equivalents
(`claim_words.yaml`), pysbd sentences, and the small closed word classes of English news."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from summarizer.extract.text import STOP_WORDS, normalize_text

WORDS_FILE = Path(__file__).with_name("claim_words.yaml")


WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}  # fmt: skip


TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\d[\d,.]*\d|\d|[^\W\d_][\w’'-]*")


STOP = STOP_WORDS | frozenset(["according", "per", "cent", "percent", "told", "though", "although"])


PLACE_PREPOSITIONS = frozenset(["of", "in", "from", "near", "outside", "inside", "across", "into"])


TITLES = frozenset(
    [
        "lt",
        "gen",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "rep",
        "sen",
        "gov",
        "prof",
        "jr",
        "sr",
    ]
)


DEMONYM = re.compile(
    r"^[A-Z][a-z]+(?:ian|ean|ican|ese|ish|ani|eli)s?$|^(?:German|Thai|Greek|French|Dutch|Swiss|Czech|Arab)s?$"
)


DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her"])


@dataclass
class Words:
    equivalent: dict[str, str] = field(default_factory=dict)  # stem (or stem phrase) -> its group's key
    members: dict[str, list[str]] = field(default_factory=dict)  # group key -> its words as written
    states: dict[str, str] = field(default_factory=dict)  # stem -> state class
    hedges: list[tuple[str, str, float]] = field(default_factory=list)  # (phrase, direction, margin)
    unit_forms: dict[str, list[str]] = field(default_factory=dict)  # unit -> the ways a text may write it
    opposites: list[list[set[str]]] = field(default_factory=list)  # sets of groups that exclude each other
    roles: dict[str, int] = field(default_factory=dict)  # a verb's stem -> its group (verbs with two sides)
    targeted: dict[str, int] = field(default_factory=dict)  # a noun's stem -> its group (agent and target)


@cache
def word_lists() -> Words:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    out = Words()
    for group in data["equivalents"]:
        words = [str(w) for w in group]
        # a group that shares a word with one read before joins it ("us" is in two lines)
        key = next((out.equivalent[k] for w in words if (k := phrase_stem(w)) in out.equivalent), phrase_stem(words[0]))
        out.members[key] = list(dict.fromkeys([*out.members.get(key, []), *words]))
        for word in words:
            out.equivalent[phrase_stem(word)] = key
    for state, stems in data["states"].items():
        for s in stems:
            out.states[s] = state
    for direction, spec in data["hedges"].items():
        out.hedges += [(w, direction, spec["margin"]) for w in spec["words"]]
    out.hedges.sort(key=lambda h: -len(h[0]))
    out.unit_forms = {unit: [str(f) for f in forms] for unit, forms in data["unit_forms"].items()}
    out.opposites = [[{str(w).lower() for w in group} for group in groups] for groups in data["opposites"]]
    out.roles = {stem(str(w).split()[0]): i for i, group in enumerate(data["roles"]) for w in group}
    out.targeted = {stem(str(w)): i for i, group in enumerate(data["targeted"]) for w in group}
    return out


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@cache
def stem(word: str) -> str:
    """Snowball's stem of the word's lemma: Snowball alone leaves irregular forms apart ("gave", "give";
    "struck", "strike"), so a lowercase word is first looked up in claim_words.yaml's `irregular` table.
    Capitalised words are names and are not looked up."""
    bare = word.strip("’'.-").removesuffix("’s").removesuffix("'s")
    if bare.islower():
        bare = _irregular().get(bare, bare)
    return _stemmer().stemWord(bare.lower())


@cache
def _irregular() -> dict[str, str]:
    """form -> lemma; read apart from `word_lists`, which stems its own words with `stem`."""
    table = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))["irregular"]
    return {str(form): str(lemma) for lemma, forms in table.items() for form in forms}


def phrase_stem(phrase: str) -> str:
    return " ".join(stem(w) for w in phrase.split())


def canonical(word: str) -> str:
    """A word's stem, or its equivalence group's key ("earthquake" and "quake" give the same)."""
    s = stem(word)
    return word_lists().equivalent.get(s, s)


@cache
def _segmenter():  # type: ignore[no-untyped-def]
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def sentences(text: str) -> list[str]:
    """The sentences of a model's prose, split by pysbd: "Lt. Gen. Budanov said" stays one sentence."""
    return [s.strip() for s in _segmenter().segment(text) if s.strip()]


def content_stems(text: str) -> set[str]:
    return {canonical(t) for t in TOKEN.findall(normalize_text(text)) if t[0].isalpha() and t not in STOP}


# ---- what a passage holds, worked out once per paragraph -------------------------------------------------
