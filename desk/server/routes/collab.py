"""Staff collaboration: presence, the agent list, macros (canned replies).

Macros: every staff member may read them; only admins create, edit or delete.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from sqlalchemy import select

from desk.domain import Role
from desk.server.db.models import Macro, User
from desk.server.deps import AdminDep, CtxDep, StaffDep
from desk.server.messages import visible_ticket
from desk.server.paging import decode_cursor, encode_cursor
from desk.server.problems import not_found
from desk.server.render import iso, json_response, user_json
from desk.server.routes.tickets import Cursor, Limit
from desk.server.schemas import (
    MAX_ID,
    MacroIn,
    MacroOut,
    MacroPage,
    MacroPatchIn,
    PresenceIn,
    UserPage,
    problem_responses,
)

router = APIRouter(tags=["collaboration"])

TicketId = Annotated[int, Path(ge=1, le=MAX_ID)]
MacroId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.post(
    "/tickets/{ticket_id}/presence", status_code=204, responses=problem_responses(403, 404)
)
def presence(ticket_id: TicketId, data: PresenceIn, viewer: StaffDep, ctx: CtxDep) -> Response:
    """Lasts 30 s unless renewed; other staff get it as a `presence` event."""
    with ctx.db.read() as session:
        visible_ticket(session, viewer, ticket_id)
    agent = {
        "id": viewer.id,
        "name": viewer.name,
        "email": viewer.email,
        "role": viewer.role.value,
        "company": viewer.company,
    }
    payload = ctx.presence.update(ticket_id, agent, data.state.value, ctx.now())
    ctx.hub.publish_presence(payload)
    return Response(status_code=204)


@router.get("/agents", response_model=UserPage, responses=problem_responses(403))
def agents(viewer: StaffDep, ctx: CtxDep, limit: Limit = 100, cursor: Cursor = None) -> Response:
    """Staff users (agents and admins), by id."""
    start = decode_cursor(cursor, "user") if cursor is not None else 0
    with ctx.db.read() as session:
        rows = list(
            session.execute(
                select(User)
                .where(User.role.in_([Role.AGENT.value, Role.ADMIN.value]), User.id > start)
                .order_by(User.id)
                .limit(limit + 1)
            ).scalars()
        )
    next_cursor = encode_cursor("user", rows[limit - 1].id) if len(rows) > limit else None
    return json_response(
        {"items": [user_json(u) for u in rows[:limit]], "next_cursor": next_cursor}
    )


def _macro_json(macro: Macro) -> dict[str, object]:
    return {
        "id": macro.id,
        "title": macro.title,
        "body": macro.body,
        "created_at": iso(macro.created_at),
        "updated_at": iso(macro.updated_at),
    }


@router.get("/macros", response_model=MacroPage, responses=problem_responses(403))
def list_macros(
    viewer: StaffDep, ctx: CtxDep, limit: Limit = 100, cursor: Cursor = None
) -> Response:
    """Bodies may hold {{customer.name}}, {{agent.name}}, {{ticket.id}} for the client."""
    start = decode_cursor(cursor, "macro") if cursor is not None else 0
    with ctx.db.read() as session:
        rows = list(
            session.execute(
                select(Macro).where(Macro.id > start).order_by(Macro.id).limit(limit + 1)
            ).scalars()
        )
    next_cursor = encode_cursor("macro", rows[limit - 1].id) if len(rows) > limit else None
    return json_response(
        {"items": [_macro_json(m) for m in rows[:limit]], "next_cursor": next_cursor}
    )


@router.post("/macros", status_code=201, response_model=MacroOut, responses=problem_responses(403))
def create_macro(data: MacroIn, viewer: AdminDep, ctx: CtxDep) -> Response:
    """Admins only (agents may read macros, not change them)."""
    now = ctx.now()
    with ctx.db.write(sequenced=False) as tx:
        macro = Macro(title=data.title, body=data.body, created_at=now, updated_at=now)
        tx.session.add(macro)
        tx.session.flush()
        return json_response(_macro_json(macro), 201)


@router.patch("/macros/{macro_id}", response_model=MacroOut, responses=problem_responses(403, 404))
def update_macro(macro_id: MacroId, data: MacroPatchIn, viewer: AdminDep, ctx: CtxDep) -> Response:
    """Admins only. Absent fields stay as they are."""
    with ctx.db.write(sequenced=False) as tx:
        macro = tx.session.get(Macro, macro_id)
        if macro is None:
            raise not_found("Macro")
        if data.title is not None:
            macro.title = data.title
        if data.body is not None:
            macro.body = data.body
        macro.updated_at = ctx.now()
        tx.session.flush()
        return json_response(_macro_json(macro))


@router.delete("/macros/{macro_id}", status_code=204, responses=problem_responses(403, 404))
def delete_macro(macro_id: MacroId, viewer: AdminDep, ctx: CtxDep) -> Response:
    """Admins only."""
    with ctx.db.write(sequenced=False) as tx:
        macro = tx.session.get(Macro, macro_id)
        if macro is None:
            raise not_found("Macro")
        tx.session.delete(macro)
    return Response(status_code=204)
