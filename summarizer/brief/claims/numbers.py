"""Numbers and dates in a sentence: each stated in the passages it rests on, and tied to the same thing."""

from __future__ import annotations

import re

from summarizer.brief.claims.facts import Facts, Finding, Num, Passage, find_numbers
from summarizer.brief.claims.owners import clause_owner
from summarizer.brief.claims.ties import mistied, sentence_of
from summarizer.brief.claims.words import MONTHS, STOP, TOKEN, WEEKDAYS, canonical, stem, word_lists
from summarizer.extract.text import normalize_text


def state_near(text: str, start: int, end: int, window: int = 4) -> str | None:
    """The state class ("killed", "injured", "revenue") of the state word nearest to the number at
    [start, end) in its clause (commas, semicolons and brackets end a clause)."""
    states = word_lists().states
    clause_start = max(max(text.rfind(c, 0, start) for c in ",;:()—") + 1, text.rfind(". ", 0, start) + 2)
    ends = [i for c in (*",;:()—", ". ") if (i := text.find(c, end)) >= 0]  # a sentence's end ends it too
    clause = text[clause_start : min(ends) if ends else len(text)]
    tokens = [(m.group(), clause_start + m.start()) for m in TOKEN.finditer(clause)]
    at = next((i for i, (_, a) in enumerate(tokens) if a >= start), len(tokens))
    best: tuple[int, str] | None = None
    for i, (tok, _) in enumerate(tokens):
        if not tok[0].isalpha():
            continue
        s = stem(tok)
        state = next((c for prefix, c in states.items() if s.startswith(prefix)), None)
        # nearest in words that say something; a word across "and" belongs to the other count
        # ("killing at least 632 people and injuring 329"); at equal distance the word after wins
        between = [t for t, _ in (tokens[i + 1 : at] if i < at else tokens[at + 1 : i])]
        distance = sum(t.lower() not in STOP and not t[0].isdigit() for t in between)
        distance += 2 * sum(t.lower() in ("and", "or", "while", "but") for t in between)
        rank = distance * 2 + (0 if i >= at else 1)
        if state is not None and distance <= window and (best is None or rank < best[0]):
            best = (rank, state)
    return best[1] if best else None


def _passage_state(text: str, m: Num) -> str | None:
    """The passage's state for a number: in its clause, else the nearest in its sentence ("2,059 injured,
    1,404 of them critically": 1,404 are injured)."""
    if (state := state_near(text, m.start, m.end)) is not None:
        return state
    start = max(text.rfind(c, 0, m.start) for c in ".;") + 1
    ends = [i for c in ".;" if (i := text.find(c + " ", m.end)) >= 0]
    sentence = text[start : min(ends) if ends else len(text)]
    return state_near(sentence.replace(",", " "), m.start - start, m.end - start)


def hedge_before(text: str, start: int) -> tuple[str, float] | None:
    before = normalize_text(text[max(0, start - 25) : start])
    for phrase, direction, margin in word_lists().hedges:
        if before.endswith(phrase) or before.endswith(phrase + " "):
            return direction, margin
    return None


def same_number(n: Num, m: Num, hedge: tuple[str, float] | None) -> bool:
    if isinstance(n.value, str) or isinstance(m.value, str):
        if not (isinstance(n.value, str) and isinstance(m.value, str)):
            return False
        a, b = n.value, m.value
        if n.kind == "date" or m.kind == "date":  # a year one side leaves out is not a difference
            return a[-5:] == b[-5:] and (a[:4] == b[:4] or a.startswith("-") or b.startswith("-"))
        return a == b
    x, y = float(n.value), float(m.value)  # type: ignore[arg-type]
    if x == y or (abs(x - y) <= 0.005 * max(abs(x), abs(y), 1e-9) and _rounds_to(y, n.text, x)):
        return True
    if hedge is None or x == 0:
        return False
    direction, margin = hedge
    if direction == "above":
        return x <= y <= x * (1 + margin)
    if direction == "below":
        return x * (1 - margin) <= y <= x
    return abs(y - x) <= margin * x


def _rounds_to(y: float, written: str, x: float) -> bool:
    """`x`, written as `written`, is `y` rounded to the digits it shows: "$90" for $90.04, "1.2 million" for
    1,215,000, never 33.1% for 33.2% (the same digits shown, another value)."""
    digits = re.sub(r"\D", "", written.split(".")[0]).lstrip("0") + "".join(re.findall(r"\.(\d+)", written)[:1])
    shown = len(digits.rstrip("0")) if "." not in written else len(digits)
    if shown == 0 or y == 0:
        return False
    return float(f"{y:.{max(shown, 1)}g}") == float(f"{x:.{max(shown, 1)}g}")


def _in_score(text: str, n: Num) -> bool:
    """The number is one side of a score or a tally ("4-1", "6-3"): not a count of anything on its own."""
    return bool(
        re.match(r"[-–]\d", text[n.end : n.end + 2]) or re.search(r"\d[-–]$", text[max(0, n.start - 2) : n.start])
    )


def check_numbers(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    findings = []
    for n in find_numbers(sentence):
        if n.kind == "date":
            continue  # check_dates
        hedge = hedge_before(sentence, n.start)
        in_score = _in_score(sentence, n)
        found = [(p, h, m) for p, h in held for m in h.numbers if _in_score(p.paragraph.text, m) == in_score]
        # the value as written where the passages have it; a hedged rounding only where they do not
        matches = [x for x in found if same_number(n, x[2], None)] or [x for x in found if same_number(n, x[2], hedge)]
        if not matches:
            findings.append(Finding("number", f"{n.text} is not stated in {where}"))
            continue
        state = state_near(sentence, n.start, n.end)
        if state is not None:
            fitting = [1 for p, _, m in matches if _passage_state(p.paragraph.text, m) in (None, state)]
            if not fitting:
                findings.append(Finding("number", f"{n.text} is not a figure of {state} in {where}"))
                continue
        spans = [(p, h, m, sentence_of(h, m)) for p, h, m in matches]
        if why := mistied(sentence, n, spans, held) or clause_owner(sentence, n, spans, held):
            findings.append(Finding("number", f"{why} ({where})"))
    return findings


_ORDINALS = re.compile(
    r"\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th))\b", re.I
)
_SCORE = re.compile(r"(?<![\d.,])\d{1,3}\s?[-–]\s?\d{1,3}(?![\d.,%])")


def _ties_of_day(clauses: list[list[str]], day: str, window: int = 5) -> set[str]:
    """Content words within `window` tokens of each mention of `day`, in its clause ("election" in "Sunday’s
    election", "struck" in "struck … on Friday")."""
    out: set[str] = set()
    for tokens in clauses:
        for i, t in enumerate(tokens):
            if t.lower().removesuffix("’s").removesuffix("'s") == day:
                out |= {
                    canonical(x)
                    for x in tokens[max(0, i - window) : i + window + 1]
                    if x[0].isalpha()
                    and x.lower() not in STOP
                    and x.lower().removesuffix("’s") not in WEEKDAYS | MONTHS
                }
    return out


def _clauses(text: str) -> list[list[str]]:
    return [TOKEN.findall(c) for c in _CLAUSE_BREAK.split(text)]


_CLAUSE_BREAK = re.compile(r"[,;:()—]|(?<=[.!?])\s")


def _dated_otherwise(sentence: str, day: str, held: list[tuple[Passage, Facts]]) -> str | None:
    """Another weekday the passages tie this sentence's words to, where they never tie them to `day`."""
    own = _ties_of_day(_clauses(sentence), day)
    if not own:
        return None
    theirs = [c for p, _ in held for c in _clauses(p.paragraph.text)]
    if own & _ties_of_day(theirs, day):
        return None
    return next((other for other in sorted(WEEKDAYS - {day}) if own & _ties_of_day(theirs, other)), None)


def check_counts(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    """Ordinals ("third-youngest") and scores or votes ("6-3", "4-1") as the passages write them."""
    text = " ".join(h.text_norm for _, h in held)
    findings = [
        Finding("number", f"“{m.group()}” is not in {where}")
        for m in _ORDINALS.finditer(sentence)
        if not re.search(rf"\b{re.escape(m.group().lower())}\b", text)
    ]
    scores = {re.sub(r"\s|–", lambda x: "-" if x.group() == "–" else "", m.group()) for m in _SCORE.finditer(text)}
    for m in _SCORE.finditer(sentence):
        score = re.sub(r"\s", "", m.group()).replace("–", "-")
        if score not in scores and not re.fullmatch(r"\d{4}-\d{2}", score):
            findings.append(Finding("number", f"{m.group()} is not in {where}"))
    return findings


def check_dates(sentence: str, held: list[tuple[Passage, Facts]], where: str) -> list[Finding]:
    findings = []
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", sentence)}
    text = " ".join(h.text_norm for _, h in held)
    for word in sorted(words & (WEEKDAYS | MONTHS)):
        if word == "may" and not re.search(r"\bMay\b", sentence):
            continue  # the verb
        if not re.search(rf"\b{word}\b", text):
            findings.append(Finding("date", f"{word.capitalize()} is not in {where}"))
        elif word in WEEKDAYS and (other := _dated_otherwise(sentence, word, held)):
            findings.append(Finding("date", f"{where} put that on {other.capitalize()}, not {word.capitalize()}"))
    for n in find_numbers(sentence):
        if n.kind == "date" and not any(same_number(n, m, None) for _, h in held for m in h.numbers):
            findings.append(Finding("date", f"{n.text} is not stated in {where}"))
    return findings
