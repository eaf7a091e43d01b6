"""POST /auth/login, POST /auth/logout, GET /me."""

from __future__ import annotations

from anyio import to_thread
from fastapi import APIRouter, Request, Response
from sqlalchemy import delete

from desk.domain import normalize_email
from desk.server.db.models import Token, User
from desk.server.deps import CtxDep, ViewerDep
from desk.server.problems import ProblemError, unauthorized
from desk.server.render import json_response, user_json
from desk.server.schemas import LoginIn, LoginOut, UserOut, problem_responses
from desk.server.security import issue_token
from desk.server.users import find_by_email

router = APIRouter(tags=["auth"])


def _rate_limited(wait: int, whom: str) -> ProblemError:
    return ProblemError(
        429,
        "rate-limited",
        f"Too many failed sign-ins {whom}; try again in {wait} s.",
        headers={"Retry-After": str(wait)},
    )


@router.post("/auth/login", response_model=LoginOut, responses=problem_responses(429))
async def login(data: LoginIn, request: Request, ctx: CtxDep) -> Response:
    """Exchange email and password for a bearer token. More than 5 failures a minute
    for one email, or 20 from one client address, answer 429 with Retry-After, whatever
    the password. Password checks run in a small pool of their own."""
    email = normalize_email(data.email)
    address = request.client.host if request.client is not None else "unknown"

    def admit() -> tuple[User | None, ProblemError | None]:
        # The counts live in the database (shared by every server process).
        wait = ctx.address_limiter.attempt(address)
        if wait is not None:
            return None, _rate_limited(wait, "from this address")
        wait = ctx.login_limiter.attempt(email)
        if wait is not None:
            ctx.address_limiter.forgive(address)  # refused unchecked: not a guess
            return None, _rate_limited(wait, "for this email")
        with ctx.db.read() as session:
            return find_by_email(session, email), None

    user, refusal = await to_thread.run_sync(admit)
    if refusal is not None:
        raise refusal
    stored = user.password_hash if user is not None else None
    ok = await to_thread.run_sync(
        ctx.passwords.verify, stored, data.password, limiter=ctx.password_limiter
    )
    if not ok or user is None:
        raise unauthorized("Wrong email or password.")

    def sign_in() -> str:
        assert user is not None
        ctx.login_limiter.succeeded(email)
        ctx.address_limiter.forgive(address)
        with ctx.db.write(sequenced=False) as tx:
            return issue_token(tx.session, user.id, ctx.now(), ctx.settings.token_ttl)

    token = await to_thread.run_sync(sign_in)
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
