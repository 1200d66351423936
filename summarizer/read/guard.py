"""Which URLs the tool may fetch: http(s) only, and only hosts whose addresses are public.

A briefing service that fetches any URL it is given must not become a way to read internal hosts
(169.254.169.254, a router's admin page, a database on localhost). So every URL, and every redirect
target, is checked here: its scheme, then each address its host resolves to. The fetcher then connects
to the address that was checked (not to a second lookup of the name), so a name that resolves to a
public address once and a private one the next time cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from summarizer.errors import InputError

SCHEMES = ("http", "https")
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]  # host, port -> the addresses it resolves to


class Refused(InputError):
    """A URL the tool will not fetch: another scheme, or a host that is not public."""


def system_resolver(host: str, port: int) -> list[str]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise InputError(f"cannot resolve host {host} ({e.strerror})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def kind_of(address: Address) -> str | None:
    """What makes an address non-public ("loopback", "private", ...), or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return kind_of(address.ipv4_mapped)
    for kind, test in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("private", address.is_private),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
    ):
        if test:
            return kind
    return None if address.is_global else "non-public"


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        named = f"{scheme}:" if scheme else "no scheme"
        raise Refused(f"only http:// and https:// URLs are read, not {named}")


def check_url(url: str) -> None:
    """`check_scheme`, and no user name or password in the URL: the URL is the article's source, written
    into every output, the cache and the error messages, where a secret must never be."""
    check_scheme(url)
    parts = urlsplit(url)
    if parts.username or parts.password:
        raise Refused("a URL with a user name or password is not read (it would be written into every output)")


def redact(url: str) -> str:
    """The URL with any user name and password replaced by ***, fit for a message."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()


class Guard:
    """`addresses(url)`: the addresses the fetcher may connect to for this URL, or `Refused`."""

    def __init__(self, allow_private: bool = False, resolver: Resolver = system_resolver) -> None:
        self.allow_private = allow_private
        self.resolver = resolver

    def addresses(self, url: str) -> list[str]:
        check_scheme(url)
        parts = urlsplit(url)
        host = parts.hostname
        if not host:
            raise Refused("no host in this URL")
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        try:
            found = [str(ipaddress.ip_address(host))]
        except ValueError:
            found = self.resolver(host, port)
        if not self.allow_private:
            for text in found:
                kind = self.kind(ipaddress.ip_address(text.split("%")[0]))
                if kind:
                    named = host if host == text else f"{host} ({text})"
                    raise Refused(f"{named} is a {kind} address; pass --allow-private to read internal hosts")
        return found

    def kind(self, address: Address) -> str | None:
        """What makes `address` one not to connect to (see `kind_of`), or None."""
        return kind_of(address)
