"""The corpus briefing: per-article briefs (the map step, cached) reduced into one document.

Code builds the ledger, disagreements, agreements, timeline and speakers from the briefs' records; the
model writes the executive summary, key developments and group names, each checked and, where it fails,
replaced by text drawn from the records and marked as fallback."""

from __future__ import annotations

import re

from summarizer.brief.claims import Passage
from summarizer.briefing.crossref import speakers, timeline
from summarizer.briefing.developments import developments, lead_weight
from summarizer.briefing.ledger import build_ledger
from summarizer.briefing.ledger_review import LedgerReview, Reviewed, after_review, apply_review
from summarizer.briefing.reduce import CALL_FAILED, ReduceOutcome, Reducer, digest, figure_lines
from summarizer.briefing.title import story_title
from summarizer.extract.text import content_words, numbers_in
from summarizer.read.article import Article
from summarizer.schemas import (
    ArticleBrief,
    Citation,
    CorpusBriefing,
    Development,
    Disagreement,
    LedgerGroup,
    LedgerValue,
    SourceInfo,
    Usage,
)
from summarizer.schemas.wording import with_unit

MAX_DEVELOPMENTS = 6


def alias_map(briefs: list[ArticleBrief]) -> dict[str, str]:
    """Short ids the model sees ("A1", "A2", ...) for article ids, in corpus order."""
    return {b.article_id: f"A{i + 1}" for i, b in enumerate(briefs)}


async def build_briefing(
    briefs: list[ArticleBrief], articles: dict[str, Article], reducer: Reducer, failed: list[str], model: str
) -> CorpusBriefing:
    groups, disagreements, value_agreements = build_ledger(briefs)
    fallback_developments, fact_agreements = developments(briefs, articles, groups)
    alias_of = alias_map(briefs)
    article_of = {v: k for k, v in alias_of.items()}
    before = groups
    groups, name_usage, outcome, reviewed = await model_part(briefs, articles, reducer, groups)
    notes = []
    if reviewed is not None:
        disagreements, value_agreements = after_review(reviewed, before, disagreements, value_agreements)
        notes += [f"ledger review by the model: {a}" for a in reviewed.accepted]
        notes += [f"ledger review by the model, refused: {r}" for r in reviewed.refused]
    summary = outcome.draft.executive_summary if outcome.draft else ""
    if summary:
        origin = "model"
        notes.append("the executive summary's sentences were checked by rules against the sources, not by a judge")
    else:
        origin = "fallback"
        summary = fallback_summary(briefs, fallback_developments, disagreements, groups)
        failed_call = next((p for p in outcome.problems if p.startswith(CALL_FAILED)), None)
        why = failed_call or "the model's failed the checks (" + "; ".join(outcome.problems[:3]) + ")"
        notes.append(f"executive summary drawn from the records: {why}")
    model_developments = [
        Development(
            text=d.text.strip(),
            origin="model",
            articles=[article_of[a] for a in d.articles],
            citations=_cite(d.text, [articles[article_of[a]] for a in d.articles]),
        )
        for d in (outcome.draft.developments if outcome.draft else [])
    ]
    developments_out = (model_developments + fallback_developments)[:MAX_DEVELOPMENTS]
    map_usage = [b.usage for b in briefs]
    usage = Usage.total([*map_usage, name_usage, outcome.usage])
    if outcome.levels > 1:
        notes.append(f"the corpus did not fit one model call: reduced in {outcome.levels} levels")
    return CorpusBriefing(
        title=story_title(briefs),
        model=model,
        prompt_versions=sorted({b.prompt_version for b in briefs} | set(reducer.prompt_versions)),
        executive_summary=summary,
        executive_summary_origin=origin,
        executive_summary_citations=_cite(summary, list(articles.values())),
        developments=developments_out,
        ledger=groups,
        disagreements=disagreements,
        agreements=value_agreements + fact_agreements,
        timeline=timeline(briefs),
        speakers=speakers(briefs),
        sources=[_source(b) for b in briefs],
        failed=failed,
        usage=usage,
        model_calls=usage.attempts,
        notes=notes,
        briefs=briefs,
    )


async def model_part(
    briefs: list[ArticleBrief], articles: dict[str, Article], reducer: Reducer, groups: list[LedgerGroup]
) -> tuple[list[LedgerGroup], Usage, ReduceOutcome, Reviewed | None]:
    """The model's calls of a briefing: a capable model's review of the ledger (merges, splits and names,
    checked by code; no answer leaves code's groups and names) or the embedded model's names for the
    groups; then the summary over the digests. Returns the groups reviewed or renamed, the usage of those calls,
    the summary's outcome and the review (None when there was none). (`--estimate` runs only this.)"""
    alias_of = alias_map(briefs)
    reviewed = None
    if reducer.review_template is not None:  # a capable model: its review names the groups too
        review, name_usage = await reducer.review_groups(groups, alias_of)
        reviewed = apply_review(groups, review or LedgerReview(), alias_of)
        groups = reviewed.groups
    else:
        names, name_usage = await reducer.name_groups(groups)
        groups = [_rename(g, names.get(g.id)) for g in groups]
    numbers = set().union(*(numbers_in(v.quote) for g in groups for v in g.values), set())
    passages = {
        alias_of[i]: [Passage(a, p, f"{alias_of[i]} ¶{p.index}") for p in a.kept]
        for i, a in articles.items()
        if i in alias_of
    }
    outcome = await reducer.summarize(
        [digest(alias_of[b.article_id], b) for b in briefs], figure_lines(groups, alias_of), numbers, passages
    )
    return groups, name_usage, outcome, reviewed


def fallback_summary(
    briefs: list[ArticleBrief],
    developments_found: list[Development],
    disagreements: list[Disagreement],
    groups: list[LedgerGroup] | None = None,
) -> str:
    """A lead built from verified records only: what happened (the fact the corpus leads with, verbatim, with
    the articles that report it: `developments` order), the figure the articles lead with (each value with
    who gave it), and the main disagreement. Article labels are A1..An in corpus order."""
    label = {b.article_id: f"A{i + 1}" for i, b in enumerate(briefs)}
    shared = [d for d in developments_found if len(d.articles) > 1] or developments_found  # leading facts first
    sentences = []
    if shared:
        top = shared[0]
        names = [label.get(a, a) for a in top.articles]
        who = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        sentences.append(f"{_clip(top.text, 320).rstrip('.')} ({who}).")  # a news lead runs to ~300
    elif briefs:
        sentences.append(f"{_clip(briefs[0].summary.value, 240).rstrip('.')} (A1).")
    if key := _key_figure(groups or [], label):
        sentences.append(key)
    for d in disagreements[:1]:
        sentences.append(_disagreement_sentence(d, label))
    return " ".join(sentences)


def _key_figure(groups: list[LedgerGroup], label: dict[str, str]) -> str | None:
    """The quantity the articles lead with (each giving a number for it counts 1 / the paragraph it first
    does so in, as for `developments`), each value as stated with its source. Not years ("2019"), and not a
    number that only describes a thing ("the 400-seat National Assembly", "a 4,000-mile journey")."""
    numeric = [
        g
        for g in groups
        if sum(isinstance(v.normalized_value, float) for v in g.values) >= 2
        and not all(re.fullmatch(r"1\d{3}|20\d{2}", v.text or "") for v in g.values)
        and sum(_modifier(v) for v in g.values) * 2 < len(g.values)
        and not g.period
        and "earlier" not in g.scope  # the news is now: not "57.5% in 2019", "a year earlier"
    ]
    if not numeric:
        return None

    def weight(g: LedgerGroup) -> tuple[float, int]:
        return lead_weight((v.article_id, v.paragraph) for v in g.values), -int(g.id.lstrip("Q") or 0)

    g = max(numeric, key=weight)
    shown = [g.clusters[0], g.clusters[-1]] if g.sequence and len(g.clusters) > 2 else g.clusters[:4]
    # a running total: where it started and where it stands; each number as its own articles write it
    # ("8% (A3; A4) and 8.1% (A1; A2; A5)"), never one article's number put in another's mouth
    parts = [" and ".join(_as_written([g.values[i] for i in c], g, label)) for c in shown]
    if g.sequence and len(parts) == 2:
        return f"Figures for {g.quantity}, a running total: from {parts[0]} to {parts[1]}."
    given = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Figures for {g.quantity}: {given}."


def _as_written(values: list[LedgerValue], g: LedgerGroup, label: dict[str, str]) -> list[str]:
    """ "8% (Tessaline Systems, A3; A4)": each way a cluster's number is written, with who writes it so."""
    by_text: dict[str, list[str]] = {}
    for v in values:
        where = label.get(v.article_id, v.article_id)
        by_text.setdefault(with_unit(v.text, g.unit, v.normalized_value), []).append(
            f"{v.attributed_to}, {where}" if v.attributed_to else where
        )
    return [f"{text} ({'; '.join(dict.fromkeys(who))})" for text, who in by_text.items()]


def _modifier(v: LedgerValue) -> bool:
    """A number joined to a noun by a hyphen ("400-seat"): it describes the thing, it does not report news."""
    at = v.sentence.find(v.text) if v.text else -1
    return at >= 0 and v.sentence[at + len(v.text) : at + len(v.text) + 1] == "-"


def _disagreement_sentence(d: Disagreement, label: dict[str, str]) -> str:
    def source(v: LedgerValue) -> str:
        where = label.get(v.article_id, v.article_id)
        return f"{v.attributed_to}, {where}" if v.attributed_to else where

    if d.kind == "attribution":
        parts = "; ".join(
            f"{label.get(v.article_id, v.article_id)} gives “{v.quote}” to the {v.actor or 'unstated'} side"
            for v in d.values
        )
        return f"Same number, different sides: {parts}."
    numeric = sorted((v for v in d.values if isinstance(v.normalized_value, float)), key=lambda v: v.normalized_value)  # type: ignore[arg-type,return-value]
    if len(numeric) < 2:
        return f"Sources disagree on {d.quantity}."
    low, high = numeric[0], numeric[-1]
    # no count of values: every number in a lead is a figure a source stated, never one code made up
    between = (
        "; the ledger gives every value between with its source"
        if len({v.normalized_value for v in numeric}) > 2
        else ""
    )
    return (
        f"Sources disagree on {d.quantity}: from {low.text} ({source(low)}) to {high.text} ({source(high)}){between}."
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _rename(group: LedgerGroup, name: str | None) -> LedgerGroup:
    if not name:
        return group
    return group.model_copy(update={"quantity": name, "quantity_origin": "model"})


def _cite(text: str, articles: list[Article]) -> list[Citation]:
    """For each sentence of `text`, the paragraph across `articles` that shares most of its words."""
    citations: list[Citation] = []
    for sentence in [s for s in text.replace("?", ".").split(". ") if s.strip()]:
        words = content_words(sentence)
        best = max(
            ((len(words & content_words(p.text)), a.id, p.index) for a in articles for p in a.kept),
            default=(0, "", 0),
        )
        if best[0] >= 2 and (c := Citation(article_id=best[1], paragraph=best[2])) not in citations:
            citations.append(c)
    return citations


def _source(b: ArticleBrief) -> SourceInfo:
    return SourceInfo(
        article_id=b.article_id,
        source=b.source,
        title=b.title,
        outlet=b.outlet,
        published=b.published,
        headline=b.headline.value,
        characters=b.characters,
        paragraphs=b.paragraphs,
        figures=len([f for f in b.figures if f.kind != "designation"]),
        dropped=[f"¶{d.paragraph} {d.reason}: {d.text[:60]}" for d in b.dropped],
    )
