"""The client's address behind a trusted reverse proxy (nginx in deploy/).

Behind nginx every request comes from the proxy, so REMOTE_ADDR (which the portal's
throttle keys on) would be the proxy's for everyone. When the direct peer is listed
in GONGKAI_TRUSTED_PROXIES, REMOTE_ADDR becomes the right-most address of
X-Forwarded-For that is not itself a trusted proxy; a client cannot forge it, because
nginx appends the address it saw. Without the variable nothing changes.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks() -> list[Network]:
    return [
        ipaddress.ip_network(item, strict=False)
        for item in getattr(settings, "TRUSTED_PROXIES", [])
    ]


def is_trusted(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote: str, forwarded: str, networks: list[Network]) -> str:
    """Return the client's address given the peer and its X-Forwarded-For."""
    if not networks or not is_trusted(remote, networks):
        return remote
    for hop in reversed(
        [item.strip() for item in forwarded.split(",") if item.strip()]
    ):
        if not is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote
    return remote


class ProxyClientMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.networks = trusted_networks()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.networks:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""),
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                self.networks,
            )
        return self.get_response(request)
