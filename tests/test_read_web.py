"""Reading URLs, link lists, feeds and PDFs (summarizer/read/): against a site on 127.0.0.1 (`bench/web_site.py`),
never any other address. The site is loopback, so the tests pass `allow_private` to reach it, except
where they show that it is refused without."""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.web_site import Site, article_html, closed_port
from summarizer.errors import InputError
from summarizer.read.article import Article
from summarizer.read.feeds import parse_feed, parse_since, select
from summarizer.read.fetch import USER_AGENT, Fetcher
from summarizer.read.guard import Address, Guard, kind_of
from summarizer.read.ingest import article_from_html, collect_paths, read_article
from summarizer.read.page_cache import PageCache
from summarizer.read.sources import ReadOptions, gather, read_link_list


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


def fetcher(tmp_path: Path, guard: Guard | None = None, **options) -> Fetcher:
    return Fetcher(PageCache(tmp_path / "pages"), guard or Guard(allow_private=True), **options)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("0.0.0.0", "private"),
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("224.0.0.1", "multicast"),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert kind_of(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a.txt", "data:text/html,<p>x</p>"])
def test_other_schemes_are_refused_before_any_lookup(url: str) -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise AssertionError("no lookup for a refused scheme")

    with pytest.raises(InputError, match=r"only http:// and https:// URLs are read, not \w+:"):
        Guard(allow_private=True, resolver=resolver).addresses(url)


def test_private_hosts_are_refused_unless_allowed() -> None:
    guard = Guard(resolver=lambda host, port: ["10.0.0.7"])
    with pytest.raises(InputError) as refused:
        guard.addresses("http://intranet.example/secret")
    assert str(refused.value) == (
        "intranet.example (10.0.0.7) is a private address; pass --allow-private to read internal hosts"
    )
    with pytest.raises(InputError, match=r"127\.0\.0\.1 is a loopback address"):
        guard.addresses("http://127.0.0.1:8080/")
    assert Guard(allow_private=True, resolver=lambda host, port: ["10.0.0.7"]).addresses("http://intranet.example/")
    # one public and one private address: refused (the connection could go to either)
    mixed = Guard(resolver=lambda host, port: ["93.184.215.14", "127.0.0.1"])
    with pytest.raises(InputError, match="loopback"):
        mixed.addresses("https://news.example/")


class _LoopbackIsPublic(Guard):
    """The test site's loopback address counts as public here, so that a redirect from it can be checked."""

    def kind(self, address: Address) -> str | None:
        return None if str(address) == "127.0.0.1" else super().kind(address)


def test_a_redirect_is_checked_again_and_nothing_is_sent_there(site: Site, tmp_path: Path) -> None:
    guard = _LoopbackIsPublic(resolver=lambda host, port: ["10.0.0.7"] if host == "intranet.example" else [host])
    port = site.server.server_address[1]
    with fetcher(tmp_path, guard) as f, pytest.raises(InputError) as refused:
        f.fetch(site.url("/to-internal"))
    assert str(refused.value) == (
        f"{site.url('/to-internal')}: redirected to http://intranet.example:{port}/secret: "
        "intranet.example (10.0.0.7) is a private address; pass --allow-private to read internal hosts"
    )
    assert ("/secret", 200) not in site.log


def test_the_checked_address_is_the_one_connected_to(site: Site, tmp_path: Path) -> None:
    """A name is looked up once, by the guard; the request goes to that address with the name as Host."""
    port = site.server.server_address[1]
    lookups: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    with fetcher(tmp_path, Guard(allow_private=True, resolver=resolver)) as f:
        page = f.fetch(f"http://news.example:{port}/articles/3.html")
    assert lookups == ["news.example"]
    assert b"Flood update 3" in page.body
    assert site.headers[-1]["host"] == f"news.example:{port}"


def test_request_headers_name_the_tool(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path) as f:
        f.fetch(site.url("/articles/5.html"))
    sent = site.headers[-1]
    assert sent["user-agent"] == USER_AGENT and USER_AGENT.startswith("summarizer/")
    assert "gzip" in sent["accept-encoding"] and "text/html" in sent["accept"]


def test_a_gzipped_page_is_decoded(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path) as f:
        page = f.fetch(site.url("/gzipped.html"))
    assert page.body.startswith(b"<!doctype html>") and b"Flood update 9" in page.body


def test_a_second_fetch_revalidates_and_uses_the_cached_body(site: Site, tmp_path: Path) -> None:
    url = site.url("/articles/7.html")
    with fetcher(tmp_path) as f:
        first = f.fetch(url)
    with fetcher(tmp_path) as f:  # a new run: a new fetcher on the same cache directory
        again = f.fetch(url)
        assert (f.downloaded, f.unchanged) == (0, 1)
    assert site.log[-2:] == [("/articles/7.html", 200), ("/articles/7.html", 304)]
    assert "if-none-match" in site.headers[-1] and "if-none-match" not in site.headers[-2]
    assert again.unchanged and not first.unchanged
    assert again.body == first.body and again.content_type == "text/html"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/error", "HTTP 500 Internal Server Error"),
        ("/loop-a", "redirect loop: {base}/loop-a → {base}/loop-b → {base}/loop-a"),
        ("/empty.html", "no article text on this page (only 9 characters outside menus and footers)"),
        ("/photo.png", "not an article: the server sent image/png (an HTML page, a PDF or plain text is read)"),
        ("/huge.html", "too large: 50.0 MB, more than the 25 MB limit; not downloaded"),
        ("/huge-chunked.html", "too large: more than the 25 MB limit; download stopped"),
        ("/scan.pdf", "no text layer in this PDF (1 page, a scan?); run OCR on it first, e.g. ocrmypdf"),
        ("/hop/1", "more than 5 redirects ({base}/hop/1 → {base}/hop/2 → {base}/hop/3 → …)"),
        ("/broken.pdf", "not a readable PDF ({why})"),
        ("/to-file", "redirected to file:///etc/passwd: only http:// and https:// URLs are read, not file:"),
    ],
)
def test_each_fault_is_one_line_and_the_others_are_read(site: Site, path: str, message: str, tmp_path: Path) -> None:
    good = site.url("/articles/2.html")
    found = gather([site.url(path), good], ReadOptions(allow_private=True, pages_dir=tmp_path / "pages"))
    if "{why}" in message:  # pypdf's own words for what is wrong with the file
        assert found.failed[0].startswith(f"{site.url(path)}: {message.split('{')[0]}") and len(found.failed) == 1
    else:
        assert found.failed == [f"{site.url(path)}: {message.format(base=site.base)}"]
    assert [a.source for a in found.sources] == [good]


def test_a_feed_named_as_a_page_says_to_use_feed(site: Site, tmp_path: Path) -> None:
    url = site.url("/feed.xml")
    options = ReadOptions(allow_private=True, pages_dir=tmp_path / "pages")
    gather([], ReadOptions(feeds=(url,), limit=1, allow_private=True, pages_dir=tmp_path / "pages"))  # now cached
    for _ in range(2):  # whether the server sends it or answers 304 for the cached copy
        found = gather([url], options)
        assert found.failed == [f"{url}: this is a feed (application/rss+xml): read its entries with --feed {url}"]
    assert site.log[-2:] == [("/feed.xml", 304), ("/feed.xml", 304)]


def test_a_slow_body_is_stopped_at_the_deadline(site: Site, tmp_path: Path) -> None:
    stopped = r"too slow: .* in 0 s; download stopped"
    with fetcher(tmp_path, deadline=0.0) as f, pytest.raises(InputError, match=stopped):
        f.fetch(site.url("/huge-chunked.html"))


def test_five_redirects_are_followed(site: Site, tmp_path: Path) -> None:
    url = site.url("/hop/5")  # /hop/5 .. /hop/9, then the article
    (article,) = gather([url], ReadOptions(allow_private=True, pages_dir=tmp_path / "pages")).sources
    assert article.source == url and article.title == "Flood update 1: 100 homes damaged in Millbrook"


def test_a_url_with_a_password_is_refused_and_the_password_never_shown(tmp_path: Path) -> None:
    url = "https://reader:s3cret@news.example/story"
    found = gather([url], ReadOptions(pages_dir=tmp_path / "pages"))
    assert found.failed == [
        "https://***@news.example/story: a URL with a user name or password is not read "
        "(it would be written into every output)"
    ]


def test_a_url_named_twice_is_read_once(site: Site, tmp_path: Path) -> None:
    url = site.url("/articles/6.html")
    before = len(site.log)
    found = gather([url, url], ReadOptions(allow_private=True, pages_dir=tmp_path / "pages"))
    assert [a.source for a in found.sources] == [url] and len(site.log) == before + 1


def test_an_unreachable_host(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/news"
    found = gather([url], ReadOptions(allow_private=True, pages_dir=tmp_path / "pages"))
    assert found.failed == [f"{url}: cannot connect to {url.split('/')[2]} (Connection refused)"]


def test_loopback_is_refused_without_allow_private(site: Site, tmp_path: Path) -> None:
    before = len(site.log)
    found = gather([site.url("/articles/1.html")], ReadOptions(pages_dir=tmp_path / "pages"))
    assert found.failed == [
        f"{site.url('/articles/1.html')}: 127.0.0.1 is a loopback address; pass --allow-private to read internal hosts"
    ]
    assert len(site.log) == before  # nothing was sent


def test_a_page_becomes_an_article_with_its_metadata(site: Site, tmp_path: Path) -> None:
    url = site.url("/articles/12.html")
    (article,) = gather([url], ReadOptions(allow_private=True, pages_dir=tmp_path / "pages")).sources
    assert isinstance(article, Article)  # read now, not a path read later
    assert (article.id, article.source) == (url, url)
    assert article.title == "Flood update 12: 1200 homes damaged in Ashford"
    assert article.outlet == "Valley Courier" and article.published == "2024-10-12"
    assert "Home" not in article.text and "All rights reserved" not in article.text
    assert any("1200 homes were damaged" in p.text for p in article.kept)


def test_a_page_without_a_date_takes_its_feed_entrys_date() -> None:
    from summarizer.read.fetch import Page
    from summarizer.read.web import article_from_page

    html = "\n".join(line for line in article_html(4).splitlines() if "published_time" not in line)
    url = "https://news.example/articles/4.html"
    page = Page(url, url, "text/html", "utf-8", html.encode())
    assert article_from_page(page).published is None
    entry_date = datetime(2024, 10, 4, 9, tzinfo=UTC)
    article = article_from_page(page, published=entry_date)
    assert article.published == "2024-10-04" and article.outlet == "Valley Courier"
    plain = Page(url, url, "text/html", "utf-8", html.replace("Valley Courier", "").encode())
    assert article_from_page(plain).outlet == "news.example"  # the host, when nothing names the outlet


def test_outlet_named_in_the_text_comes_before_the_site_name() -> None:
    html = (
        "<html><head><title>Talks resume</title><meta property='og:site_name' content='Wire Service'></head>"
        "<body><article><p>Negotiators met for a third day on Tuesday and agreed to extend the ceasefire by "
        "two weeks, officials from both delegations said after the meeting ended late at night.</p>"
        "<p>The Daily Ledger’s Ann Smith contributed to this report.</p></article></body></html>"
    )
    assert article_from_html(html, "a.html", "a").outlet == "The Daily Ledger"
    credited = html.replace("<p>The Daily Ledger’s Ann Smith contributed to this report.</p>", "")
    assert article_from_html(credited, "a.html", "a").outlet == "Wire Service"


def test_a_pdf_file_and_a_pdf_url(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "reports" / "assessment.pdf"
    path.parent.mkdir()
    path.write_bytes(site.pdf)
    assert collect_paths([path.parent]) == [path]  # folders are searched for PDFs too
    article = read_article(path)
    assert article.title == "Valley flood assessment" and article.published == "2024-10-22"
    texts = [p.text for p in article.kept]
    assert texts[1].startswith("The assessment team counted 1,250 damaged homes") and texts[1].endswith("report.")
    assert texts[2].startswith("Rainfall at the upper gauge reached 182 millimetres")  # page 2
    (from_url,) = gather([site.url("/report.pdf")], ReadOptions(allow_private=True, pages_dir=tmp_path)).sources
    assert from_url.text == article.text and from_url.source == site.url("/report.pdf")


def test_a_scanned_pdf_file(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(site.scan)
    with pytest.raises(InputError) as failed:
        read_article(path)
    why = "no text layer in this PDF (1 page, a scan?); run OCR on it first, e.g. ocrmypdf"
    assert str(failed.value) == f"{path}: {why}"


def test_feed_entries_since_and_limit(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path) as f:
        page = f.fetch(site.url("/feed.xml"), accept=None, feed=True)
    feed = parse_feed(page.body, "feed.xml", base_url=page.final_url)
    assert feed.title == "Valley Courier" and len(feed.entries) == 20
    assert feed.entries[0].link == site.url("/articles/20.html")
    assert feed.entries[0].published == datetime(2024, 10, 20, 9, tzinfo=UTC)
    recent = select(feed, since=datetime(2024, 10, 15, tzinfo=UTC))
    assert [e.link.rsplit("/", 1)[1] for e in recent.entries] == [f"{n}.html" for n in range(20, 14, -1)]
    assert len(select(feed, since=datetime(2024, 10, 15, tzinfo=UTC), limit=2).entries) == 2


def test_feed_faults(site: Site, tmp_path: Path) -> None:
    options = ReadOptions(feeds=(site.url("/empty-feed.xml"), site.url("/articles/1.html")), allow_private=True)
    options.pages_dir = tmp_path / "pages"
    found = gather([], options)
    assert found.failed[0] == f"{site.url('/empty-feed.xml')}: no entries in this feed"
    assert found.failed[1].startswith(f"{site.url('/articles/1.html')}: not an RSS or Atom feed (")
    assert found.sources == []


def test_a_feed_with_nothing_recent(site: Site, tmp_path: Path) -> None:
    feed = site.url("/feed.xml")
    options = ReadOptions(feeds=(feed,), since=datetime(2030, 1, 1, tzinfo=UTC), allow_private=True)
    options.pages_dir = tmp_path / "pages"
    found = gather([], options)
    assert found.failed == [
        f"{feed}: no entry published since 2030-01-01 00:00 UTC (20 entries; the newest is from 2024-10-20 09:00 UTC)"
    ]
    assert found.sources == []


@pytest.mark.parametrize(
    ("text", "back"),
    [("2d", {"days": 2}), ("12h", {"hours": 12}), ("1w", {"weeks": 1}), ("90m", {"minutes": 90})],
)
def test_since_spans(text: str, back: dict[str, int]) -> None:
    from datetime import timedelta

    now = datetime(2024, 10, 20, tzinfo=UTC)
    assert parse_since(text, now) == now - timedelta(**back)


def test_since_dates_and_nonsense() -> None:
    assert parse_since("2024-10-01") == datetime(2024, 10, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="neither a span"):
        parse_since("last week")


def test_link_lists(tmp_path: Path) -> None:
    links = tmp_path / "links.txt"
    links.write_text(
        "# reading list\nhttps://a.example/one\n\nhttps://a.example/two  # the second\n"
        "a.example/three\nftp://a.example/four\n"
    )
    found = read_link_list(links)
    assert found is not None
    assert [getattr(x, "url", x) for x in found] == [
        "https://a.example/one",
        "https://a.example/two",
        f"{links}:5: not a URL: a.example/three (write it with http:// or https://)",
        f"{links}:6: ftp://a.example/four: only http:// and https:// URLs are read, not ftp:",
    ]
    article = tmp_path / "article.txt"
    article.write_text("Talks resume\n\nNegotiators met again on Tuesday, see https://a.example/x for more.\n")
    assert read_link_list(article) is None
