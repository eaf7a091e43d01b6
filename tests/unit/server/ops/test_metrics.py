"""Prometheus metrics: requests by route template, latency, streams and backlog."""

from __future__ import annotations

from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from desk.domain import Role
from desk.server.embedded import start_server
from desk.server.viewer import Viewer
from tests.unit.server.ops.conftest import quick_settings


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_requests_are_counted_by_route_template_and_status(tmp_path: Path) -> None:
    with (
        start_server(quick_settings(tmp_path)) as server,
        httpx.Client(base_url=server.url) as client,
    ):
        for ticket_id in (1, 2, 3):  # three ids, one series
            assert client.get(f"/api/v1/tickets/{ticket_id}").status_code == 401
        assert client.get("/no/such/path").status_code == 404
        assert client.get("/health").status_code == 200
        found = samples(client.get("/metrics").text)
    route = "/api/v1/tickets/{ticket_id}"
    key = (("method", "GET"), ("route", route), ("status", "401"))
    assert found[("desk_http_requests_total", key)] == 3
    unmatched = (("method", "GET"), ("route", "unmatched"), ("status", "404"))
    assert found[("desk_http_requests_total", unmatched)] == 1
    count = ("desk_http_request_duration_seconds_count", (("method", "GET"), ("route", route)))
    assert found[count] == 3
    assert not any(route_of == "/api/v1/tickets/1" for _, labels in found for _, route_of in labels)


def test_streams_and_their_backlog_are_read_from_the_hub(tmp_path: Path) -> None:
    with (
        start_server(quick_settings(tmp_path)) as server,
        httpx.Client(base_url=server.url) as client,
    ):
        hub = server.context.hub
        agent = Viewer(1, "Ann", "ann@example.test", Role.AGENT, None, token_hash="a")
        customer = Viewer(2, "Bob", "bob@example.test", Role.CUSTOMER, "Co", token_hash="c")
        behind, caught_up = hub.subscribe(agent), hub.subscribe(customer)
        hub.observe(40)
        behind.cursor, caught_up.cursor = 25, 40
        found = samples(client.get("/metrics").text)
        assert found[("desk_event_streams_open", (("audience", "staff"),))] == 1
        assert found[("desk_event_streams_open", (("audience", "customer"),))] == 1
        assert found[("desk_event_log_head", ())] == 40
        assert found[("desk_event_streams_backlog_events", ())] == 15
        hub.unsubscribe(behind)
        hub.unsubscribe(caught_up)


def test_metrics_can_be_turned_off(tmp_path: Path) -> None:
    with start_server(quick_settings(tmp_path, metrics=False)) as server:
        assert httpx.get(f"{server.url}/metrics").status_code == 404
