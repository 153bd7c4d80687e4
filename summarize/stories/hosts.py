"""Which addresses a feed may send the tool to: not the user's own machine or network.

A feed is data from someone else; its entry links are fetched and their text goes to the
backend and into the outputs. A link to `http://127.0.0.1:8080/admin`, a router's page or a
cloud metadata address (169.254.169.254) would make the tool read what only this machine can
reach (server-side request forgery). So those links are refused unless the user allows them
(`--allow-private-hosts`, or the feed itself was named on such a host: an intranet feed).

The check is made on the address the socket actually connected to (`check_peer`), so a name
that resolves to a public address when looked up and to a private one when connected (DNS
rebinding) is caught too; through a proxy the name is resolved here first (`check_name`).

    >>> internal_kind("127.0.0.1"), internal_kind("10.1.2.3"), internal_kind("169.254.169.254")
    ('loopback', 'private', 'link-local')
    >>> internal_kind("::ffff:192.168.0.1"), internal_kind("224.0.0.1")
    ('private', 'multicast')
    >>> internal_kind("93.184.215.14") is None
    True
"""

from __future__ import annotations

import ipaddress
import socket


class PrivateHostRefused(Exception):
    """A connection to an internal address, refused before anything was sent."""

    def __init__(self, address: str, kind: str) -> None:
        super().__init__(f"{address} is a {kind} address")
        self.address = address
        self.kind = kind


def internal_kind(address: str) -> str | None:
    """What kind of internal address `address` is (loopback, private, ...), None if public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_private or ip.is_reserved or not ip.is_global:
        return "private"
    return None


def check_peer(sock: socket.socket) -> None:
    """Refuse a socket connected to an internal address (the trace hook of a fetch)."""
    address = str(sock.getpeername()[0])
    kind = internal_kind(address)
    if kind is not None:
        raise PrivateHostRefused(address, kind)


def check_name(host: str, port: int) -> None:
    """Refuse a host name any of whose addresses is internal (used where a proxy connects)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return  # unresolvable here: the fetch itself fails with its own reason
    for info in infos:
        address = str(info[4][0])
        kind = internal_kind(address)
        if kind is not None:
            raise PrivateHostRefused(address, kind)


def is_internal_host(host: str, port: int) -> bool:
    """Whether `host` names an internal address (the user's feed on such a host vouches for
    links to such hosts)."""
    try:
        check_name(host, port)
    except PrivateHostRefused:
        return True
    return False
