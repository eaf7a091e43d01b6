"""docs/api.md and the server's OpenAPI document list the same endpoints.

The doc writes every endpoint as `METHOD /path` in backticks, relative to the base path
`/api/v1`, with the server's path parameter names (`GET /tickets/{ticket_id}`); a query
string may follow (`GET /tickets?since=<seq>`) and is ignored here.
"""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
BASE_PATH = "/api/v1"
METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
ENDPOINT_REF = re.compile(
    r"`(" + "|".join(m.upper() for m in METHODS) + r") (/[^`?\s]*)(?:\?[^`]*)?`"
)


def documented_endpoints(text: str) -> set[tuple[str, str]]:
    return {(method, path) for method, path in ENDPOINT_REF.findall(text)}


def test_api_doc_lists_exactly_the_openapi_endpoints(tmp_path: Path) -> None:
    # Imported here: the server modules are being moved around.
    from desk.server.app import create_app
    from desk.server.config import Settings

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}", data_dir=tmp_path)
    app = create_app(settings, migrate=False)
    try:
        schema = app.openapi()
    finally:
        app.state.ctx.db.dispose()

    served: set[tuple[str, str]] = set()
    for path, operations in schema["paths"].items():
        assert path.startswith(BASE_PATH + "/"), f"{path} is outside the documented base path"
        for method in operations:
            if method in METHODS:
                served.add((method.upper(), path.removeprefix(BASE_PATH)))
    assert served, "the OpenAPI document lists no operations"

    documented = documented_endpoints(DOC.read_text(encoding="utf-8"))
    undocumented = sorted(served - documented)
    unknown = sorted(documented - served)
    assert not undocumented and not unknown, (
        f"in the OpenAPI but not in {DOC.name}: {undocumented}; "
        f"in {DOC.name} but not in the OpenAPI: {unknown}"
    )
