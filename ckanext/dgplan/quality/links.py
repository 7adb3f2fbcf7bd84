"""Link checks for resource URLs: for background jobs only, never in a page request.

Each URL gets one ``GET`` with ``Range: bytes=0-<read_bytes>``; at most ``read_bytes`` of the body
are read and the connection is closed, so a server answering with gigabytes costs a few KB.
Redirects are followed by hand up to ``max_redirects`` (a loop or a longer chain is
``link_redirect_loop``). Every socket operation has ``timeout`` seconds, and a slow server that
drips bytes is cut at ``timeout`` seconds for the whole URL. Requests to one host are spaced by at
least ``per_host_interval`` seconds, a few hosts are checked at once, and the whole run stops at
``budget`` seconds: URLs not reached are left out of the answer (their earlier outcome stands).

Outcomes: ``ok`` or a problem code of :mod:`.checks` (``link_broken`` for HTTP 4xx/5xx,
``link_unreachable``, ``link_timeout``, ``link_redirect_loop``, ``link_bad_url``,
``link_private_address`` for an address inside a private network unless ``allow_private``).
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable, Optional
from urllib.parse import urljoin, urlsplit

__all__ = ["LinkSettings", "check_url", "check_urls"]


@dataclass(frozen=True)
class LinkSettings:
    timeout: float = 10.0
    per_host_interval: float = 1.0
    budget: float = 600.0
    max_redirects: int = 5
    read_bytes: int = 4096
    workers: int = 4
    allow_private: bool = False
    user_agent: str = "ckanext-dgplan link check"


def _private(host: str, port: int) -> bool:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False  # reported as unreachable by the request itself
    for info in infos:
        try:
            addr = ipaddress.ip_address(info[4][0])
        except ValueError:
            continue
        if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved or addr.is_unspecified:
            return True
    return False


def check_url(url: str, settings: LinkSettings = LinkSettings(), deadline: Optional[float] = None) -> str:
    """The outcome of one URL (see the module docstring); never raises."""
    seen: set[str] = set()
    current = url
    end = time.monotonic() + settings.timeout
    if deadline is not None:
        end = min(end, deadline)
    try:
        for _hop in range(settings.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return "link_bad_url"
            if current in seen:
                return "link_redirect_loop"
            seen.add(current)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            if not settings.allow_private and _private(parts.hostname, port):
                return "link_private_address"
            remaining = end - time.monotonic()
            if remaining <= 0:
                return "link_timeout"
            conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            conn = conn_cls(parts.hostname, port, timeout=min(settings.timeout, remaining))
            try:
                path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                conn.request("GET", path, headers={"Range": f"bytes=0-{settings.read_bytes - 1}",
                                                   "User-Agent": settings.user_agent, "Accept": "*/*"})
                response = conn.getresponse()
                status = response.status
                location = response.getheader("Location")
                read = 0
                while read < settings.read_bytes and time.monotonic() < end:
                    chunk = response.read1(min(1024, settings.read_bytes - read)) if hasattr(response, "read1") \
                        else response.read(min(1024, settings.read_bytes - read))
                    if not chunk:
                        break
                    read += len(chunk)
            finally:
                conn.close()
            if status in (301, 302, 303, 307, 308) and location:
                current = urljoin(current, location)
                continue
            return "link_broken" if status >= 400 else "ok"
        return "link_redirect_loop"
    except (socket.timeout, TimeoutError):
        return "link_timeout"
    except (OSError, http.client.HTTPException, ValueError, UnicodeError):
        return "link_unreachable"


class _HostPacer:
    """At most one request per ``interval`` seconds to each host, across threads."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.next_at: dict[str, float] = {}
        self.lock = threading.Lock()

    def wait_turn(self, host: str, deadline: float) -> bool:
        with self.lock:
            now = time.monotonic()
            at = max(now, self.next_at.get(host, now))
            if at >= deadline:
                return False
            self.next_at[host] = at + self.interval
        time.sleep(max(0.0, at - time.monotonic()))
        return True


def check_urls(urls: Iterable[str], settings: LinkSettings = LinkSettings(),
               check: Callable[[str, LinkSettings, Optional[float]], str] = check_url) -> dict[str, str]:
    """Outcomes of distinct URLs checked within ``settings.budget`` seconds (URLs not reached are absent).

    URLs are taken round-robin over hosts, so one slow host does not use up the budget of the others.
    """
    start = time.monotonic()
    deadline = start + settings.budget
    by_host: dict[str, list[str]] = {}
    for url in dict.fromkeys(u for u in urls if u):
        host = (urlsplit(url).hostname or "") if isinstance(url, str) else ""
        by_host.setdefault(host, []).append(url)
    order: list[str] = []
    queues = list(by_host.values())
    while queues:
        for q in queues:
            order.append(q.pop(0))
        queues = [q for q in queues if q]
    pacer = _HostPacer(settings.per_host_interval)
    results: dict[str, str] = {}
    lock = threading.Lock()
    index = iter(order)

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                url = next(index, None)
            if url is None:
                return
            host = urlsplit(url).hostname or ""
            if not pacer.wait_turn(host, deadline):
                continue
            outcome = check(url, settings, deadline)
            if outcome == "link_timeout" and time.monotonic() >= deadline:
                continue  # cut by the budget, not by the server: not a verdict on the URL
            with lock:
                results[url] = outcome

    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        for _ in range(max(1, settings.workers)):
            pool.submit(worker)
    return results
