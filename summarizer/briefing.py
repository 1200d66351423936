"""The corpus briefing: per-article briefs (the map step, cached) reduced into one document.

Code builds the ledger, disagreements, agreements, timeline and speakers from the briefs' records; the
model writes the executive summary, key developments and group names, each checked and, where it fails,
replaced by text drawn from the records and marked as fallback."""

from __future__ import annotations

from .article import Article
from .briefing_schemas import Citation, CorpusBriefing, Development, LedgerGroup, SourceInfo
from .crossref import developments, speakers, timeline
from .ledger import build_ledger
from .reduce import Reducer, digest, figure_lines
from .schemas import ArticleBrief, Usage
from .text import content_words, numbers_in

MAX_DEVELOPMENTS = 6


def alias_map(briefs: list[ArticleBrief]) -> dict[str, str]:
    """Short ids the model sees ("A1", "A2", ...) for article ids, in corpus order."""
    return {b.article_id: f"A{i + 1}" for i, b in enumerate(briefs)}


async def build_briefing(
    briefs: list[ArticleBrief], articles: dict[str, Article], reducer: Reducer, failed: list[str], model: str
) -> CorpusBriefing:
    groups, disagreements, value_agreements = build_ledger(briefs)
    fallback_developments, fact_agreements = developments(briefs, articles)
    alias_of = alias_map(briefs)
    article_of = {v: k for k, v in alias_of.items()}

    names, name_usage = await reducer.name_groups(groups)
    groups = [_rename(g, names.get(g.id)) for g in groups]
    numbers = set().union(*(numbers_in(v.quote) for g in groups for v in g.values), set())
    outcome = await reducer.summarize(
        [digest(alias_of[b.article_id], b) for b in briefs], figure_lines(groups, alias_of), numbers
    )
    notes = []
    summary = outcome.draft.executive_summary if outcome.draft else ""
    if summary:
        origin = "model"
    else:
        origin = "fallback"
        summary = fallback_summary(briefs, groups, disagreements)
        notes.append(
            "executive summary drawn from the records: the model's failed the checks ("
            + "; ".join(outcome.problems[:3])
            + ")"
        )
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
    usage = _sum([*map_usage, name_usage, outcome.usage])
    if outcome.levels > 1:
        notes.append(f"the corpus did not fit one model call: reduced in {outcome.levels} levels")
    return CorpusBriefing(
        title=_title(briefs),
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
    )


def fallback_summary(briefs: list[ArticleBrief], groups: list[LedgerGroup], disagreements: list) -> str:
    """Sentences built from the verified records: how many reports, the lead, where numbers differ."""
    outlets = sorted({b.outlet for b in briefs if b.outlet})
    source_words = f"{len(briefs)} articles" + (f" (including {', '.join(outlets)})" if outlets else "")
    lead = briefs[0].summary.value.split(". ")[0].rstrip(".") if briefs else ""
    sentences = [f"{source_words} report on this event; the first leads: “{lead}.”"]
    for d in disagreements[:2]:
        values = ", ".join(f"{v.text} ({v.attributed_to or v.outlet or v.article_id})" for v in d.values[:6])
        sentences.append(f"Sources disagree on {d.quantity}: {values}.")
    return " ".join(sentences)


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
        headline=b.headline.value,
        characters=b.characters,
        paragraphs=b.paragraphs,
        figures=len([f for f in b.figures if f.kind != "designation"]),
        dropped=[f"¶{d.paragraph} {d.reason}: {d.text[:60]}" for d in b.dropped],
    )


def _title(briefs: list[ArticleBrief]) -> str:
    return f"Briefing: {len(briefs)} articles"


def _sum(usages: list[Usage]) -> Usage:
    return Usage(
        prompt_tokens=sum(u.prompt_tokens for u in usages),
        completion_tokens=sum(u.completion_tokens for u in usages),
        attempts=sum(u.attempts for u in usages),
        failed_attempts=sum(u.failed_attempts for u in usages),
        cached=all(u.cached for u in usages),
    )
