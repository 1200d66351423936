"""Fetching one URL with care: a real HTTP client (httpx2, the maintained httpx line that openai also
uses) with timeouts, a clear User-Agent and gzip, redirects followed by hand (each hop checked by the
`Guard`, a cap, loops named), a size cap enforced while the body streams in, and an on-disk cache that
a re-run revalidates (ETag / Last-Modified) instead of downloading again.

Callers may rely on: `fetch` returns a whole body or raises `InputError` whose message is one line
starting with the URL; nothing is read from a host the guard refused; the body is never larger than
`max_bytes` in memory. A `Fetcher` may be shared by threads.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urljoin, urlsplit

import httpx2

from summarizer.errors import InputError
from summarizer.read.guard import Guard, Refused
from summarizer.read.page_cache import PageCache, Stored


def _version() -> str:
    # the installed distribution's version; `summarizer.__version__` would import the package's doors
    try:
        return metadata.version("summarizer")
    except metadata.PackageNotFoundError:
        return "dev"


USER_AGENT = f"summarizer/{_version()} (news briefing tool; reads articles for its user)"
TIMEOUT = 20.0  # seconds to connect, and between two reads of the body
MAX_BYTES = 25 * 2**20  # a news page is under 2 MB; PDF reports a few MB
MAX_REDIRECTS = 5
DEADLINE = 120.0  # seconds for a whole body: the timeout bounds each read, a slow drip could go on for ever
REDIRECTS = frozenset({301, 302, 303, 307, 308})

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/pdf", "text/plain"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
PAGE_ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.1"
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"


@dataclass(frozen=True)
class Page:
    url: str  # as asked
    final_url: str  # after redirects
    content_type: str  # media type without parameters, lower case; "" when the server named none
    charset: str | None
    body: bytes
    unchanged: bool = False  # served from the cache after the server answered 304 Not Modified


class Fetcher:
    def __init__(
        self,
        cache: PageCache | None = None,
        guard: Guard | None = None,
        *,
        timeout: float = TIMEOUT,
        max_bytes: int = MAX_BYTES,
        max_redirects: int = MAX_REDIRECTS,
        deadline: float = DEADLINE,
    ) -> None:
        self.cache = cache
        self.guard = guard or Guard()
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.deadline = deadline
        # One client (one connection pool) per host name: connections are made to addresses, and an https
        # connection verified for one name must never carry a request for another name at the same address.
        self._clients: dict[str, httpx2.Client] = {}
        self.downloaded = 0  # bodies transferred
        self.unchanged = 0  # 304 answers: the cached body was used
        self._lock = threading.Lock()

    def fetch(self, url: str, accept: frozenset[str] | None = PAGE_TYPES, feed: bool = False) -> Page:
        """The body at `url`; `accept`: the media types taken (None: any)."""
        try:
            page = self._fetch(url, accept, FEED_ACCEPT if feed else PAGE_ACCEPT)
        except InputError as e:
            raise type(e)(f"{url}: {e}") from None
        except httpx2.TimeoutException:
            raise InputError(f"{url}: timed out after {self.timeout:g} s") from None
        except httpx2.ConnectError as e:
            host = urlsplit(url).netloc
            raise InputError(f"{url}: cannot connect to {host} ({_reason(e)})") from None
        except httpx2.DecodingError:
            raise InputError(f"{url}: the server sent a body that cannot be decoded") from None
        except (httpx2.HTTPError, httpx2.InvalidURL) as e:
            raise InputError(f"{url}: cannot fetch ({_reason(e)})") from None
        with self._lock:  # several threads fetch at once
            if page.unchanged:
                self.unchanged += 1
            else:
                self.downloaded += 1
        return page

    def _fetch(self, url: str, accept: frozenset[str] | None, accept_header: str) -> Page:
        cached = self.cache.get(url) if self.cache else None
        current, hops = url, [url]
        for _ in range(self.max_redirects + 1):
            headers = {"Accept": accept_header}
            if cached and cached[0].final_url == current:
                headers |= _validators(cached[0])
            try:
                response = self._send(current, headers)
            except Refused as e:
                raise Refused(f"redirected to {current}: {e}" if current != url else str(e)) from None
            try:
                if response.status_code in REDIRECTS:
                    current = _redirect_target(current, response, hops)
                    hops.append(current)
                    continue
                if response.status_code == 304 and cached:
                    stored, body = cached
                    _check_type(url, stored.content_type, accept)  # stored by a run that took other types
                    return Page(url, stored.final_url, stored.content_type, stored.charset, body, unchanged=True)
                return self._page(url, current, response, accept)
            finally:
                response.close()
        raise InputError(f"more than {self.max_redirects} redirects ({' → '.join(hops[:3])} → …)")

    def _send(self, url: str, headers: dict[str, str]) -> httpx2.Response:
        """The response for `url`, streaming, from an address the guard allowed (tried in order)."""
        addresses = self.guard.addresses(url)
        failure: httpx2.ConnectError | None = None
        for address in addresses[:3]:
            try:
                client = self._client(urlsplit(url).hostname or "")
                return client.send(self._pinned(client, url, address, headers), stream=True)
            except httpx2.ConnectError as e:
                failure = e
        assert failure is not None
        raise failure

    def _client(self, host: str) -> httpx2.Client:
        with self._lock:
            if host not in self._clients:
                # trust_env=False: a proxy from the environment would connect for us, past the address check
                self._clients[host] = httpx2.Client(
                    timeout=httpx2.Timeout(self.timeout),
                    follow_redirects=False,
                    trust_env=False,
                    headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
                )
            return self._clients[host]

    @staticmethod
    def _pinned(client: httpx2.Client, url: str, address: str, headers: dict[str, str]) -> httpx2.Request:
        """A request to `address` for `url`: the Host header and the TLS name (SNI and the certificate
        check) stay the URL's host."""
        target = httpx2.URL(url)
        host = target.host
        netloc = f"[{host}]" if ":" in host else host
        if target.port is not None:
            netloc += f":{target.port}"
        extensions = {"sni_hostname": host} if target.scheme == "https" else {}
        pinned = target.copy_with(host=address)
        return client.build_request("GET", pinned, headers={**headers, "Host": netloc}, extensions=extensions)

    def _page(self, url: str, final: str, response: httpx2.Response, accept: frozenset[str] | None) -> Page:
        if response.status_code != 200:
            raise InputError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
        media, charset = _media_type(response.headers.get("content-type", ""))
        _check_type(url, media, accept)
        body = self._read(response)
        if self.cache:
            etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
            self.cache.put(Stored(url, final, media, charset, etag, modified), body)
        return Page(url, final, media, charset, body)

    def _read(self, response: httpx2.Response) -> bytes:
        limit = f"the {self.max_bytes / 2**20:g} MB limit"
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise InputError(f"too large: {int(length) / 2**20:.1f} MB, more than {limit}; not downloaded")
        chunks, size, started = [], 0, time.monotonic()
        for chunk in response.iter_bytes():  # decoded: a gzip bomb meets the cap too
            size += len(chunk)
            if size > self.max_bytes:
                raise InputError(f"too large: more than {limit}; download stopped")
            if time.monotonic() - started > self.deadline:
                raise InputError(f"too slow: {size / 2**20:.1f} MB in {self.deadline:g} s; download stopped")
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()
        if self.cache:
            self.cache.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_type(url: str, media: str, accept: frozenset[str] | None) -> None:
    if accept is None or not media or media in accept:
        return
    if media in FEED_TYPES:
        raise InputError(f"this is a feed ({media}): read its entries with --feed {url}")
    taken = "an HTML page, a PDF or plain text" if accept == PAGE_TYPES else ", ".join(sorted(accept))
    raise InputError(f"not an article: the server sent {media} ({taken} is read)")


def _validators(stored: Stored) -> dict[str, str]:
    found = {"If-None-Match": stored.etag, "If-Modified-Since": stored.last_modified}
    return {k: v for k, v in found.items() if v}


def _redirect_target(current: str, response: httpx2.Response, hops: list[str]) -> str:
    location = response.headers.get("location")
    if not location:
        raise InputError(f"HTTP {response.status_code} redirect with no Location header")
    target = urljoin(current, location).split("#", 1)[0]
    if target in hops:
        raise InputError(f"redirect loop: {' → '.join([*hops[hops.index(target) :], target])}")
    return target


def _media_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = re.search(r"charset=\"?([\w.:-]+)", params, re.I)
    return media.strip().lower(), charset.group(1) if charset else None


def _reason(error: Exception) -> str:
    """The OS's words for a network failure, without "[Errno 111]"."""
    text = str(error) or type(error).__name__
    return re.sub(r"^\[Errno -?\d+\]\s*", "", text).strip().rstrip(".")[:160] or type(error).__name__
