"""Idempotency-Key handling for POST /tickets and POST /tickets/{id}/messages.

Keys are scoped per user. The stored fingerprint covers the endpoint and the
parsed body, so a retry with the same content (in any key order or spacing)
replays, while the same key with anything else is a 409.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy.orm import Session

from desk.server.db.models import IdempotencyKey
from desk.server.problems import ProblemError, validation

MAX_KEY_LENGTH = 200


def check_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise validation("Idempotency-Key: 1-200 printable characters expected")
    return key


def fingerprint(scope: str, body: BaseModel) -> str:
    canonical = json.dumps(
        {"scope": scope, "body": body.model_dump(mode="json")},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def replayed(session: Session, user_id: int, key: str, digest: str, resource: str) -> int | None:
    """The id made earlier with this key, None if the key is new; 409 on a mismatch."""
    row = session.get(IdempotencyKey, (user_id, key))
    if row is None:
        return None
    if row.request_hash != digest or row.resource != resource:
        raise ProblemError(
            409,
            "idempotency-conflict",
            "This Idempotency-Key was already used with a different request.",
        )
    return row.resource_id


def remember(
    session: Session,
    user_id: int,
    key: str,
    digest: str,
    resource: str,
    resource_id: int,
    now: datetime,
) -> None:
    session.add(
        IdempotencyKey(
            user_id=user_id,
            key=key,
            request_hash=digest,
            resource=resource,
            resource_id=resource_id,
            created_at=now,
        )
    )
