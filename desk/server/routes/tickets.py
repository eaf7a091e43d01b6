"""Ticket endpoints: list (full and delta), create, get, patch, close."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Query, Response

from desk.domain import WaitingOn
from desk.server import tickets
from desk.server.deps import CtxDep, ViewerDep
from desk.server.idempotency import check_key
from desk.server.messages import visible_ticket
from desk.server.render import json_response, render_ticket, render_tickets
from desk.server.schemas import (
    MAX_ID,
    MAX_SEQ,
    TicketCreateIn,
    TicketOut,
    TicketPage,
    TicketPatchIn,
    problem_responses,
)

router = APIRouter(tags=["tickets"])

TicketId = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size, at most 1000.")]
Cursor = Annotated[
    str | None, Query(max_length=200, description="`next_cursor` of the previous page.")
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=200,
        description="A client-chosen key (a UUID); a retry with it creates nothing new.",
    ),
]


def _etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


@router.get("/tickets", response_model=TicketPage, responses=problem_responses())
def list_tickets(
    viewer: ViewerDep,
    ctx: CtxDep,
    status: Literal["on_customer", "done", "all"] = "all",
    waiting_on: WaitingOn | None = None,
    assignee: Annotated[str | None, Query(pattern=r"^(me|none|[1-9][0-9]{0,9})$")] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, pattern=r"^[^\x00]*$", description="Title substring, any case."),
    ] = None,
    since: Annotated[
        int | None,
        Query(ge=0, le=MAX_SEQ, description="Delta mode: tickets with seq > since, by seq."),
    ] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Response:
    """Without `since`: newest first (by id). With `since`: changed tickets by `seq`.
    `seq` in the response is the server's position: in delta mode resume from the
    `seq` of the last page, after a full listing from the `seq` of the first."""
    with ctx.db.read() as session:
        rows, next_cursor, head = tickets.list_tickets(
            session,
            viewer,
            status=status,
            waiting_on=waiting_on,
            assignee=assignee,
            q=q,
            since=since,
            limit=limit,
            cursor=cursor,
        )
        items = render_tickets(session, viewer, rows)
    return json_response({"items": items, "next_cursor": next_cursor, "seq": head})


@router.post(
    "/tickets",
    status_code=201,
    response_model=TicketOut,
    responses={
        200: {"model": TicketOut, "description": "Replay of an earlier Idempotency-Key."},
        **problem_responses(403, 409),
    },
)
def create_ticket(
    data: TicketCreateIn, viewer: ViewerDep, ctx: CtxDep, idempotency_key: IdempotencyKey = None
) -> Response:
    """Customers open tickets; the body becomes the first message (staff get 403)."""
    key = check_key(idempotency_key)
    with ctx.db.write() as tx:
        ticket, created = tickets.create_ticket(ctx, tx, viewer, data, key, ctx.now())
        body = render_ticket(tx.session, viewer, ticket)
    return json_response(body, 201 if created else 200, _etag(ticket.version))


@router.get("/tickets/{ticket_id}", response_model=TicketOut, responses=problem_responses(404))
def get_ticket(ticket_id: TicketId, viewer: ViewerDep, ctx: CtxDep) -> Response:
    with ctx.db.read() as session:
        ticket = visible_ticket(session, viewer, ticket_id)
        body = render_ticket(session, viewer, ticket)
    return json_response(body, headers=_etag(ticket.version))


@router.patch(
    "/tickets/{ticket_id}",
    response_model=TicketOut,
    responses=problem_responses(403, 404, 409, 412, 428),
)
def patch_ticket(
    ticket_id: TicketId,
    data: TicketPatchIn,
    viewer: ViewerDep,
    ctx: CtxDep,
    if_match: Annotated[
        str | None,
        Header(max_length=40, description="The version being edited; required (else 428)."),
    ] = None,
) -> Response:
    """Staff edit. A stale If-Match is 412 `version-conflict`; a missing one is 428."""
    with ctx.db.write() as tx:
        ticket = tickets.patch_ticket(ctx, tx, viewer, ticket_id, data, if_match, ctx.now())
        body = render_ticket(tx.session, viewer, ticket)
    return json_response(body, headers=_etag(ticket.version))


@router.post(
    "/tickets/{ticket_id}/close",
    response_model=TicketOut,
    responses=problem_responses(403, 404),
)
def close_ticket(ticket_id: TicketId, viewer: ViewerDep, ctx: CtxDep) -> Response:
    """Staff only; final. Closing a closed ticket returns it unchanged."""
    with ctx.db.write() as tx:
        ticket = tickets.close_ticket(ctx, tx, viewer, ticket_id, ctx.now())
        body = render_ticket(tx.session, viewer, ticket)
    return json_response(body, headers=_etag(ticket.version))
