"""Names, sides and places in a sentence: each named in the passages, and a side or place said of the
same words there ("Ukrainian troops" is not "Russian troops")."""

from __future__ import annotations

import re

from summarizer.brief.claims.facts import Facts, Finding, Passage
from summarizer.brief.claims.words import (
    DEMONYM,
    DETERMINERS,
    MONTHS,
    PLACE_PREPOSITIONS,
    STOP,
    TITLES,
    TOKEN,
    WEEKDAYS,
    canonical,
    phrase_stem,
    word_lists,
)
from summarizer.extract.entities import ORG_WORDS, PLACE_WORDS
from summarizer.extract.text import normalize_text

# Words that make a name an organisation or a place but say nothing of which one ("Airlines", "Party").
GENERIC_NAME_WORDS = (
    ORG_WORDS
    | PLACE_WORDS
    | frozenset(["Airlines", "Airways", "Company", "Corporation", "Inc", "Ltd", "Group", "Club"])
)


def name_runs(sentence: str) -> list[tuple[str, int, int]]:
    """Runs of capitalised words; the sentence's first word only when the rest of its run is capitalised
    or it is an acronym."""
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(sentence)]
    runs: list[list[tuple[str, int, int]]] = []
    for tok, a, b in tokens:
        bare = re.sub(r"[’']s$", "", tok)
        cap = tok[0].isupper() and bare.lower() not in MONTHS | WEEKDAYS | TITLES and len(bare) > 1
        if not cap:
            continue
        if runs and runs[-1][-1][2] >= a - 1 and sentence[runs[-1][-1][2] : a].strip() in ("", "-"):
            runs[-1].append((tok, a, b))
        else:
            runs.append([(tok, a, b)])
    out = []
    for run in runs:
        first = run[0][1] == tokens[0][1] if tokens else False
        if first and not run[0][0].isupper() and (len(run) == 1 or run[0][0].lower() in DETERMINERS | {"a"}):
            run = run[1:]  # a capital that only opens the sentence
        if run:
            out.append((" ".join(re.sub(r"[’']s$", "", t) for t, _, _ in run), run[0][1], run[-1][2]))
    return out


def check_opposites(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    """A word of one side ("north-east", "away", "ruling") where the passages hold the other side's word and
    not this one."""
    # as written in lower case: "South Korea" is a name, not a side
    own = {t for t in TOKEN.findall(sentence) if t.islower()}
    theirs = {t for _, h in held for t, _, _ in h.tokens if t.islower()}
    findings = []
    for groups in word_lists().opposites:
        for group in groups:
            if own & group and not theirs & group:
                other = next((sorted(theirs & g)[0] for g in groups if g is not group and theirs & g), None)
                if other:
                    findings.append(Finding("side", f"“{sorted(own & group)[0]}” where {where} say “{other}”"))
    return findings


def check_owners(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    """A name given to a place or body ("America’s Armand Duplantis") as the passages give it ("Sweden’s")."""
    findings = []
    raw = " ".join(p.paragraph.text for p, _ in held)
    for m in _OWNED.finditer(sentence):
        owner, name = m.group("owner"), m.group("name")
        owners = {
            o.group("owner") for o in _OWNED.finditer(raw) if normalize_text(o.group("name")) == normalize_text(name)
        }
        if owners and not any(is_name_word(owner, o) or is_name_word(o, owner) for o in owners):
            findings.append(Finding("side", f"{name} is {sorted(owners)[0]}’s in {where}, not {owner}’s"))
    return findings


_OWNED = re.compile(r"(?P<owner>[A-Z][\w-]+)[’']s\s+(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3})")


def name_in(name: str, text_norm: str) -> bool:
    words = [w for w in normalize_text(name).split() if w not in DETERMINERS]
    if not words:
        return True
    forms = {" ".join(words)}
    if (key := word_lists().equivalent.get(phrase_stem(" ".join(words)))) is not None:
        forms |= set(word_lists().members[key])  # "Moscow" for "Russia", "Polish" for "Poland"
    for form in forms:
        if re.search(rf"(?<!\w){re.escape(form)}(?:s|es)?(?!\w)", text_norm):
            return True
    if len(words) == 1 and len(words[0]) >= 4:  # "Russian" ~ "Russia", "Ukrainians" ~ "Ukraine"
        return re.search(rf"(?<!\w){re.escape(words[0][:5])}", text_norm) is not None
    distinctive = [w for w in words if w.capitalize() not in GENERIC_NAME_WORDS and len(w) >= 3]
    if len(words) > 1 and distinctive:  # "Budanov" for "Lt. Gen. Kyrylo Budanov"; not "United Airlines"
        last = distinctive[-1].removesuffix("s") if len(distinctive[-1]) > 4 else distinctive[-1]
        return re.search(rf"(?<!\w){re.escape(last)}", text_norm) is not None
    return False


def acronym_expansion(name: str, text: str) -> str | None:
    """What an acronym stands for in the passages: "EEA" -> "European Economic Area", "USGS" -> "U.S.
    Geological Survey", "NYT" -> "The New York Times"."""
    letters = re.sub(r"[^A-Z]", "", name)
    if len(letters) < 2 or letters != name.replace(".", ""):
        return None
    for run in _capital_runs(text):
        words = [w for w in run if w[0].isupper() and w not in ("The", "A", "An")]
        initials = "".join(re.sub(r"[^A-Z]", "", w) if re.fullmatch(r"(?:[A-Z]\.)+", w) else w[0] for w in words)
        if initials == letters:
            return " ".join(run)
    return None


def _capital_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words, "of/and/the/for" allowed inside, only white space between them."""
    runs: list[list[str]] = []
    current: list[str] = []
    end = -1
    for m in TOKEN.finditer(text):
        word = m.group()
        joined = current and text[end : m.start()].strip() == ""
        if word[0].isupper() or (joined and word in ("of", "and", "the", "for")):
            current = [*current, word] if joined else [word]
        else:
            if current:
                runs.append(current)
            current = []
        end = m.end()
        if current and current[-1] == word and word[0].isupper():
            runs.append(list(current))
    return [r for r in runs if r and r[-1][0].isupper()]


def check_names(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    findings = []
    text_norm = " ".join(h.text_norm for _, h in held)
    raw = " ".join(p.paragraph.text for p, _ in held)
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(sentence)]
    for name, start, end in name_runs(sentence):
        expansion = acronym_expansion(name, raw)
        if not (name_in(name, text_norm) or expansion or _named_in_lead(name, held)):
            findings.append(Finding("name", f"{name} is not named in {where}"))
            continue
        attached = attached_word(name, tokens, start, end)
        if attached is None:
            continue
        mode, word = attached
        # the word as written when the passages have it ("forces"), else its equivalents ("troops")
        exact = any(t.lower() == word.lower() for _, h in held for t, _, _ in h.tokens)
        key = canonical(word)
        as_named = f"{name} {expansion}" if expansion else name
        if any(near(as_named, key, h, window=4 if mode == "side" else 6) for _, h in held):
            continue
        others = {o for _, h in held for o in others_near(as_named, word.lower() if exact else key, h, mode)}
        if others:
            findings.append(Finding("side", f"“{word}” is said of {sorted(others)[0]}, not {name}, in {where}"))
    return findings


_GENERIC_REFERENCE = re.compile(
    r"\bthe (?:country|kingdom|nation|island|city|region|province|state|company|firm|group|party|club|team)\b", re.I
)


def _named_in_lead(name: str, held: list[tuple[Passage, Facts]]) -> bool:
    """A passage says "the country" or "the company" and the article's title or first paragraph names it:
    "Morocco’s deadliest" rests on "the deadliest to hit the country" in an article on Morocco."""
    for p, _ in held:
        if not _GENERIC_REFERENCE.search(p.paragraph.text):
            continue
        kept = p.article.kept
        lead = " ".join([p.article.title or "", kept[0].text if kept else ""])
        if name_in(name, normalize_text(lead)):
            return True
    return False


def attached_word(name: str, tokens: list[tuple[str, int, int]], start: int, end: int) -> tuple[str, str] | None:
    """The word a side or place is said of: the noun after a side adjective ("Russian forces"), or the word
    before "of/in/near …" a place ("south-west of Marrakech"). Other names are left to the judge."""
    i = next((k for k, (_, a, _) in enumerate(tokens) if a >= end), len(tokens))
    if DEMONYM.match(name.split()[-1]) and i < len(tokens) and tokens[i][0][0].islower() and tokens[i][0] not in STOP:
        return "side", tokens[i][0]
    j = next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k][2] <= start), -1)
    while j >= 0 and tokens[j][0].lower() in DETERMINERS:
        j -= 1
    if j >= 1 and tokens[j][0].lower() in PLACE_PREPOSITIONS:
        word = tokens[j - 1][0]
        if word[0].islower() and word not in STOP and not word[0].isdigit():
            return "place", word
    return None


def sentence_tokens(h: Facts) -> list[list[str]]:
    return [[t for t, a, _ in h.tokens if s <= a < e] for s, e in h.sentences]


def is_name_word(name: str, token: str) -> bool:
    words = [w for w in normalize_text(name).split() if w not in DETERMINERS]
    t = normalize_text(re.sub(r"[’']s$", "", token))
    return any(t == w or canonical(t) == canonical(w) or (len(w) >= 4 and t[:5] == w[:5]) for w in words)


def _is(token: str, key: str) -> bool:
    """The token is the word (`key` as written, lower case) or one of its equivalents (`key` canonical)."""
    return token.lower() == key or canonical(token) == key


def near(name: str, key: str, h: Facts, window: int) -> bool:
    """The name (or a word of it) and the word stand within `window` tokens in one sentence of the passage."""
    for toks in sentence_tokens(h):
        at_name = [i for i, t in enumerate(toks) if is_name_word(name, t)]
        at_word = [i for i, t in enumerate(toks) if _is(t, key)]
        if any(abs(a - b) <= window for a in at_name for b in at_word):
            return True
    return False


def others_near(name: str, key: str, h: Facts, mode: str) -> list[str]:
    """Other sides or places the passage says the word of: a side adjective right before it ("Ukrainian
    troops" where the sentence says "Russian troops"), or a place right after it and its preposition."""
    out = []
    for toks in sentence_tokens(h):
        for i, t in enumerate(toks):
            if not _is(t, key):
                continue
            if mode == "side":
                candidates = toks[max(0, i - 2) : i]
            else:
                k = i + 1
                if k < len(toks) and toks[k].lower() in PLACE_PREPOSITIONS:
                    k += 1
                    while k < len(toks) and toks[k].lower() in DETERMINERS:
                        k += 1
                    nxt = toks[k + 1] if k + 1 < len(toks) else ""
                    described = k < len(toks) and DEMONYM.match(toks[k]) and nxt[:1].islower()  # "German champions"
                    candidates = toks[k : k + 1] if k < len(toks) and not described else []
                else:
                    candidates = []
            for other in candidates:
                other = re.sub(r"[’']s$", "", other)
                if (
                    other[:1].isupper() and len(other) > 1
                    and other.lower() not in TITLES | MONTHS | WEEKDAYS
                    and not is_name_word(name, other)
                    and (mode == "place" or DEMONYM.match(other))
                ):  # fmt: skip
                    out.append(other)
    return out
