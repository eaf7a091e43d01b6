"""Schemathesis over /openapi.json, signed in as an admin: no 5xx, and every response
matches the documented status codes, content types and schemas.

Bounded: a few examples per operation, so the whole run stays well under a minute.
GET /events is left out (an endless stream).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from desk.server.app import create_app
from desk.server.config import Settings
from desk.server.security import issue_token
from tests.e2e.conftest import LiveServer, TestUser
from tests.e2e.server._helpers import open_ticket

pytestmark = [pytest.mark.e2e, pytest.mark.fuzz]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzz_admin(live_server: LiveServer) -> TestUser:
    admin = live_server.create_user("admin")
    customer = live_server.create_user()
    # Something for the generated ids to hit now and then.
    for i in range(3):
        open_ticket(live_server, customer, f"Fuzz target {i}")
    return admin


def _openapi_document() -> dict[str, Any]:
    # Built from the app itself at collection time (schemathesis' lazy fixture loader
    # does not work with this pytest); the requests still go to the live server.
    app = create_app(Settings(database_url="sqlite://", data_dir=Path("unused")), migrate=False)
    try:
        return app.openapi()
    finally:
        app.state.ctx.db.dispose()


schema = schemathesis.openapi.from_dict(_openapi_document()).exclude(path="/api/v1/events")


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_conforms_to_its_schema(
    case: schemathesis.Case[Any], live_server: LiveServer, fuzz_admin: TestUser
) -> None:
    # A fresh token per case: a generated POST /auth/logout must not sign out the rest.
    ctx = live_server.context
    with ctx.db.write(sequenced=False) as tx:
        token = issue_token(tx.session, fuzz_admin.id, ctx.now(), ctx.settings.token_ttl)
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Bearer {token}"},
        checks=CHECKS,
    )
