"""How values read to people, the same in every rendering: separators, units, dates without invented years;
and how text from articles, file names and models goes into Markdown without becoming HTML."""

from __future__ import annotations

import re

from summarizer.schemas.wording import format_date


def format_number(
    value: float | str | None, unit: str | None = None, text: str | None = None, kind: str | None = None
) -> str:
    """Numbers with separators, then the unit; dates as '23 Oct'; years bare; vague values as worded."""
    if value is None:
        return text or "—"
    if isinstance(value, str):
        return format_date(value)
    v = float(value)
    if kind == "year":
        return f"{v:.0f}"
    number = f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{number} {unit}" if unit else number


# Where CommonMark starts raw HTML, which a Markdown viewer renders as is: a tag (`<script`, `<img`), a
# closing tag, a comment, declaration or CDATA (`<!`), a processing instruction (`<?`); also an autolink.
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")


def md_safe(text: str) -> str:
    """Text as Markdown that shows it and never renders it as HTML: `<script>` becomes `&lt;script>`,
    which a viewer shows as typed. A `<` that cannot start HTML ("fewer than <5") is left as written."""
    return _HTML_START.sub("&lt;", text)


def md_code(text: str) -> str:
    """`text` as a Markdown code span, shown verbatim whatever it holds: the fence is longer than any run of
    backticks inside, so a file name with a backtick cannot end the span and let what follows render."""
    text = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"
