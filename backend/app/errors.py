"""FastAPI's error answers, with the request's ID beside ``detail`` (see app/request_id.py).

A user who reports a failure can quote the ID from the JSON they got; the same ID is in
every log line of that request, the backend's and the gateway's.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from app.request_id import current_request_id, error_content

# Statuses whose answer has no body (FastAPI's own handler makes the same exception).
_BODILESS = {204, 304}


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)  # noqa: S101 - registered for this type only
    headers = getattr(exc, "headers", None)
    if exc.status_code < 200 or exc.status_code in _BODILESS:
        return Response(status_code=exc.status_code, headers=headers)
    content = error_content(exc.detail, current_request_id())
    return JSONResponse(content, status_code=exc.status_code, headers=headers)


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for this type only
    return JSONResponse(error_content(jsonable_encoder(exc.errors()), current_request_id()), status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
