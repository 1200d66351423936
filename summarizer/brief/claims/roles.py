"""Who did what to whom: "India beat Australia" is not "Australia beat India". For verbs whose two sides are
not interchangeable (claim_words.yaml `roles`: beat, sue, summon, replace, ...), a sentence must not put
the passages' subject where they put the object. Read from word order alone, active voice only: a passive
("was beaten by") or a subject code cannot name ("who beat") gives no reading, so no finding.

Our own rule: a dependency parser would read more, but every well-kept one needs a model download that CI
cannot make; the word-order reading is strict where it reads and silent elsewhere."""

from __future__ import annotations

import re

from summarizer.brief.claims.facts import Facts, Finding, Passage, per_paragraph
from summarizer.brief.claims.names import GENERIC_NAME_WORDS
from summarizer.brief.claims.ties import key_of
from summarizer.brief.claims.words import DETERMINERS, MONTHS, STOP, TITLES, TOKEN, WEEKDAYS, stem, word_lists

_AUX = frozenset(
    ["has", "have", "had", "will", "would", "could", "may", "might", "also", "then", "later", "reportedly"]
)
_PASSIVE = frozenset(["was", "were", "been", "being", "be", "is", "are", "get", "got"])
_JOINS = frozenset(["of", "the", "de", "al"])
_STOPS_OBJECT = frozenset(["by", "in", "at", "on", "with", "to", "for", "from", "and", "but", "as", "after", "before"])

Reading = tuple[frozenset[str], int, frozenset[str], str]  # (subject keys, verb group, object keys, verb)


def readings(text: str) -> list[Reading]:
    """Each (subject, verb, object) of a two-sided verb that word order names."""
    tokens = [(m.group(), m.start()) for m in TOKEN.finditer(text)]
    out = []
    for i, (word, _) in enumerate(tokens):
        group = word_lists().roles.get(stem(word)) if word.islower() else None
        if group is None:
            continue
        j = i - 1
        progressive = word.endswith("ing")  # "has been supplying" is active; "was beaten" is not
        while j >= 0 and (
            tokens[j][0].lower() in _AUX or tokens[j][0].endswith("ly") or (progressive and tokens[j][0] in _PASSIVE)
        ):
            j -= 1
        if j >= 0 and tokens[j][0].lower() in _PASSIVE:
            continue
        subject = _names(tokens, range(j, max(j - 8, -1), -1), backwards=True)
        after = range(i + 1, min(i + 8, len(tokens)))
        obj = _names(tokens, after, backwards=False, text=text, verb_end=tokens[i][1] + len(word))
        if subject and obj:
            out.append((subject, group, obj, word))
    return out


def _names(
    tokens: list[tuple[str, int]], where: range, backwards: bool, text: str = "", verb_end: int = 0
) -> frozenset[str]:
    keys: list[str] = []
    lowercase_run = 0
    for k in where:
        word, at = tokens[k]
        if _proper(word, at):
            keys.append(key_of(stem(re.sub(r"[’']s$", "", word))))
            lowercase_run = 0
            continue
        low = word.lower()
        if keys and low in _JOINS:
            continue
        if backwards or low in _STOPS_OBJECT or re.search(r"[,;:.]", text[verb_end:at]) or word[0].isdigit():
            break
        lowercase_run += 1  # "the South Korean ambassador", "leaders Manchester City": words before the name
        if lowercase_run > 3 or (keys and low not in DETERMINERS):
            break
    generic = {stem(w) for w in GENERIC_NAME_WORDS}
    return frozenset(k for k in keys if k not in generic)


def _proper(word: str, at: int) -> bool:
    """A name's word: capitalised, not a closed-class word ("The", "In" open sentences), "X" of "X Corp"."""
    bare = re.sub(r"[’']s$", "", word)
    return (
        bare[:1].isupper() and (len(bare) > 1 or bare not in ("A", "I"))
        and bare.lower() not in STOP | DETERMINERS | TITLES | MONTHS | WEEKDAYS
    )  # fmt: skip


_AGAINST = re.compile(r"\b([a-z]+)\s+against\s+(?:the\s+)?((?:[A-Z][\w’'-]*\s*)+)")


def opposed(text: str) -> list[tuple[str, frozenset[str], str]]:
    """(word, side, name) for "<word> against <Name>": "Russia’s war against Ukraine" is ("war", {kyiv},
    "Ukraine"), the side as claim_words.yaml groups it."""
    out = []
    for m in _AGAINST.finditer(text):
        keys = frozenset(key_of(stem(re.sub(r"[’']s$", "", w))) for w in m.group(2).split() if _proper(w, 1))
        if keys:
            out.append((stem(m.group(1)), keys, m.group(2).strip()))
    return out


_NAME_WORDS = r"((?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*)"
_AGENT = re.compile(rf"{_NAME_WORDS}(?:[’']s)?((?:\s+[\w-]+){{1,2}})")  # "Ukrainian attacks", "City's 4-1 win"
_TARGET = re.compile(
    rf"\b([a-z]+)\s+(?:on|against|over)\s+(?:the\s+)?{_NAME_WORDS}"
)  # "attacks on Ukrainian positions"


def _keys(name: str) -> frozenset[str]:
    return frozenset(key_of(stem(re.sub(r"[’']s$", "", w))) for w in name.split() if _proper(w, 1))


def aimed(text: str) -> tuple[list[tuple[int, frozenset[str]]], list[tuple[int, frozenset[str]]]]:
    """(noun group, side) of each agent ("Ukrainian attacks") and each target ("attacks on Ukrainian positions")."""
    groups = word_lists().targeted
    agents = [
        (groups[stem(w)], _keys(m.group(1)))
        for m in _AGENT.finditer(text)
        for w in m.group(2).split()[:2]
        if w.islower() and stem(w) in groups
    ]
    targets = [
        (groups[stem(m.group(1))], _keys(m.group(2))) for m in _TARGET.finditer(text) if stem(m.group(1)) in groups
    ]
    return [a for a in agents if a[1]], [t for t in targets if t[1]]


_BETWEEN_NOUNS = {"war": 0, "conflict": 0, "fighting": 0, "clash": 0, "hostilities": 0, "talks": 1, "negotiations": 1,
                  "deal": 1, "agreement": 1, "match": 2, "game": 2, "final": 2, "tie": 2}  # fmt: skip
_BETWEEN = re.compile(rf"\b([a-z]+)\s+between\s+(?:the\s+)?{_NAME_WORDS}\s+and\s+(?:the\s+)?{_NAME_WORDS}")


def between(text: str) -> list[tuple[int, frozenset[str], frozenset[str], str]]:
    """(noun group, side, side, words) for "the war between Russia and Ukraine"."""
    return [
        (_BETWEEN_NOUNS[m.group(1)], _keys(m.group(2)), _keys(m.group(3)), m.group().strip())
        for m in _BETWEEN.finditer(text)
        if m.group(1) in _BETWEEN_NOUNS
    ]


def check_roles(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    theirs = [r for p, _ in held for r in per_paragraph(p, "claims_readings", readings)]
    findings = []
    pairs = [b for p, _ in held for b in per_paragraph(p, "claims_between", between)]
    for group, a, b, words in between(sentence):  # "the conflict between North Korea and Ukraine"
        same = [(x, y, w) for g, x, y, w in pairs if g == group]
        if same and not any((a & x and b & y) or (a & y and b & x) for x, y, _ in same):
            findings.append(Finding("side", f"{where} have “{same[0][2]}”, not “{words}”"))
    their_agents = [a for p, _ in held for a in per_paragraph(p, "claims_aimed", aimed)[0]]
    their_targets = [t for p, _ in held for t in per_paragraph(p, "claims_aimed", aimed)[1]]
    for group, side in aimed(sentence)[0]:  # "Ukrainian attacks" where the passages have attacks on Ukraine
        if any(g == group and side & s for g, s in their_targets) and not any(
            g == group and side & s for g, s in their_agents
        ):
            findings.append(Finding("side", f"{where} have {sorted(side)[0]} as the target there, not the agent"))
    against = [a for p, _ in held for a in per_paragraph(p, "claims_opposed", opposed)]
    for word, side, name in opposed(sentence):  # "the war against Russia" where the passages have it against Ukraine
        same = [(s, n) for w, s, n in against if w == word]
        if same and not any(side & s for s, _ in same):
            findings.append(Finding("side", f"it is against {same[0][1]} in {where}, not against {name}"))
    for subject, group, obj, verb in readings(sentence):
        same = [r for r in theirs if r[1] == group]
        if any(subject & s and obj & o for s, _, o, _ in same):
            continue
        if any(subject & o or obj & s for s, _, o, _ in same):
            findings.append(Finding("role", f"who “{verb}” whom is the other way round in {where}"))
    return findings
