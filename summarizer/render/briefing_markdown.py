"""A `CorpusBriefing` as Markdown for people.

Every value is listed as its article states it, next to its verbatim quote and source; values are never
averaged. Text drawn from the articles because the model's version failed the checks carries †. The
helpers here (`format_number`, `stated`, `normalized`, `format_date`, ...) are shared with `briefing_html`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizer.render.brief_markdown import FALLBACK_MARK
from summarizer.render.formatting import format_date, format_number, md_safe
from summarizer.render.labels import relabel
from summarizer.schemas import Citation, CorpusBriefing, Disagreement, LedgerGroup, LedgerValue, TimelineEvent
from summarizer.schemas.wording import with_unit

KIND_LABELS = {"values": "Different numbers", "attribution": "Same number, different sides"}
FALLBACK_LEGEND = f"{FALLBACK_MARK} drawn from the article text: the model's version failed the checks."


# --- shared helpers -------------------------------------------------------------------------------


def stated(v: LedgerValue) -> str:
    """The value as its article writes it, with its unit: "$11.7bn", "two weeks", "162 seats", "2019" (a
    year, not "2,019"); a date as a date, a vague value as worded."""
    if isinstance(v.value, str) and re.fullmatch(r"\d{2}:\d{2}", v.value) and v.text:
        return v.text  # a clock time as written, with its zone: "1600 GMT", "6 p.m." (not "16:00", "18:00")
    if isinstance(v.value, float | int) and v.text:
        plain = re.fullmatch(r"\d[\d,]*(?:\.\d+)?", v.text)
        if plain and abs(float(v.text.replace(",", "")) - v.value) > 1e-9 * max(1.0, abs(v.value)):
            # the words after the number scale it ("28 cents" is $0.28): the quote says it, less the hedge
            hedge = v.qualifier or ""
            return v.quote[len(hedge) :].strip() if hedge and v.quote.lower().startswith(hedge.lower()) else v.quote
        return with_unit(v.text, v.unit, v.value)
    return format_number(v.value, v.unit, v.text)


def normalized(v: LedgerValue, g: LedgerGroup) -> str | None:
    """The value in the group's unit, when it had to be converted to get there; None otherwise."""
    if v.normalized_value is None or v.unit == g.unit:
        return None
    return with_unit(format_number(v.normalized_value), g.unit, v.normalized_value)


def mark(origin: str) -> str:
    return f" {FALLBACK_MARK}" if origin == "fallback" else ""


def unique_citations(citations: Iterable[Citation]) -> list[Citation]:
    seen: set[tuple[str, int]] = set()
    out = []
    for c in citations:
        if (c.article_id, c.paragraph) not in seen:
            seen.add((c.article_id, c.paragraph))
            out.append(c)
    return out


def cite(citations: Iterable[Citation], links: dict[str, str] | None = None) -> str:
    """'[A1 ¶3] [A2 ¶5]'; a citation of an article read from a URL links to it: '[A1 ¶3](https://...)'."""
    return " ".join(ref(c.article_id, c.paragraph, links) for c in unique_citations(citations))


def ref(article_id: str, paragraph: int, links: dict[str, str] | None = None) -> str:
    return linked(f"{article_id} ¶{paragraph}", (links or {}).get(article_id), brackets=True)


def linked(label: str, url: str | None, brackets: bool = False) -> str:
    """`label` as a Markdown link to `url` (as plain `[label]` or `label` when there is none)."""
    if url is None:
        return f"[{label}]" if brackets else label
    safe = url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{label}](<{safe}>)"


def web_links(b: CorpusBriefing) -> dict[str, str]:
    """Article id -> URL, for the articles that were read from the web."""
    return {s.article_id: s.source for s in b.sources if s.source.startswith(("http://", "https://"))}


def outlets(b: CorpusBriefing) -> dict[str, str]:
    return {s.article_id: s.outlet for s in b.sources if s.outlet}


def source_label(article_id: str, outlet: str | None) -> str:
    return f"{article_id} · {outlet}" if outlet else article_id


def value_source(v: LedgerValue, known: dict[str, str]) -> str:
    return source_label(v.article_id, v.outlet or known.get(v.article_id))


def has_fallback(b: CorpusBriefing) -> bool:
    origins = [b.executive_summary_origin, *(d.origin for d in b.developments)]
    return "fallback" in origins + [g.quantity_origin for g in b.ledger]


def group_heading(g: LedgerGroup) -> str:
    unit = f", in {g.unit}" if g.unit else ""
    return f"{g.id} · {g.quantity}{mark(g.quantity_origin)}{unit}"


# --- Markdown ------------------------------------------------------------------------------------


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


_safe = md_safe  # every text from an article, a file name or the model goes through it (or `_cell`)


def _cell(text: str | None) -> str:
    text = _safe(text or "—").replace("\\", "\\\\").replace("|", "\\|")
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def _ledger_table(g: LedgerGroup, known: dict[str, str], links: dict[str, str]) -> list[str]:
    show_norm = any(normalized(v, g) for v in g.values)
    show_actor = any(v.actor and v.actor != g.actor for v in g.values)
    cluster_of = {i: n for n, members in enumerate(g.clusters, 1) for i in members}
    show_cluster = len(g.clusters) > 1
    header = ["value as stated"] + ([f"normalized ({g.unit or 'no unit'})"] if show_norm else [])
    header += ["qualifier", "according to"] + (["about"] if show_actor else [])
    header += ["article", "¶", "quote"] + (["cluster"] if show_cluster else [])
    rows = []
    for i, v in enumerate(g.values):
        row = [_cell(stated(v))] + ([_cell(normalized(v, g))] if show_norm else [])
        row += [_cell(v.qualifier), _cell(v.attributed_to)] + ([_cell(v.actor)] if show_actor else [])
        row += [linked(_cell(value_source(v, known)), links.get(v.article_id)), str(v.paragraph), f"“{_cell(v.quote)}”"]
        row += [str(cluster_of.get(i, "—"))] if show_cluster else []
        rows.append(row)
    return _table(header, rows)


def _disagreement(d: Disagreement, known: dict[str, str], links: dict[str, str]) -> list[str]:
    lines = [f"### ⚠ {KIND_LABELS.get(d.kind, d.kind)}: {_safe(d.quantity)}", ""]
    if d.group_ids:
        lines += [f"Ledger: {', '.join(d.group_ids)}", ""]
    rows = [
        [
            _cell(f"{v.qualifier} {stated(v)}" if v.qualifier else stated(v)),  # "about 165 seats": no column for it
            _cell(v.actor),
            _cell(v.attributed_to),
            linked(_cell(value_source(v, known)), links.get(v.article_id)),
            str(v.paragraph),
            f"“{_cell(v.quote)}”",
        ]
        for v in d.values
    ]
    lines += _table(["value", "about", "according to", "article", "¶", "quote"], rows)
    return [*lines, "", f"_{_cell(d.note)}_" if d.note else "", ""]


def _section(title: str, body: list[str]) -> list[str]:
    while body and not body[-1]:
        body = body[:-1]
    return [f"## {title}", "", *(body or ["_None._"]), ""]


def briefing_markdown(b: CorpusBriefing) -> str:
    b = relabel(b)  # "A1".."An" for readers; the Sources section maps them to files and URLs
    known = outlets(b)
    links = web_links(b)
    n = len(b.sources)
    meta = f"Written by {b.model} from {plural(n, 'article')} in {plural(b.model_calls, 'model call')}"
    if b.usage.cached:  # "in 0 model calls" alone reads as if no model wrote it
        meta += ", its answers served from the cache"
    if b.failed:
        meta += f"; {len(b.failed)} could not be briefed"
    lines = [f"# {_safe(b.title)}", "", _safe(meta) + ".", ""]
    if has_fallback(b):
        lines += [FALLBACK_LEGEND, ""]

    summary = _safe(b.executive_summary) + mark(b.executive_summary_origin)
    summary += f" {cite(b.executive_summary_citations, links)}"
    lines += _section("Executive summary", [summary.strip()])

    lines += _section(
        "Key developments",
        [
            f"- {_safe(d.text)}{mark(d.origin)} — reported by "
            f"{_safe(', '.join(source_label(a, known.get(a)) for a in d.articles))} {cite(d.citations, links)}".rstrip()
            for d in b.developments
        ],
    )

    ledger = ["Each value as its article states it, side by side; values are never averaged.", ""]
    for g in b.ledger:
        warn = " — ⚠ sources disagree" if g.disagreement else (" — ↗ updated over time" if g.sequence else "")
        ledger += [f"### {_safe(group_heading(g))}{warn}", ""]
        if g.note:
            ledger += [f"> {'⚠ ' if g.disagreement else ''}{_cell(g.note)}", ""]
        ledger += [*_ledger_table(g, known, links), ""]
    lines += _section("Figure ledger", ledger if b.ledger else [])

    lines += _section("Where sources disagree", [x for d in b.disagreements for x in _disagreement(d, known, links)])

    agree = []
    for a in b.agreements:
        arts = ", ".join(a.articles)  # the statement gives the value as written, with its unit
        agree.append(
            f"- {_safe(a.statement)} — {plural(a.count, 'article')} ({arts}) {cite(a.citations, links)}".rstrip()
        )
        agree += [f"  - “{_cell(q)}”" for q in a.quotes]
    lines += _section("What they agree on", agree)

    timeline = [
        [
            _cell(format_date(e.date)),
            _cell(f"Published: {e.text}" if e.kind == "published" else e.text),
            _timeline_source(e, known, links),
        ]
        for e in b.timeline
    ]
    lines += _section("Timeline", _table(["date", "event", "source"], timeline) if timeline else [])

    speakers = []
    for s in b.speakers:
        aliases = [a for a in s.aliases if a != s.name]
        speakers += [f"### {_safe(s.name)}", ""] + ([f"_also: {_cell(', '.join(aliases))}_", ""] if aliases else [])
        speakers += [
            f"- {'figure: ' if c.kind == 'figure' else ''}“{_cell(c.text)}” {ref(c.article_id, c.paragraph, links)}"
            for c in s.claims
        ]
        speakers.append("")
    lines += _section("Who said what", speakers)

    dated = any(s.published for s in b.sources)
    sources = [
        [
            s.article_id,
            _cell(s.outlet),
            *([_cell(format_date(s.published) if s.published else None)] if dated else []),
            _cell(_headline(s.title, s.headline)),
            linked(_cell(s.source), links[s.article_id]) if s.article_id in links else _cell(s.source),
            f"{s.characters:,} chars, {s.paragraphs} ¶",
            str(s.figures),
            _cell("; ".join(s.dropped) or None),
        ]
        for s in b.sources
    ]
    header = ["article", "outlet", *(["published"] if dated else []), "title / headline", "source"]
    header += ["length", "figures", "stripped"]
    lines += _section("Sources", _table(header, sources) if sources else [])

    notes = [f"- could not brief: {_cell(f)}" for f in b.failed] + [f"- {_cell(x)}" for x in b.notes]
    u = b.usage
    notes.append(
        f"- {plural(b.model_calls, 'model call')}, {plural(u.failed_attempts, 'failed attempt')}; "
        f"tokens {u.prompt_tokens:,} in / {u.completion_tokens:,} out" + (" — served from cache" if u.cached else "")
    )
    if b.prompt_versions:
        notes.append(f"- prompts: {', '.join(b.prompt_versions)}")
    lines += _section("Notes and failures", notes)
    return "\n".join(lines).rstrip() + "\n"


def _timeline_source(e: TimelineEvent, known: dict[str, str], links: dict[str, str]) -> str:
    label = _cell(source_label(e.article_id, known.get(e.article_id)))
    return linked(label if e.kind == "published" else f"{label} ¶{e.paragraph}", links.get(e.article_id))


def _headline(title: str | None, headline: str) -> str:
    return f"{title} — {headline}" if title and title.strip() != headline.strip() else headline
