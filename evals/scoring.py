"""Score system briefs against gold figures.

Matching. A system figure (any `ArticleBrief.figures` entry except kind "designation") matches a gold
figure when (1) its span overlaps a gold span (where the gold quote or an also_quote occurs in the
article) and (2) the values agree: numbers after `quantities.normalize` within `rel_tol` (unit
conversion when both units are measurement units pint knows, e.g. 400 square miles = 1,036 km²; counted
nouns such as "troops" vs "soldiers" and missing units are not compared: the span already anchors the
figure); dates component by component, a missing year or day matching any ("--10-23" = "2024-10-23",
"--08" = "--08-06"); times as strings. A vague gold figure matches a vague system figure (value None) by
span overlap alone. Matching is one-to-one and greedy: pairs on the gold quote before pairs on an
also_quote, then the widest overlap first. A system figure left over that would have matched a gold
figure already taken (the same figure restated, e.g. at an also_quote) is a repeat: neither a match nor
a false figure, and left out of precision.

Qualifier accuracy is scored on matched figures whose gold has a qualifier (lowercased, whitespace
collapsed, exact). Attribution accuracy is scored on matched figures whose gold has attributed_to; see
`same_source` for the rule. Attribution precision is scored on matched figures the system credits to a
source: the share credited to the gold's (a source where the gold names none counts against it).
Grounding rate: system figures whose quote is verbatim in the article and states their value
(`quantities.states_value`; a vague figure's quote must hold a vague quantity word). Below 100% is a bug.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.errors import SummarizerError, validation_lines
from summarizer.schemas import ArticleBrief, Figure

from .gold import Gold, GoldArticle, GoldFigure, find_all
from .grouping import GroupingScore, keyed_figures, score_grouping

DEFAULT_REL_TOL = 0.02


@dataclass
class Match:
    gold: GoldFigure
    system: Figure
    qualifier_ok: bool | None  # None when the gold has no qualifier
    attribution_ok: bool | None  # None when the gold has no attributed_to


@dataclass
class ArticleScore:
    article_id: str
    file: str
    briefed: bool  # a brief was given for this article
    gold_count: int = 0
    figures: list[Figure] = field(default_factory=list)  # system figures, designations left out
    matches: list[Match] = field(default_factory=list)
    misses: list[GoldFigure] = field(default_factory=list)
    false_figures: list[Figure] = field(default_factory=list)
    repeats: list[Figure] = field(default_factory=list)  # restate a gold figure already matched
    ungrounded: list[Figure] = field(default_factory=list)

    KEYS = ("gold", "system", "matched", "repeats", "figures", "grounded", "qualifier_scored",
            "qualifier_correct", "attribution_scored", "attribution_correct", "attribution_given",
            "attribution_given_correct")  # fmt: skip

    @property
    def counts(self) -> dict[str, int]:
        """`system` (the precision denominator) leaves out repeats; `figures` (grounding's) does not."""
        q = [m.qualifier_ok for m in self.matches if m.qualifier_ok is not None]
        a = [m.attribution_ok for m in self.matches if m.attribution_ok is not None]
        given = [m.attribution_ok is True for m in self.matches if m.system.attributed_to]  # credited to a source
        n = len(self.figures)
        values = (self.gold_count, n - len(self.repeats), len(self.matches), len(self.repeats), n,
                  n - len(self.ungrounded), len(q), sum(q), len(a), sum(a), len(given), sum(given))  # fmt: skip
        return dict(zip(self.KEYS, values, strict=True))


@dataclass
class Score:
    articles: list[ArticleScore]
    tolerance: float
    corpus: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    discrepancies: list[tuple[str, bool]] | None = None  # (quantity, recalled); None: not scored
    consensus: list[tuple[str, bool]] | None = None
    unmatched_briefs: list[str] = field(default_factory=list)  # briefs for articles not in the gold
    grouping: GroupingScore | None = None  # None: not scored (no quantity keys or no ledger)
    offline: bool = False  # briefed with no model (`eval --offline`): every model field fell back

    def totals(self) -> dict[str, int]:
        return {k: sum(a.counts[k] for a in self.articles) for k in ArticleScore.KEYS}


def score(
    gold: Gold,
    briefs: Iterable[ArticleBrief],
    briefing: Any = None,
    rel_tol: float = DEFAULT_REL_TOL,
) -> Score:
    """Score briefs (keyed to gold articles by source file name or article_id = file stem) and, when a
    corpus briefing (a list of ledger groups) is given, its discrepancies and consensus."""
    briefs = list(briefs)
    by_article: dict[str, ArticleBrief] = {}
    unmatched = []
    for brief in briefs:
        article = _gold_article_for(gold, brief)
        if article is None:
            unmatched.append(brief.article_id)
        else:
            by_article[article.id] = brief
    result = Score(
        articles=[score_article(a, by_article.get(a.id), rel_tol) for a in gold.articles],
        tolerance=rel_tol,
        corpus=gold.corpus_id,
        model=next((b.model for b in briefs), None),
        prompt_version=next((b.prompt_version for b in briefs), None),
        unmatched_briefs=unmatched,
    )
    if briefing is not None:
        groups = parse_briefing(briefing)
        result.discrepancies, result.consensus = score_briefing(gold, groups, rel_tol)
        keyed = keyed_figures((by_article[a.article_id].article_id, a.matches) for a in result.articles if a.briefed)
        result.grouping = score_grouping(keyed, briefing)
    return result


def _gold_article_for(gold: Gold, brief: ArticleBrief) -> GoldArticle | None:
    source_name = Path(brief.source).name if brief.source and brief.source != "<text>" else None
    for article in gold.articles:
        if source_name == article.path.name or brief.article_id in (article.path.stem, article.id):
            return article
    return None


def score_article(article: GoldArticle, brief: ArticleBrief | None, rel_tol: float) -> ArticleScore:
    system = [f for f in (brief.figures if brief else []) if f.kind != "designation"]
    result = ArticleScore(article.id, article.file, brief is not None, len(article.figures), system)
    result.ungrounded = [f for f in system if not grounded(f, article.text)]
    candidates = []
    for g in article.figures:
        primary = find_all(article.text, g.quote)
        for i, s in enumerate(system):
            span = (s.span.start, s.span.end)
            width = overlap(g.spans, span)
            if width and figure_values_match(g, s, rel_tol):
                candidates.append((not overlap(primary, span), -width, g.index, i))
    used_gold: set[int] = set()
    used_system: set[int] = set()
    for *_, gi, si in sorted(candidates):  # the gold quote before also_quotes, then the widest overlap
        if gi in used_gold or si in used_system:
            continue
        used_gold.add(gi)
        used_system.add(si)
        g, s = article.figures[gi - 1], system[si]
        qualifier_ok = norm_qualifier(s.qualifier) == norm_qualifier(g.qualifier) if g.qualifier else None
        attribution_ok = same_source(s.attributed_to, g.attributed_to) if g.attributed_to else None
        result.matches.append(Match(g, s, qualifier_ok, attribution_ok))
    result.matches.sort(key=lambda m: m.gold.index)
    result.misses = [g for g in article.figures if g.index not in used_gold]
    repeated = {si for *_, si in candidates} - used_system
    result.repeats = [s for i, s in enumerate(system) if i in repeated]
    result.false_figures = [s for i, s in enumerate(system) if i not in used_system | repeated]
    return result


def overlap(spans: list[tuple[int, int]], span: tuple[int, int]) -> int:
    """The widest overlap, in characters, of `span` with any of `spans`."""
    return max([0, *(min(e, span[1]) - max(s, span[0]) for s, e in spans)])


def grounded(figure: Figure, text: str) -> bool:
    from summarizer.extract.quantities import states_value

    return figure.quote in text and bool(states_value(figure.quote, figure.value, figure.unit))


def figure_values_match(gold: GoldFigure, system: Figure, rel_tol: float) -> bool:
    if gold.vague or gold.value is None:
        return system.value is None
    return values_match(gold.value, gold.unit, system.value, system.unit, rel_tol)


_DATE = re.compile(r"^(?:(\d{4})|-)-(\d{2})(?:-(\d{2}))?$")


def values_match(a: Any, unit_a: str | None, b: Any, unit_b: str | None, rel_tol: float) -> bool:
    """Two figure values agree: dates by components, times as strings, numbers after normalisation."""
    from summarizer.extract.quantities import comparable, normalize, same_value

    if a is None or b is None:
        return False
    a, b = _year_number(a), _year_number(b)  # a year may come as "2022" or as 2022
    if isinstance(a, str) or isinstance(b, str):
        if not (isinstance(a, str) and isinstance(b, str)):
            return False
        da, db = _DATE.match(a), _DATE.match(b)
        if not (da and db):
            return a.strip() == b.strip()
        return all(x is None or y is None or x == y for x, y in zip(da.groups(), db.groups(), strict=True))
    a, b = float(a), float(b)
    if measure_unit(unit_a) and measure_unit(unit_b):
        if not comparable(unit_a, unit_b):
            return False
        (va, _), (vb, _) = normalize(a, unit_a), normalize(b, unit_b)
        return bool(same_value(va, vb, rel_tol=rel_tol))
    return bool(same_value(a, b, rel_tol=rel_tol))


def _year_number(value: Any) -> Any:
    return float(value) if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()) else value


def measure_unit(unit: str | None) -> bool:
    """A measurement unit or currency (square mile, km², percent, USD), not a counted noun or None."""
    from summarizer.extract.number_words import find_currency, find_unit

    return bool(unit) and (find_unit(unit) is not None or find_currency(unit) is not None)


def norm_qualifier(text: str | None) -> str:
    return " ".join((text or "").lower().split())


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})
_ARTICLES = {"a", "an", "the"}
_NOT_NAMES = _ARTICLES | {"of", "and", "for", "in", "on", "at", "to", "lt", "gen", "col", "maj", "capt", "mr"}


def norm_source(text: str | None) -> list[str]:
    """Lowercase words with curly quotes straightened, possessive 's, punctuation and a/an/the removed."""
    text = (text or "").translate(_QUOTES)
    text = re.sub(r"'s\b", "", text)
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    return [w for w in words if w not in _ARTICLES]


def proper_names(text: str | None) -> list[str]:
    """Capitalised words (proper-name tokens), lowercased, without titles and function words."""
    text = re.sub(r"'s\b", "", (text or "").translate(_QUOTES))
    words = re.sub(r"[^\w\s]", " ", text).split()
    return [w.lower() for w in words if w[:1].isupper() and w.lower() not in _NOT_NAMES]


def same_source(system: str | None, gold: str | None) -> bool:
    """Attribution rule: both normalised (`norm_source`), a match when one word sequence contains the
    other ("Syrskyi" in "Colonel General Oleksandr Syrskyi"), or when the last proper-name token of one
    is among the proper-name tokens of the other ("Lt. Gen. Budanov" and "Kyrylo Budanov";
    "National Intelligence Service (NIS)" and "South Korea's National Intelligence Service")."""
    a, b = norm_source(system), norm_source(gold)
    if not a or not b:
        return False
    sa, sb = f" {' '.join(a)} ", f" {' '.join(b)} "
    if sa in sb or sb in sa:
        return True
    na, nb = proper_names(system), proper_names(gold)
    return bool(na and nb and (na[-1] in nb or nb[-1] in na))


def score_briefing(
    gold: Gold, groups: list[Group], rel_tol: float
) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Discrepancy recall: some group flagged disagreement, or shown as a sequence of updates (a toll
    rising between reports: the values differ and the ledger says so), holds two or more of the gold's
    (article, value) pairs. Consensus recall: some group holds the value from two or more of its articles."""
    aliases = {a.id: {a.id, a.path.stem, a.path.name} for a in gold.articles}

    def held(group: Group, pairs: list[tuple[str, Any]], unit: str | None, tol: float) -> int:
        """How many of the (article, value) pairs some entry of the group holds."""
        return sum(
            any(
                e.article_id in aliases[article]
                and any(values_match(v, u, value, unit, tol) for v, u in e.readings(group))
                for e in group.values
            )
            for article, value in pairs
        )

    discrepancies = [
        (d.quantity, any((g.disagreement or g.sequence) and held(g, d.pairs(), d.unit, rel_tol) >= 2 for g in groups))
        for d in gold.discrepancies
    ]
    consensus = []
    for c in gold.consensus:
        pairs = [(a, c.value) for a in c.articles]
        consensus.append((c.quantity, any(held(g, pairs, c.unit, c.rel_tol or rel_tol) >= 2 for g in groups)))
    return discrepancies, consensus


class BriefingError(SummarizerError):
    """A corpus briefing that is not a list of ledger groups."""


class GroupValue(BaseModel):
    article_id: str
    value: float | str | None
    quote: str = ""
    attributed_to: str | None = None
    unit: str | None = None  # optional: the unit the value is stated in (CorpusBriefing's LedgerValue)
    normalized_value: float | str | None = None  # optional: the value in the group's unit

    def readings(self, group: Group) -> list[tuple[Any, str | None]]:
        """The (value, unit) ways to read this entry: normalized in the group unit, as stated, or plain."""
        out = [(self.normalized_value, group.unit)] if self.normalized_value is not None else []
        return [*out, (self.value, self.unit or group.unit)]


class Group(BaseModel):
    """One ledger group of a corpus briefing (the contract with the briefing's author)."""

    quantity: str
    unit: str | None = None
    values: list[GroupValue]
    disagreement: bool = False
    sequence: bool = False  # a running total reported at different times: its values differ, as updates


def parse_briefing(data: Any) -> list[Group]:
    """A plain list of ledger groups, or an object holding one under "ledger" or "groups" (a
    `CorpusBriefing`, whose "disagreements" then count as groups flagged disagreement)."""
    if isinstance(data, dict):  # a CorpusBriefing: its ledger, and its disagreements as flagged groups
        extra = [{**d, "disagreement": True} for d in data.get("disagreements") or [] if isinstance(d, dict)]
        data = next((data[k] + extra for k in ("ledger", "groups") if isinstance(data.get(k), list)), data)
    if not isinstance(data, list):
        raise BriefingError("briefing: expected a list of groups (quantity, unit, values, disagreement)")
    groups = []
    for i, group in enumerate(data, 1):
        try:
            groups.append(Group.model_validate(group))
        except ValidationError as e:
            raise BriefingError(f"briefing: group {i}: {validation_lines(e, 1)[0]}") from None
    return groups
