"""FastAPI dependencies: the server context and the signed-in caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from desk.domain import Role
from desk.server.context import ServerContext
from desk.server.problems import forbidden, unauthorized
from desk.server.security import hash_token, user_for_token
from desk.server.viewer import Viewer

bearer = HTTPBearer(auto_error=False, description="The token from POST /auth/login.")


def get_ctx(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


CtxDep = Annotated[ServerContext, Depends(get_ctx)]


def current_viewer(
    ctx: CtxDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Viewer:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthorized()
    token = credentials.credentials
    with ctx.db.read() as session:
        user = user_for_token(session, token, ctx.now())
        if user is None:
            raise unauthorized("The token is invalid or has expired.")
        return Viewer(
            id=user.id,
            name=user.name,
            email=user.email,
            role=Role(user.role),
            company=user.company,
            token_hash=hash_token(token),
        )


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


def staff_viewer(viewer: ViewerDep) -> Viewer:
    if not viewer.is_staff:
        raise forbidden()
    return viewer


StaffDep = Annotated[Viewer, Depends(staff_viewer)]


def admin_viewer(viewer: StaffDep) -> Viewer:
    if viewer.role is not Role.ADMIN:
        raise forbidden("Admins only.")
    return viewer


AdminDep = Annotated[Viewer, Depends(admin_viewer)]
