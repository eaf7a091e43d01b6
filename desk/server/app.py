"""`create_app(settings)`: the FastAPI application of the ticket API."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desk.server import problems
from desk.server.config import Settings
from desk.server.context import ServerContext
from desk.server.db.engine import Database
from desk.server.events.crossing import Crossing
from desk.server.events.hub import EventHub
from desk.server.events.presence import PresenceRegistry
from desk.server.events.revocation import watch_tokens
from desk.server.events.streaming import read_head
from desk.server.media.cleanup import sweep_periodically
from desk.server.media.rendering import ThumbnailPool
from desk.server.media.storage import MediaStore
from desk.server.ops.health import not_ready_reason
from desk.server.ops.logs import RequestIds
from desk.server.ops.metrics import Metrics, RequestMetrics
from desk.server.routes import attachments, auth, collab, messages, stream, tickets
from desk.server.schemas import HealthOut
from desk.server.security import LoginLimiter, Passwords
from desk.sla import BusinessCalendar

API_PREFIX = "/api/v1"
STREAM_THREADS = 8
# Seconds /health/ready waits for the database before calling it not ready.
READY_TIMEOUT = 5.0


class JsonBodyLimit:
    """Refuse oversized non-upload request bodies with 413, counting as they stream in."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/").endswith("/attachments"):
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._refuse(scope, receive, send)
                return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                # An HTTPException, because FastAPI turns other errors in body reading into 400.
                raise HTTPException(413, "The request body is too large.")
            return message

        await self.app(scope, limited, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problems.problem_response(
            413, "payload-too-large", "The request body is too large."
        )
        await response(scope, receive, send)


def build_context(settings: Settings) -> ServerContext:
    db = Database(settings.database_url)
    hub = EventHub()
    db.on_sequenced_commit = hub.notify
    # PostgreSQL may be shared by several server processes: they tell each other.
    crossing = None
    if not db.is_sqlite:
        crossing = Crossing(settings.database_url, hub, functools.partial(read_head, db))
        db.before_sequenced_commit = crossing.announce_events
    media = MediaStore(settings.media_dir)
    window = settings.login_failure_window
    return ServerContext(
        settings=settings,
        db=db,
        hub=hub,
        crossing=crossing,
        presence=PresenceRegistry(
            db, settings.presence_ttl, crossing.announce_presence if crossing else None
        ),
        media=media,
        thumbnails=ThumbnailPool(media, settings.thumbnail_workers),
        calendar=BusinessCalendar(settings.service_levels),
        passwords=Passwords(
            settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
        ),
        login_limiter=LoginLimiter(db, "email", settings.login_failure_limit, window),
        address_limiter=LoginLimiter(db, "address", settings.login_address_failure_limit, window),
    )


def _problem_content(schema: dict[str, Any]) -> None:
    """Error responses are application/problem+json, not application/json."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for code, response in operation.get("responses", {}).items():
                content = response.get("content")
                if not code.isdigit() or int(code) < 400 or not content:
                    continue
                json_part = content.pop("application/json", None)
                if json_part and "schema" in json_part:
                    content["application/problem+json"] = {"schema": json_part["schema"]}


def create_app(settings: Settings, *, migrate: bool = True) -> FastAPI:
    """The app; its lifespan upgrades the schema (unless `migrate` is false)."""
    ctx = build_context(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if migrate:
            await anyio.to_thread.run_sync(ctx.db.upgrade)
        ctx.stream_limiter = anyio.CapacityLimiter(STREAM_THREADS)
        ctx.password_limiter = anyio.CapacityLimiter(settings.password_workers)
        ctx.hub.prepare = functools.partial(
            ctx.waves.start, ctx.db, staff_ids=ctx.hub.staff_ids, limiter=ctx.stream_limiter
        )
        ctx.hub.attach(asyncio.get_running_loop())
        sweeper = asyncio.create_task(
            sweep_periodically(
                ctx.db,
                ctx.media,
                clock=ctx.now,
                retention=settings.unused_upload_retention,
                interval=settings.upload_cleanup_interval,
            ),
            name="unused-upload-cleanup",
        )
        watch = asyncio.create_task(watch_tokens(ctx), name="desk-stream-tokens")
        tasks = [sweeper, watch]
        if ctx.crossing is not None:
            tasks.append(asyncio.create_task(ctx.crossing.listen(), name="desk-listener"))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            ctx.hub.close()
            await anyio.to_thread.run_sync(ctx.thumbnails.close)
            ctx.db.dispose()

    app = FastAPI(
        title="Desk ticket API",
        version="1",
        description="The ticket API between the Desk client and its server (docs/api.md).",
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        # Swagger UI loads its scripts from a CDN, so it is off unless asked for.
        docs_url=f"{API_PREFIX}/docs" if settings.api_docs else None,
        redoc_url=None,
    )
    app.state.ctx = ctx
    problems.install(app)
    app.add_middleware(JsonBodyLimit, limit=settings.max_json_bytes)
    if settings.metrics:
        metrics = Metrics(ctx.hub)
        app.add_middleware(RequestMetrics, metrics=metrics)

        @app.get("/metrics", include_in_schema=False)
        def prometheus_metrics() -> Response:
            return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    app.add_middleware(RequestIds)  # outermost: every response and log line has an id

    api = APIRouter(prefix=API_PREFIX)
    for module in (auth, tickets, messages, attachments, collab, stream):
        api.include_router(module.router)

    @api.get("/health", response_model=HealthOut, tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(api)

    @app.get("/health", include_in_schema=False)
    def root_health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", include_in_schema=False)
    async def readiness() -> Response:
        try:
            with anyio.fail_after(READY_TIMEOUT):
                reason = await anyio.to_thread.run_sync(
                    not_ready_reason, ctx.db, abandon_on_cancel=True
                )
        except TimeoutError:
            reason = "The database does not answer in time."
        if reason is not None:
            return problems.problem_response(503, "not-ready", reason)
        return JSONResponse({"status": "ready"})

    @app.get("/openapi.json", include_in_schema=False)
    def root_openapi(_request: Request) -> JSONResponse:
        return JSONResponse(app.openapi())

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            _problem_content(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
