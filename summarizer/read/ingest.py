"""Reading articles: files (.txt, .md, .html, .pdf), folders of them, or text given directly.

The text is never edited. Paragraphs are found, boilerplate paragraphs are marked as dropped with a
reason, and every later offset refers to `Article.text`.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import os
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from summarizer.errors import InputError
from summarizer.read.article import Article, Paragraph
from summarizer.read.boilerplate import boilerplate_reason, outlet_from_credit
from summarizer.read.pdf import read_pdf

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES

_LONG_LINE = 100  # lines longer than this on average are one paragraph each (web text pasted to .txt)
_TITLE_MAX = 150
# Less text than this left in an HTML file is not an article: the bar `web.MIN_ARTICLE_CHARS` sets for
# fetched pages, applied to local files too
MIN_ARTICLE_CHARS = 200


def collect_paths(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named, and the article files inside folders named (sorted); errors for what is not there."""
    paths: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in _files_in(path) if p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
                raise InputError(f"{path}: no articles in this folder (looked for {kinds})")
            paths.extend(found)
        elif path.exists():
            paths.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return paths


def _files_in(folder: Path) -> list[Path]:
    """Every file under `folder`. A subfolder that cannot be read is an error naming it: `Path.rglob`
    skipped it without a word, and a run then left its articles out."""

    def refuse(error: OSError) -> None:
        raise InputError(f"{error.filename}: cannot read this folder ({error.strerror}); fix it or leave it out")

    return [Path(top) / name for top, _, names in os.walk(folder, onerror=refuse) for name in names]


def read_article(path: str | Path) -> Article:
    """Read one article file. Raises InputError with a one-line reason when it cannot be used."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; name the folder on the command line to read its articles") from None
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror})") from None
    if path.suffix.lower() in PDF_SUFFIXES or data.startswith(b"%PDF-"):
        return article_from_pdf(data, source=str(path), article_id=path.stem)
    text = _decoded(path, data)
    if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        article = article_from_html(text, source=str(path), article_id=path.stem)
        kept = sum(len(p.text) for p in article.kept)
        if kept < MIN_ARTICLE_CHARS:  # trafilatura, finding no main text, gives what there is: a menu's "Home"
            raise InputError(f"{path}: no article text on this page (only {kept} characters outside menus and footers)")
        return article
    return article_from_text(
        text, source=str(path), article_id=path.stem, markdown=path.suffix.lower() in {".md", ".markdown"}
    )


def _decoded(path: Path, data: bytes) -> str:
    """The file's text: UTF-8, or UTF-16 with its byte-order mark; an InputError naming what it is otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: UTF-16 text that does not decode; convert it to UTF-8 first") from None
    head = data[:8192]
    if b"\x00" in head:
        if head[1::2].count(0) > len(head) // 4 or head[::2].count(0) > len(head) // 4:  # every other byte
            raise InputError(f"{path}: looks like UTF-16 text without a byte-order mark; convert it to UTF-8 first")
        raise InputError(f"{path}: looks like a binary file, not an article (.txt, .md, .html or .pdf)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{path}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None


# YAML front matter (Jekyll, Hugo, Obsidian): metadata, not article text; its dates and counts are no figures
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def article_from_text(
    text: str,
    source: str = "<text>",
    article_id: str | None = None,
    markdown: bool = False,
    title: str | None = None,
    outlet: str | None = None,
) -> Article:
    if not text.strip():
        raise InputError(f"{source}: empty article (no text)")
    article_id = article_id or "text-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    paragraphs = split_paragraphs(text)
    if front := _FRONT_MATTER.match(text):
        inside = [p.end <= front.end() for p in paragraphs]
        paragraphs = [
            dataclasses.replace(p, dropped="front matter") if x else p for p, x in zip(paragraphs, inside, strict=True)
        ]
    kept = [p for p in paragraphs if p.dropped is None]
    if not kept:
        raise InputError(f"{source}: no article text left after removing boilerplate")
    if title is None:
        title, paragraphs = _find_title(paragraphs, markdown)
    if outlet is None:
        outlet = next((o for p in paragraphs if (o := outlet_from_credit(p.text))), None)
    return Article(id=article_id, source=source, text=text, paragraphs=paragraphs, title=title, outlet=outlet)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Blocks separated by blank lines; a block of long lines is one paragraph per line."""
    paragraphs: list[Paragraph] = []
    for block in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        lines = [m for m in re.finditer(r"[^\n]*\S[^\n]*", block.group())]
        avg = sum(len(m.group()) for m in lines) / len(lines)
        pieces = (
            [(block.start() + m.start(), block.start() + m.end()) for m in lines]
            if avg > _LONG_LINE or len(lines) == 1
            else [(block.start() + lines[0].start(), block.start() + lines[-1].end())]
        )
        for start, end in pieces:
            # trim surrounding whitespace so that text[start:end] is exactly the paragraph
            chunk = text[start:end]
            start += len(chunk) - len(chunk.lstrip())
            end = start + len(chunk.strip())
            body = text[start:end]
            paragraphs.append(Paragraph(len(paragraphs) + 1, start, end, body, boilerplate_reason(body)))
    return paragraphs


def _find_title(paragraphs: list[Paragraph], markdown: bool) -> tuple[str | None, list[Paragraph]]:
    """A short first kept line without a closing period is the title; it is kept as a paragraph."""
    kept = [p for p in paragraphs if p.dropped is None]
    first = kept[0]
    text = first.text
    if markdown and text.startswith("#"):
        return text.lstrip("#").strip(), paragraphs
    if len(kept) > 1 and len(text) <= _TITLE_MAX and "\n" not in text and not re.search(r"[.:;,]$", text):
        return text, paragraphs
    return None, paragraphs


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def article_from_pdf(data: bytes, source: str, article_id: str, outlet: str | None = None) -> Article:
    """The text of a PDF (`pdf.read_pdf`) as an article, with the PDF's title and creation date."""
    pdf = read_pdf(data, source)
    article = article_from_text(pdf.text, source=source, article_id=article_id, title=pdf.title, outlet=outlet)
    article.published = pdf.published
    return article


def article_from_html(
    html: str, source: str, article_id: str, url: str | None = None, outlet: str | None = None
) -> Article:
    """The main text of a web page, with its title, outlet and published date from the page's metadata.

    The outlet is the one the text names in a credit line, else the page's site name, else `outlet`.
    """
    # trafilatura is made for this: main-text extraction that drops navigation, ads and comments.
    import trafilatura

    text = trafilatura.extract(html, url=url, output_format="txt", include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise InputError(f"{source}: no article text found in this HTML page")
    # Dates from the page's markup only (meta tags, JSON-LD, <time>), not guessed from its text.
    dates = {"original_date": True, "extensive_search": False, "max_date": date.today().isoformat()}
    meta = trafilatura.extract_metadata(html, default_url=url, date_config=dates)
    title = meta.title if meta and meta.title else None
    article = article_from_text(text, source=source, article_id=article_id, title=title)
    article.outlet = article.outlet or (meta.sitename if meta and meta.sitename else None) or outlet
    article.published = meta.date if meta and meta.date else None
    return article
