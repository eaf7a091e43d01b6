"""Message endpoints: list, post (idempotent), mark read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from desk.server import messages
from desk.server.deps import CtxDep, ViewerDep
from desk.server.idempotency import check_key
from desk.server.render import json_response, render_messages
from desk.server.routes.tickets import Cursor, IdempotencyKey, Limit
from desk.server.schemas import (
    MAX_ID,
    MessageCreateIn,
    MessageOut,
    MessagePage,
    ReadIn,
    problem_responses,
)

router = APIRouter(tags=["messages"])

TicketId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get(
    "/tickets/{ticket_id}/messages", response_model=MessagePage, responses=problem_responses(404)
)
def list_messages(
    ticket_id: TicketId,
    viewer: ViewerDep,
    ctx: CtxDep,
    after: Annotated[int | None, Query(ge=0, le=MAX_ID, description="A message id.")] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Response:
    """Oldest first. Customers never receive internal notes."""
    with ctx.db.read() as session:
        rows, next_cursor = messages.list_messages(
            session, viewer, ticket_id, after=after, limit=limit, cursor=cursor
        )
        items = render_messages(session, rows)
    return json_response({"items": items, "next_cursor": next_cursor})


@router.post(
    "/tickets/{ticket_id}/messages",
    status_code=201,
    response_model=MessageOut,
    responses={
        200: {"model": MessageOut, "description": "Replay of an earlier Idempotency-Key."},
        **problem_responses(403, 404, 409),
    },
)
def post_message(
    ticket_id: TicketId,
    data: MessageCreateIn,
    viewer: ViewerDep,
    ctx: CtxDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """409 `ticket-closed` on a done ticket; 409 `idempotency-conflict` when the key
    was used with a different body. Internal notes are staff-only (403)."""
    key = check_key(idempotency_key)
    with ctx.db.write() as tx:
        message, created = messages.post_message(ctx, tx, viewer, ticket_id, data, key, ctx.now())
        body = render_messages(tx.session, [message])[0]
    return json_response(body, 201 if created else 200)


@router.post("/tickets/{ticket_id}/read", status_code=204, responses=problem_responses(404))
def mark_read(ticket_id: TicketId, data: ReadIn, viewer: ViewerDep, ctx: CtxDep) -> Response:
    """Unread counts then only count the other side's messages above `message_id`."""
    with ctx.db.write() as tx:
        messages.mark_read(ctx, tx, viewer, ticket_id, data.message_id, ctx.now())
    return Response(status_code=204)
