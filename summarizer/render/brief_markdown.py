"""An `ArticleBrief` as Markdown for people. Fields drawn from the text instead of the model carry †.
Every text from the article, its file name or the model goes through `md_safe` (or `md_code`), so HTML
in an article is shown, never rendered by a Markdown viewer."""

from __future__ import annotations

from summarizer.render.formatting import format_number, md_code, md_safe
from summarizer.schemas import ArticleBrief, Figure

FALLBACK_MARK = "†"


def format_value(f: Figure) -> str:
    """The value as a reader expects it: separators and unit; dates as written; vague as worded."""
    return format_number(f.value, f.unit, f.text, f.kind)


def _mark(origin: str) -> str:
    return f" {FALLBACK_MARK}" if origin == "fallback" else ""


def _cell(text: str | None) -> str:
    return md_safe(text or "—").replace("|", "\\|").replace("\n", " ")


def brief_markdown(brief: ArticleBrief) -> str:
    lines = [f"# {md_safe(brief.headline.value)}{_mark(brief.headline.origin)}", ""]
    meta = [md_code(brief.source)]
    if brief.outlet:
        meta.append(md_safe(brief.outlet))
    meta += [f"{brief.paragraphs} paragraphs", f"written by {md_safe(brief.model)}"]
    lines += [" · ".join(meta), ""]
    if brief.fallbacks():
        lines += [f"{FALLBACK_MARK} drawn from the article text: the model's version failed the checks.", ""]
    summary = md_safe(brief.summary.value) + _mark(brief.summary.origin)
    lines += ["## Summary", "", summary, "", "## Key points", ""]
    for k in brief.key_points:
        cites = ", ".join(f"¶{n}" for n in k.paragraphs)
        lines.append(f"- {md_safe(k.text)} ({cites}){_mark(k.origin)}")
    figures = [f for f in brief.figures if f.kind != "designation"]
    lines += [
        "",
        f"## Figures ({len(figures)})",
        "",
        "| id | value | qualifier | what | according to | quote | ¶ |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f.id} | {_cell(format_value(f))} | {_cell(f.qualifier)} "
            f"| {_cell(f.what)}{_mark(f.what_origin)} | {_cell(f.attributed_to)} | “{_cell(f.quote)}” | {f.paragraph} |"
        )
    if brief.quotes:
        lines += ["", "## Quotes", ""]
        for q in brief.quotes:
            lines.append(f"> “{md_safe(q.text)}” — {md_safe(q.speaker or 'unattributed')} (¶{q.paragraph})")
            lines.append("")
    if brief.entities:
        lines += ["", "## Named in the article", ""]
        for kind in ("person", "organization", "place"):
            names = [e.name for e in brief.entities if e.type == kind]
            if names:
                lines.append(f"- **{kind.capitalize()}s**: {md_safe(', '.join(names))}")
    if brief.dropped:
        lines += ["", "## Left out (boilerplate)", ""]
        for d in brief.dropped:
            lines.append(f"- ¶{d.paragraph} {d.reason}: “{md_safe(d.text[:80])}{'…' if len(d.text) > 80 else ''}”")
    lines += ["", "## Notes", ""]
    for note in brief.notes:
        lines.append(f"- {md_safe(note)}")
    u = brief.usage
    lines.append(
        f"- model calls: {u.attempts} ({u.failed_attempts} failed), tokens {u.prompt_tokens} in / "
        f"{u.completion_tokens} out" + (" — served from cache" if u.cached else "")
    )
    lines.append(f"- prompt {brief.prompt_version}")
    return "\n".join(lines).rstrip() + "\n"
