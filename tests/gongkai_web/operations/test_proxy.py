"""Behind a trusted proxy the client address comes from X-Forwarded-For, never forged."""

from __future__ import annotations

import ipaddress

from gongkai_web.operations.proxy import client_address

LOCAL = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/24")]


def test_the_address_the_trusted_proxy_appended_is_the_client() -> None:
    assert client_address("127.0.0.1", "203.0.113.9", LOCAL) == "203.0.113.9"
    # A client's own X-Forwarded-For is to the left of what nginx appended.
    assert client_address("127.0.0.1", "1.2.3.4, 203.0.113.9", LOCAL) == "203.0.113.9"
    # Two proxies (load balancer, then nginx) are skipped.
    assert client_address("10.0.0.5", "203.0.113.9, 10.0.0.2", LOCAL) == "203.0.113.9"


def test_an_untrusted_peer_or_no_configuration_keeps_remote_addr() -> None:
    assert client_address("198.51.100.7", "1.2.3.4", LOCAL) == "198.51.100.7"
    assert client_address("127.0.0.1", "1.2.3.4", []) == "127.0.0.1"
    assert client_address("127.0.0.1", "not-an-ip", LOCAL) == "127.0.0.1"
