"""Prometheus metrics of one app, in its own registry (no process-wide state).

- `desk_http_requests_total{method,route,status}`: requests by route template
  (`/api/v1/tickets/{ticket_id}`), so ids do not make new series; paths that match no
  route count as `route="unmatched"`.
- `desk_http_request_duration_seconds{method,route}`: time to the response's first
  byte (for an event stream: until it opened, not how long it stayed open).
- `desk_event_streams_open{audience}`: open `GET /events` streams, staff or customer.
- `desk_event_log_head`: the newest event-log position this process knows of.
- `desk_event_streams_backlog_events`: events in the log that open streams have not
  sent yet, summed over streams (0 when every stream is caught up).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desk.server.events.hub import EventHub

# From a 2 ms cached read to a 10 s upload.
_LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNMATCHED = "unmatched"


class _EventCollector(Collector):
    """Reads the hub at scrape time: nothing to keep up to date on the hot path."""

    def __init__(self, hub: EventHub) -> None:
        self._hub = hub

    def collect(self) -> Iterator[Metric]:
        subs = self._hub.subscriptions()
        head = self._hub.head
        streams = GaugeMetricFamily(
            "desk_event_streams_open", "Open event streams.", labels=["audience"]
        )
        staff = sum(1 for sub in subs if sub.staff)
        streams.add_metric(["staff"], staff)
        streams.add_metric(["customer"], len(subs) - staff)
        yield streams
        yield GaugeMetricFamily(
            "desk_event_log_head", "Newest event-log position known here.", value=head
        )
        backlog = sum(max(0, head - sub.cursor) for sub in subs)
        yield GaugeMetricFamily(
            "desk_event_streams_backlog_events",
            "Events open streams have not sent yet, summed over streams.",
            value=backlog,
        )


class Metrics:
    def __init__(self, hub: EventHub) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "desk_http_requests",
            "HTTP requests by route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "desk_http_request_duration_seconds",
            "Seconds from a request's arrival to its response's first byte.",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_EventCollector(hub))
        # `labels()` checks and locks on every call; the series are few, so keep them.
        self._latency: dict[tuple[str, str], Any] = {}
        self._requests: dict[tuple[str, str, str], Any] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        timing = self._latency.get((method, route))
        if timing is None:
            timing = self._latency.setdefault((method, route), self.latency.labels(method, route))
        timing.observe(seconds)
        key = (method, route, str(status))
        count = self._requests.get(key)
        if count is None:
            count = self._requests.setdefault(key, self.requests.labels(*key))
        count.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


def route_template(scope: Scope) -> str:
    """The matched route's template with its router's prefix: `/api/v1/tickets/{ticket_id}`.

    FastAPI keeps an included router's routes under their own path (`/tickets/{...}`),
    so the prefix is what the request path has before the route's part."""
    template = getattr(scope.get("route"), "path_format", None)
    if not isinstance(template, str):
        return UNMATCHED
    try:
        concrete = template.format(**scope.get("path_params", {}))
    except (KeyError, IndexError, ValueError):
        return template
    path = str(scope.get("path", ""))
    if concrete and path.endswith(concrete):
        return path[: len(path) - len(concrete)] + template
    return template


class RequestMetrics:
    """ASGI middleware counting and timing every HTTP request into `metrics`."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless a response starts
        first_byte: float | None = None

        async def timed_send(message: Message) -> None:
            nonlocal status, first_byte
            if message["type"] == "http.response.start":
                status = int(message["status"])
                first_byte = time.perf_counter()
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            # The router put the matched route into the scope on the way in.
            route = route_template(scope)
            method = str(scope["method"])
            ended = first_byte if first_byte is not None else time.perf_counter()
            self.metrics.observe(method, route, status, ended - started)
