"""Turning code's findings and the model's draft into an `ArticleBrief`, one field at a time.

A model-written field is used only when `find_problems` has nothing against it; otherwise the field is
drawn from the article text and marked `origin="fallback"`. So a poor model makes a plainer brief, never
a wrong one.
"""

from __future__ import annotations

import re

from summarizer.brief.claims import sentences
from summarizer.brief.draft import BriefDraft, find_problems, in_paragraph
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
    # a field with a failing sentence keeps its other sentences; a field that fails whole is replaced
    bad = {p.field for p in problems if p.sentence is None or p.field.startswith("headline")}
    dropped = {(p.field, p.sentence): p.message for p in problems if p.sentence is not None}
    notes = list(notes)
    if draft is None:
        notes.append("the model returned nothing usable; every model field is drawn from the text")
    elif problems:
        notes.append(
            f"{len(problems)} model sentence(s) or field(s) failed the checks; sentences were dropped, fields "
            "replaced from the text: "
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
        summary=_text(_kept("summary", draft.summary if draft else None, bad, dropped, 2), fallback_summary(article)),
        key_points=_key_points(article, figures, draft, bad, dropped),
        figures=_annotate_figures(article, figures, draft, bad, notes),
        entities=_entities(entities, draft, bad),
        quotes=_quotes(article, quotes, draft, bad, notes),
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


_STOPPED = re.compile(r"[.!?…][\"”’')\]]*\s*$")


def fallback_summary(article: Article) -> str:
    """The lead: whole sentences from the start of the body (after any title), at most two, within bounds."""
    body = [s.text for s in article.sentences if s.text not in (article.title or "")]
    # a line with no stop is a standfirst or a subhead ("Lumen maker shrugs off $1.1bn tariff bill"), not the
    # lead's first sentence: run into the next it would read as one sentence
    body = [t for t in body if _STOPPED.search(t)] or body
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


_DANGLING = re.compile(r"(?:They|It|He|She|This|These|Those|Its|Their|His|Her)\b")


def _kept(field: str, text: str | None, bad: set[str], dropped: dict, limit: int = 9) -> str | None:
    """The sentences of a model's field that passed the checks, at most `limit`; None when none did."""
    if text is None or field in bad:
        return None
    kept: list[str] = []
    for i, s in enumerate(sentences(text)):
        if (field, i) in dropped:
            continue
        if not kept and i > 0 and _DANGLING.match(s):
            continue  # "They …" after its subject's sentence was dropped: it would speak of no one
        kept.append(s)
    return " ".join(kept[:limit]) or None


def _key_points(
    article: Article, figures: list[Figure], draft: BriefDraft | None, bad: set[str], dropped: dict
) -> list[KeyPoint]:
    points = [
        KeyPoint(text=text, paragraphs=sorted(set(k.paragraphs)), origin="model")
        for i, k in enumerate(draft.key_points if draft else [])
        if (text := _kept(f"key_points[{i}]", k.text.strip(), bad, dropped))
    ]
    if len(points) < 3:
        cited = {n for k in points for n in k.paragraphs}
        points += fallback_key_points(article, figures, cited)[: MAX_KEY_POINTS - len(points)]
    return points[:MAX_KEY_POINTS]


def _annotate_figures(
    article: Article, figures: list[Figure], draft: BriefDraft | None, bad: set[str], notes: list[str]
) -> list[Figure]:
    """The model may describe a figure; who gave it belongs to code. The model's source is taken only where
    code found none and the figure's own sentence names it; otherwise the code's stands (or none) and the
    model's goes into the notes."""
    by_id = {n.figure_id.strip(): n for i, n in enumerate(draft.figures if draft else []) if f"figures[{i}]" not in bad}
    out = []
    for f in figures:
        note = by_id.get(f.id)
        if note is None:
            out.append(f)
            continue
        update: dict[str, object] = {"what": note.what.strip(), "what_origin": "model"}
        said = (note.attributed_to or "").strip()
        if said and f.attributed_to is None and in_paragraph(f.sentence, said):
            update |= {"attributed_to": said, "attributed_to_origin": "model"}
        elif said and not (f.attributed_to and same_speaker(f.attributed_to, said)):
            stated = (
                f"the article gives it to {f.attributed_to}" if f.attributed_to else "its paragraph names no one so"
            )
            notes.append(f"the model gave {f.id} ({f.quote}) to {said}; {stated}: not shown")
        out.append(f.model_copy(update=update))
    return out


def _entities(found: list[Entity], draft: BriefDraft | None, bad: set[str]) -> list[Entity]:
    named: dict[str, Entity] = {}  # one entity a name, however the model cased it ("NORTH KOREA", "North Korea")
    for i, e in enumerate(draft.entities if draft else []):
        key = normalize_text(e.name).lower()
        if f"entities[{i}]" in bad or (key in named and not named[key].name.isupper()):
            continue
        named[key] = Entity(name=e.name.strip(), type=e.type, origin="model")
    out = list(named.values())
    out += [e for e in found if normalize_text(e.name).lower() not in named]
    return out


def _quotes(
    article: Article, found: list[Quote], draft: BriefDraft | None, bad: set[str], notes: list[str]
) -> list[Quote]:
    """Quotes the model chose (checked verbatim) first, then the rest that code found, in article order.
    A quote's speaker is the one code finds; the model's only where code found none."""
    chosen: list[Quote] = []
    for i, q in enumerate(draft.quotes if draft else []):
        if f"quotes[{i}]" in bad:
            continue
        needle = normalize_text(q.quote)
        match = next((c for c in found if needle in normalize_text(c.text) or normalize_text(c.text) in needle), None)
        if match and match not in chosen:
            speaker = match.speaker or q.speaker.strip()
            if match.speaker and q.speaker.strip() and not same_speaker(match.speaker, q.speaker):
                notes.append(
                    f"the model gave the quote “{_clip(match.text, 40)}” to {q.speaker.strip()}; "
                    f"the article gives it to {match.speaker}"
                )
            chosen.append(match.model_copy(update={"speaker": speaker, "origin": "model"}))
        elif not match:
            notes.append(f"the model's quote “{_clip(q.quote, 40)}” is not one code found in the article: left out")
    chosen_spans = {q.span for q in chosen}
    rest = [q for q in found if q.span not in chosen_spans]
    return (chosen + rest)[:MAX_QUOTES]


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
