"""Turning code's findings and the model's draft into an `ArticleBrief`, one field at a time.

A model-written field is used only when `find_problems` has nothing against it; otherwise the field is
drawn from the article text and marked `origin="fallback"`. So a poor model makes a plainer brief, never
a wrong one.
"""

from __future__ import annotations

from summarizer.brief.draft import BriefDraft, find_problems
from summarizer.extract.attribution import same_speaker
from summarizer.extract.text import normalize_text
from summarizer.read.article import Article
from summarizer.schemas import ArticleBrief, Dropped, Entity, Figure, KeyPoint, Quote, Text, Usage

MAX_KEY_POINTS = 5
MAX_QUOTES = 8
_HEADLINE_MAX = 120
_SUMMARY_MAX = 450
_SALIENT = {"count", "measure", "money", "percent", "ratio", "vague"}


def assemble(
    article: Article,
    figures: list[Figure],
    quotes: list[Quote],
    entities: list[Entity],
    draft: BriefDraft | None,
    *,
    model: str,
    prompt_version: str,
    usage: Usage,
    notes: list[str],
) -> ArticleBrief:
    problems = find_problems(draft, article, figures) if draft else []
    bad = {p.field for p in problems}
    notes = list(notes)
    if draft is None:
        notes.append("the model returned nothing usable; every model field is drawn from the text")
    elif problems:
        notes.append(
            f"{len(problems)} model field(s) failed the checks and were replaced from the text: "
            + "; ".join(p.message for p in problems[:5])
            + (" ..." if len(problems) > 5 else "")
        )
    return ArticleBrief(
        article_id=article.id,
        source=article.source,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        model=model,
        prompt_version=prompt_version,
        headline=_text(draft.headline if draft and "headline" not in bad else None, fallback_headline(article)),
        summary=_text(draft.summary if draft and "summary" not in bad else None, fallback_summary(article)),
        key_points=_key_points(article, figures, draft, bad),
        figures=_annotate_figures(figures, draft, bad),
        entities=_entities(entities, draft, bad),
        quotes=_quotes(article, quotes, draft, bad),
        dropped=[Dropped(paragraph=p.index, reason=p.dropped, text=p.text) for p in article.paragraphs if p.dropped],
        paragraphs=len(article.kept),
        characters=sum(len(p.text) for p in article.kept),
        usage=usage,
        notes=notes,
    )


def fallback_headline(article: Article) -> str:
    if article.title:
        return article.title
    return _clip(article.sentences[0].text, _HEADLINE_MAX)


def fallback_summary(article: Article) -> str:
    """The lead: whole sentences from the start of the body (after any title), at most two, within bounds."""
    body = [s.text for s in article.sentences if s.text not in (article.title or "")]
    chosen = body[:1]
    if len(body) > 1 and len(body[0]) + len(body[1]) < _SUMMARY_MAX:
        chosen.append(body[1])
    return _clip(" ".join(chosen), _SUMMARY_MAX)


def fallback_key_points(article: Article, figures: list[Figure], exclude: set[int]) -> list[KeyPoint]:
    """Sentences that carry the article's figures (the sentences a reader checks first), then the first
    sentences of later paragraphs; never the lead the summary already gives, never a paragraph twice."""
    lead = fallback_summary(article)
    cited = set(exclude)
    candidates = [(f.paragraph, f.sentence) for f in figures if f.kind in _SALIENT]
    candidates += [(p.index, s.text) for p in article.kept for s in article.sentences if p.start <= s.start < p.end]
    points = []
    for paragraph, sentence in candidates:
        if paragraph in cited or sentence in lead or sentence in (article.title or "") or len(sentence) < 60:
            continue
        cited.add(paragraph)
        points.append(KeyPoint(text=_clip(sentence, 300), paragraphs=[paragraph], origin="fallback"))
    return points


def _text(model_value: str | None, fallback: str) -> Text:
    if model_value and model_value.strip():
        return Text(value=model_value.strip(), origin="model")
    return Text(value=fallback, origin="fallback")


def _key_points(article: Article, figures: list[Figure], draft: BriefDraft | None, bad: set[str]) -> list[KeyPoint]:
    points = [
        KeyPoint(text=k.text.strip(), paragraphs=sorted(set(k.paragraphs)), origin="model")
        for i, k in enumerate(draft.key_points if draft else [])
        if f"key_points[{i}]" not in bad
    ]
    if len(points) < 3:
        cited = {n for k in points for n in k.paragraphs}
        points += fallback_key_points(article, figures, cited)[: MAX_KEY_POINTS - len(points)]
    return points[:MAX_KEY_POINTS]


def _annotate_figures(figures: list[Figure], draft: BriefDraft | None, bad: set[str]) -> list[Figure]:
    notes = {n.figure_id.strip(): n for i, n in enumerate(draft.figures if draft else []) if f"figures[{i}]" not in bad}
    out = []
    for f in figures:
        note = notes.get(f.id)
        if note is None:
            out.append(f)
            continue
        update: dict[str, object] = {"what": note.what.strip(), "what_origin": "model"}
        if note.attributed_to and not (f.attributed_to and same_speaker(f.attributed_to, note.attributed_to)):
            update |= {"attributed_to": note.attributed_to.strip(), "attributed_to_origin": "model"}
        out.append(f.model_copy(update=update))
    return out


def _entities(found: list[Entity], draft: BriefDraft | None, bad: set[str]) -> list[Entity]:
    out = [
        Entity(name=e.name.strip(), type=e.type, origin="model")
        for i, e in enumerate(draft.entities if draft else [])
        if f"entities[{i}]" not in bad
    ]
    seen = {normalize_text(e.name) for e in out}
    out += [e for e in found if normalize_text(e.name) not in seen]
    return out


def _quotes(article: Article, found: list[Quote], draft: BriefDraft | None, bad: set[str]) -> list[Quote]:
    """Quotes the model chose (checked verbatim) first, then the rest that code found, in article order."""
    chosen: list[Quote] = []
    for i, q in enumerate(draft.quotes if draft else []):
        if f"quotes[{i}]" in bad:
            continue
        needle = normalize_text(q.quote)
        match = next((c for c in found if needle in normalize_text(c.text) or normalize_text(c.text) in needle), None)
        if match and match not in chosen:
            speaker = match.speaker or q.speaker.strip()
            chosen.append(match.model_copy(update={"speaker": speaker, "origin": "model"}))
    chosen_spans = {q.span for q in chosen}
    rest = [q for q in found if q.span not in chosen_spans]
    return (chosen + rest)[:MAX_QUOTES]


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
