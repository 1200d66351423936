"""PDF reports as articles, through pypdf (maintained, pure Python: no poppler or Java to install).

The text is pypdf's layout extraction, which keeps a blank line where the page leaves a gap between
paragraphs; the lines of a paragraph, wrapped by the PDF's layout, are joined back into one line so that
a sentence is not cut in two. That joined text is the article's text: every offset refers to it.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from summarizer.errors import InputError

_GAP = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class PdfText:
    text: str  # paragraphs separated by blank lines
    title: str | None
    published: str | None  # "YYYY-MM-DD", the document's creation date


def read_pdf(data: bytes, source: str) -> PdfText:
    """A PDF's text and metadata. Raises InputError for an encrypted, broken or scanned (textless) PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not the user's business
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{source}: this PDF is encrypted; save an unprotected copy first")
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
        meta = reader.metadata
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        # pypdf meets a damaged file with whichever of these its parser ran into
        reason = str(e).splitlines()[0][:120] if str(e) else type(e).__name__
        raise InputError(f"{source}: not a readable PDF ({reason})") from None
    text = "\n\n".join(p for p in (reflow(page) for page in pages) if p)
    if not text.strip():
        raise InputError(
            f"{source}: no text layer in this PDF ({len(pages)} page{'s' * (len(pages) != 1)}, a scan?); "
            "run OCR on it first, e.g. ocrmypdf"
        )
    title = ((meta.title or "").strip() or None) if meta else None
    created = meta.creation_date if meta else None
    return PdfText(text, title, created.date().isoformat() if created else None)


def reflow(page: str) -> str:
    """Paragraphs (split at blank lines) each on one line, runs of layout spaces made one space."""
    paragraphs = []
    for block in _GAP.split(page.strip()):
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in block.splitlines()]
        joined = ""
        for line in filter(None, lines):
            # a line broken after a hyphen keeps the hyphen and joins without a space ("well-" "known")
            joined += line if joined.endswith("-") or not joined else " " + line
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)
