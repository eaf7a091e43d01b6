"""POST /auth/login, POST /auth/logout, GET /me."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import delete

from desk.server.db.models import Token
from desk.server.deps import CtxDep, ViewerDep
from desk.server.problems import ProblemError, unauthorized
from desk.server.render import json_response, user_json
from desk.server.schemas import LoginIn, LoginOut, UserOut, problem_responses
from desk.server.security import issue_token
from desk.server.users import find_by_email, normalize_email

router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=LoginOut, responses=problem_responses(429))
def login(data: LoginIn, ctx: CtxDep) -> Response:
    """Exchange email and password for a bearer token. More than 5 failures a minute
    for one email answer 429 with Retry-After, whatever the password."""
    email = normalize_email(data.email)
    wait = ctx.login_limiter.retry_after(email)
    if wait is not None:
        raise ProblemError(
            429,
            "rate-limited",
            f"Too many failed sign-ins for this email; try again in {wait} s.",
            headers={"Retry-After": str(wait)},
        )
    with ctx.db.read() as session:
        user = find_by_email(session, email)
    if not ctx.passwords.verify(user.password_hash if user else None, data.password):
        ctx.login_limiter.failed(email)
        raise unauthorized("Wrong email or password.")
    assert user is not None
    ctx.login_limiter.succeeded(email)
    with ctx.db.write(sequenced=False) as tx:
        token = issue_token(tx.session, user.id, ctx.now(), ctx.settings.token_ttl)
    return json_response({"token": token, "user": user_json(user)})


@router.post("/auth/logout", status_code=204, responses=problem_responses())
def logout(viewer: ViewerDep, ctx: CtxDep) -> Response:
    """The token used for this call stops working, and its open event streams end."""
    with ctx.db.write(sequenced=False) as tx:
        tx.session.execute(delete(Token).where(Token.token_hash == viewer.token_hash))
    ctx.hub.end_token(viewer.token_hash)
    return Response(status_code=204)


@router.get("/me", response_model=UserOut, responses=problem_responses())
def me(viewer: ViewerDep) -> Response:
    return json_response(
        {
            "id": viewer.id,
            "name": viewer.name,
            "email": viewer.email,
            "role": viewer.role.value,
            "company": viewer.company,
        }
    )
