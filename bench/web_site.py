"""A small web site on 127.0.0.1 for the tests and benchmark of reading URLs: article pages and their RSS feed, a PDF
report, and every fault a reader meets (404, 500, a redirect loop, a page with no text, an image, a 50 MB
download, an empty feed, a scanned PDF, a redirect to an internal host).

Pages carry an ETag and a Last-Modified date and answer 304 to a request that presents them. The log
records every request as (path, status), so a test can count what was downloaded (200) and what was
only revalidated (304).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import socket
import threading
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fpdf import FPDF

TOWNS = ["Riverton", "Millbrook", "Ashford", "Lakeside", "Fairview"]
LAST_MODIFIED = format_datetime(dt.datetime(2024, 10, 21, 8, 0, tzinfo=dt.UTC), usegmt=True)
HUGE = 50 * 2**20


def article_title(n: int) -> str:
    return f"Flood update {n}: {n * 100} homes damaged in {TOWNS[n % len(TOWNS)]}"


def article_html(n: int) -> str:
    town = TOWNS[n % len(TOWNS)]
    paragraphs = [
        f"Officials said on Monday that {n * 100} homes were damaged in {town} after the river rose "
        f"{n + 2} metres overnight, the worst flooding the valley has seen in a decade.",
        f"The regional governor, Maria Lopez, said {n * 3} people were still missing. “We are doing "
        "everything we can to reach the villages cut off by the water,” she told reporters in the town hall.",
        f"According to the Red Cross, about {1000 + n * 50} people have been moved to shelters since "
        f"October {n}, 2024, and volunteers have handed out {n * 40} tonnes of food and water.",
        "Engineers from the water authority were checking the dams upstream on Tuesday, and the weather "
        "service expects the rain to ease by the end of the week, a spokesman for the authority said.",
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{article_title(n)}</title>
<meta property="og:title" content="{article_title(n)}">
<meta property="og:site_name" content="Valley Courier">
<meta property="article:published_time" content="{_day(n).isoformat()}">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{article_title(n)}</h1>
{body}
</article>
<footer>© Valley Courier. All rights reserved.</footer>
</body></html>"""


def _day(n: int) -> dt.datetime:
    """Article n's publication time: 9:00 on October n, 2024 (day n of October onwards, past 31)."""
    return dt.datetime(2024, 9, 30, 9, 0, tzinfo=dt.UTC) + dt.timedelta(days=n)


def feed_xml(base: str, n: int = 20) -> str:
    items = "".join(
        f"<item><title>{article_title(i)}</title><link>{base}/articles/{i}.html</link>"
        f"<guid>{base}/articles/{i}.html</guid>"
        f"<pubDate>{format_datetime(_day(i), usegmt=True)}</pubDate></item>"
        for i in range(n, 0, -1)  # newest first, as feeds list them
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Valley Courier</title>'
        f"<link>{base}/</link><description>News from the valley</description>{items}</channel></rss>"
    )


EMPTY_FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Quiet</title>'
    "<link>http://127.0.0.1/</link><description>Nothing yet</description></channel></rss>"
)
EMPTY_PAGE = (
    "<!doctype html><html><head><title>Home</title></head><body><nav><a href='/a'>Home</a> "
    "<a href='/b'>News</a></nav><footer>© 2024</footer></body></html>"
)


def report_pdf() -> bytes:
    """A two-page report with a text layer, a title and a creation date."""
    pdf = FPDF()
    pdf.set_title("Valley flood assessment")
    pdf.set_creation_date(dt.datetime(2024, 10, 22, 12, 0, tzinfo=dt.UTC))
    pdf.set_font("Helvetica", size=11)
    text = [
        "Valley flood assessment",
        "The assessment team counted 1,250 damaged homes across the valley by October 21, 2024, "
        "of which 310 are beyond repair, the water authority said in its report.",
        "Rainfall at the upper gauge reached 182 millimetres in 48 hours, more than twice the "
        "October average, according to the weather service.",
    ]
    for page in (text[:2], text[2:]):
        pdf.add_page()
        for paragraph in page:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(6)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A page with no text layer: only shapes, as a scanner's image would be."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 80, style="F")
    return bytes(pdf.output())


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    """The site on a free loopback port, in a daemon thread. `log`: (path, status) per request."""

    def __init__(self, pages: int = 20, delay: float = 0.0) -> None:
        self.pages = pages  # /articles/1.html .. /articles/{pages}.html, all in the feed
        self.delay = delay  # seconds before each answer: a network's latency
        self.log: list[tuple[str, int]] = []
        self.headers: list[dict[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.pdf, self.scan = report_pdf(), scanned_pdf()
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def downloads(self) -> int:
        return sum(status == 200 for _, status in self.log)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet; the site keeps its own log
                pass

            def do_GET(self) -> None:
                site.headers.append({k.lower(): v for k, v in self.headers.items()})
                if site.delay:
                    time.sleep(site.delay)
                site.answer(self)

        return Handler

    def answer(self, h: BaseHTTPRequestHandler) -> int:
        path = h.path
        if path.startswith("/articles/"):
            n = int(path.removeprefix("/articles/").removesuffix(".html"))
            if 1 <= n <= self.pages:
                return self._cached(h, article_html(n).encode(), "text/html; charset=utf-8")
        routes: dict[str, tuple[bytes, str]] = {
            "/feed.xml": (feed_xml(self.base, self.pages).encode(), "application/rss+xml"),
            "/empty-feed.xml": (EMPTY_FEED.encode(), "application/rss+xml"),
            "/report.pdf": (self.pdf, "application/pdf"),
            "/scan.pdf": (self.scan, "application/pdf"),
            "/broken.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 4, "application/pdf"),
            "/empty.html": (EMPTY_PAGE.encode(), "text/html"),
            "/photo.png": (b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        }
        if path in routes:
            return self._cached(h, *routes[path])
        redirects = {
            "/loop-a": "/loop-b",
            "/loop-b": "/loop-a",
            "/moved": "/articles/1.html",
            "/to-internal": f"http://intranet.example:{self.server.server_address[1]}/secret",
            "/to-file": "file:///etc/passwd",
        }
        if path.startswith("/hop/"):  # /hop/1 -> /hop/2 -> ... -> /hop/9 -> an article: 9 redirects
            n = int(path.removeprefix("/hop/"))
            return self._send(h, 302, b"", "text/plain", {"Location": f"/hop/{n + 1}" if n < 9 else "/articles/1.html"})
        if path in redirects:
            return self._send(h, 302, b"", "text/plain", {"Location": redirects[path]})
        if path == "/gzipped.html":
            body = gzip.compress(article_html(9).encode())
            return self._send(h, 200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
        if path == "/error":
            return self._send(h, 500, b"oops", "text/plain")
        if path in ("/huge.html", "/huge-chunked.html"):
            return self._huge(h, chunked=path == "/huge-chunked.html")
        return self._send(h, 404, b"not here", "text/plain")

    def _cached(self, h: BaseHTTPRequestHandler, body: bytes, kind: str) -> int:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if h.headers.get("If-None-Match") == etag:
            return self._send(h, 304, b"", None, {"ETag": etag})
        return self._send(h, 200, body, kind, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: bytes, kind: str | None, extra=None) -> int:
        self.log.append((h.path, status))  # before answering: the client may look at the log as soon as it has read
        h.send_response(status)
        if kind:
            h.send_header("Content-Type", kind)
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        if status != 304:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if body:
            h.wfile.write(body)
        return status

    def _huge(self, h: BaseHTTPRequestHandler, chunked: bool) -> int:
        """50 MB of page: announced by Content-Length, or sent without one (the reader must stop itself)."""
        self.log.append((h.path, 200))
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if chunked:
            h.send_header("Connection", "close")
        else:
            h.send_header("Content-Length", str(HUGE))
        h.end_headers()
        block = b"<p>" + b"x" * (2**20 - 7) + b"</p>\n"
        try:
            for _ in range(HUGE // len(block)):
                h.wfile.write(block)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the reader hung up at its size cap, as it should
        return 200
