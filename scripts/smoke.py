"""The check a deploy ends with: the app answers through the gateway, as the HTTPS proxy reaches it.

Three requests, each proving one part: `/` the frontend's HTML, `/api/health` the backend
with its database (and its version), `/api/docs` the prefix-stripped API with its OpenAPI
document under the prefix.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from model.topology import API_PREFIX
from scripts.kube import OpsError

REQUEST_TIMEOUT = 10.0  # seconds per request
RETRY_INTERVAL = 2.0
MAX_BODY = 1 << 20
# The proxy settings of the shell must not send a check of the host's own port elsewhere.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: str


@dataclass(frozen=True)
class Probe:
    path: str
    judge: Callable[[Answer, str | None], str]  # what it proved; raises ValueError with what is wrong


def _html(answer: Answer) -> None:
    if answer.status != 200:
        raise ValueError(f"HTTP {answer.status}")
    if "text/html" not in answer.content_type or "<html" not in answer.body.lower():
        raise ValueError(f"not HTML ({answer.content_type or 'no content type'})")


def _page(answer: Answer, _: str | None) -> str:
    _html(answer)
    return "HTML"


def _health(answer: Answer, version: str | None) -> str:
    try:
        body = json.loads(answer.body)
    except ValueError:
        raise ValueError(f"HTTP {answer.status}, not JSON") from None
    database = body.get("database") if isinstance(body, dict) else None
    if answer.status != 200 or database != "connected":
        raise ValueError(f"HTTP {answer.status}, database {database or 'not reported'}")
    if version is not None and body.get("version") != version:
        raise ValueError(f"version {body.get('version')}, expected {version} (BACKEND_TAG)")
    return f"database connected, version {body.get('version')}"


def _docs(answer: Answer, _: str | None) -> str:
    _html(answer)
    if f"{API_PREFIX}/openapi.json" not in answer.body:
        raise ValueError(f"does not load {API_PREFIX}/openapi.json")
    return "API docs"


PROBES = (Probe("/", _page), Probe(f"{API_PREFIX}/health", _health), Probe(f"{API_PREFIX}/docs", _docs))


def fetch(url: str, host: str | None) -> Answer:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with _OPENER.open(request, timeout=REQUEST_TIMEOUT) as response:
            return Answer(response.status, response.headers.get("Content-Type", ""), _text(response.read(MAX_BODY)))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get("Content-Type", ""), _text(error.read(MAX_BODY)))


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def attempt(base_url: str, host: str | None, version: str | None) -> tuple[list[str], list[str]]:
    """One round of every probe: (what passed, what failed), each entry naming its path."""
    passed, failed = [], []
    for probe in PROBES:
        try:
            passed.append(f"{probe.path} {probe.judge(fetch(base_url + probe.path, host), version)}")
        except ValueError as error:
            failed.append(f"{probe.path}: {error}")
        except (OSError, urllib.error.URLError) as error:
            reason = getattr(error, "reason", error)
            failed.append(f"{probe.path}: {reason}")
    return passed, failed


def smoke(base_url: str, *, host: str | None, version: str | None, patience: float) -> str:
    """Retry until every probe passes or `patience` seconds are up; the one-line result, or OpsError."""
    base_url = base_url.rstrip("/")
    deadline = time.monotonic() + patience
    waiting_said = False
    while True:
        passed, failed = attempt(base_url, host, version)
        if not failed:
            return f"smoke: OK {base_url} ({'; '.join(passed)})"
        if time.monotonic() + RETRY_INTERVAL > deadline:
            raise OpsError(f"smoke: FAILED {base_url}: {'; '.join(failed)}. Look at `make status` and `make logs`")
        if not waiting_said:
            print(f"smoke: waiting up to {patience:.0f} s for {base_url} ({failed[0]})", file=sys.stderr, flush=True)
            waiting_said = True
        time.sleep(RETRY_INTERVAL)
