"""A fetched page as an `Article`: HTML through trafilatura, PDF through pypdf, plain text as it is.

The article's id and source are the URL as given: that is what every output cites, and, the cached
body being reused on a re-run, what keeps the article (and the model call made for it) the same.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from summarizer.errors import InputError
from summarizer.read.article import Article
from summarizer.read.fetch import Page
from summarizer.read.ingest import article_from_html, article_from_pdf, article_from_text

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Less kept text than this is not an article: trafilatura, finding no main text, falls back to whatever
# the page has (a menu's "Home News"). The shortest wire story is a few sentences, several hundred characters.
MIN_ARTICLE_CHARS = 200


def article_from_page(page: Page, published: datetime | None = None) -> Article:
    """`published`: the date a feed gave the entry, used when the page's metadata has none."""
    url = page.url
    outlet = host_outlet(page.final_url)
    if page.content_type == "application/pdf" or page.body.startswith(b"%PDF-"):
        article = article_from_pdf(page.body, source=url, article_id=url, outlet=outlet)
    elif page.content_type in HTML_TYPES or (not page.content_type and _looks_like_html(page.body)):
        article = article_from_html(_html_text(page), source=url, article_id=url, url=page.final_url, outlet=outlet)
        kept = sum(len(p.text) for p in article.kept)
        if kept < MIN_ARTICLE_CHARS:
            raise InputError(f"{url}: no article text on this page (only {kept} characters outside menus and footers)")
    elif page.content_type in ("text/plain", ""):
        article = article_from_text(_plain_text(page), source=url, article_id=url)
        article.outlet = article.outlet or outlet
    else:
        raise InputError(f"{url}: not an article: the server sent {page.content_type}")
    if article.published is None and published is not None:
        article.published = published.date().isoformat()
    return article


def host_outlet(url: str) -> str | None:
    """The site's name as its host shows it ("www.reuters.com" -> "reuters.com"): the outlet of last resort."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _html_text(page: Page) -> str:
    if page.charset:
        try:
            return page.body.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong charset header: let trafilatura guess from the bytes and the page's <meta>
    from trafilatura.utils import decode_file

    return decode_file(page.body)


def _plain_text(page: Page) -> str:
    try:
        return page.body.decode(page.charset or "utf-8-sig")
    except (LookupError, UnicodeDecodeError):
        raise InputError(f"{page.url}: the text is not in {page.charset or 'UTF-8'} as the server says") from None
