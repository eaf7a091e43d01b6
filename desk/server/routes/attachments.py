"""Attachment upload, download and thumbnails."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Path, Query, Request, Response
from starlette.responses import FileResponse

from desk.server.db.models import Attachment
from desk.server.deps import CtxDep, ViewerDep
from desk.server.media.attachments import add_attachment, readable_attachment
from desk.server.media.errors import MediaError
from desk.server.media.quota import check_upload_quota
from desk.server.media.uploads import read_upload
from desk.server.media.validation import validate_upload
from desk.server.problems import ProblemError
from desk.server.render import attachment_json, json_response
from desk.server.schemas import MAX_ID, AttachmentOut, problem_responses

router = APIRouter(tags=["attachments"])

AttachmentId = Annotated[int, Path(ge=1, le=MAX_ID)]
_SAFE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}

_UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        }
    },
}


def _media_problem(error: MediaError) -> ProblemError:
    return ProblemError(error.status, error.slug, error.detail)


@router.post(
    "/attachments",
    status_code=201,
    response_model=AttachmentOut,
    responses=problem_responses(413, 415, 429),
    openapi_extra={"requestBody": _UPLOAD_BODY},
)
async def upload(request: Request, viewer: ViewerDep, ctx: CtxDep) -> Response:
    """Multipart field `file`, at most 25 MiB, and at most 200 MiB per user an hour (429
    with Retry-After). Images are checked by decoding their header; the upload stays
    private to its uploader until a message uses it, and is deleted after a day if none
    does."""
    upload = await read_upload(request, ctx.settings.max_upload_bytes)

    def store() -> dict[str, object]:
        try:
            checked = validate_upload(
                upload.data,
                upload.filename,
                upload.declared_type,
                limit=ctx.settings.max_upload_bytes,
            )
        except MediaError as error:
            raise _media_problem(error) from None
        quota = partial(
            check_upload_quota,
            uploader_id=viewer.id,
            size=len(upload.data),
            quota=ctx.settings.upload_quota_bytes,
            window=ctx.settings.upload_quota_window,
        )
        with ctx.db.read() as session:
            quota(session, now=ctx.now())
        sha256 = ctx.media.save(upload.data)  # outside the write lock: it fsyncs
        with ctx.db.write(sequenced=False) as tx:
            quota(tx.session, now=ctx.now())  # again: uploads that ran alongside
            att = add_attachment(
                tx.session,
                viewer,
                filename=upload.filename,
                checked=checked,
                size=len(upload.data),
                sha256=sha256,
                now=ctx.now(),
            )
            return attachment_json(att)

    created = await to_thread.run_sync(store)
    if str(created["content_type"]).startswith("image/"):
        ctx.thumbnails.prerender(str(created["sha256"]))
    return json_response(created, 201)


@router.get(
    "/attachments/{attachment_id}",
    response_class=Response,
    responses={
        200: {
            "description": "The file, as a download.",
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        },
        **problem_responses(404),
    },
)
def download(attachment_id: AttachmentId, viewer: ViewerDep, ctx: CtxDep) -> Response:
    """Staff, and the ticket's customer, may read it; anyone else gets 404."""
    with ctx.db.read() as session:
        att = readable_attachment(session, viewer, attachment_id)
    path = ctx.media.path(att.sha256)
    if not path.exists():
        raise ProblemError(404, "not-found", "The file is missing from the media store.")
    return FileResponse(
        path,
        media_type=att.content_type,
        filename=att.filename,
        content_disposition_type="attachment",
        headers={**_SAFE_HEADERS, "Cache-Control": "private, max-age=31536000, immutable"},
    )


@router.get(
    "/attachments/{attachment_id}/thumbnail",
    response_class=Response,
    responses={
        200: {
            "description": "A PNG or JPEG whose longer side is at most `size`.",
            "content": {
                "image/png": {"schema": {"type": "string", "format": "binary"}},
                "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **problem_responses(404, 415),
    },
)
async def thumbnail(
    attachment_id: AttachmentId,
    viewer: ViewerDep,
    ctx: CtxDep,
    size: Annotated[int, Query(ge=64, le=1024)] = 320,
) -> Response:
    """Images only (else 415). Served in standard sizes: the largest of 64, 128, 256,
    320, 640 and 1024 that is not larger than `size`."""

    def find() -> Attachment:
        with ctx.db.read() as session:
            return readable_attachment(session, viewer, attachment_id)

    att = await to_thread.run_sync(find)
    if not att.content_type.startswith("image/"):
        raise ProblemError(415, "unsupported-media-type", "Only images have thumbnails.")
    try:
        data, content_type = await ctx.thumbnails.thumbnail(att.sha256, size)
    except MediaError as error:
        raise _media_problem(error) from None
    except FileNotFoundError:
        raise ProblemError(404, "not-found", "The file is missing from the media store.") from None
    return Response(
        data,
        media_type=content_type,
        headers={**_SAFE_HEADERS, "Cache-Control": "private, max-age=31536000, immutable"},
    )
