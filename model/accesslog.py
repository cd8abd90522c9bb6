"""The gateway's logs as data: Traefik's access log in JSON, carrying the request's ID.

Written once, in Traefik's static configuration schema; charts/traefik.py renders it into
the values each Traefik chart line reads (their keys differ), scripts/devgateway.py puts
it as is into `make dev`'s Traefik, so the two gateways log the same fields.

The ID is made by whatever answers the request (backend/app/request_id.py says why), so
the access log keeps the header both ways: `request_X-Request-Id` is what arrived (a
trusted proxy's, or a client's claim), `downstream_X-Request-Id` is the one the request was
served under. Every other header is dropped (Traefik's default), Authorization and
Cookie by name as well, so that changing the default can never start logging them.
"""

from __future__ import annotations

from typing import Any

REQUEST_ID_HEADER = "X-Request-Id"
# Never in a log line, whatever the default mode says.
SECRET_HEADERS = ("Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization")

# Traefik's JSON field names that `make logs` and the tests read (Traefik's own spelling).
ROUTER_FIELD = "RouterName"
UPSTREAM_FIELD = "ServiceURL"
STATUS_FIELD = "DownstreamStatus"
DURATION_FIELD = "Duration"  # nanoseconds
# Traefik's `time` has whole seconds only; the start of the request, to the nanosecond, orders lines.
TIME_FIELD = "StartUTC"
REQUEST_ID_FIELDS = (f"downstream_{REQUEST_ID_HEADER}", f"request_{REQUEST_ID_HEADER}")
PATH_FIELD = "RequestPath"

# Fields that restate others (local time beside UTC) or say nothing on this stack.
DROPPED_FIELDS = ("StartLocal", "ClientUsername")

# The first Traefik that can drop the query string from RequestPath (v3.7.3). The query may
# carry OAuth codes and tokens, which the backend's access line never logs either; a
# Traefik without the option logs no RequestPath at all (the backend's line, found by the
# same ID, has the path).
QUERY_PARAMETERS_SINCE = (3, 7, 3)


def header_modes() -> dict[str, str]:
    return {REQUEST_ID_HEADER: "keep"} | dict.fromkeys(SECRET_HEADERS, "drop")


def access_log(*, drops_query_parameters: bool) -> dict[str, Any]:
    """Traefik's `accessLog` static configuration."""
    names = dict.fromkeys(DROPPED_FIELDS, "drop")
    fields: dict[str, Any] = {"defaultMode": "keep", "names": names}
    if drops_query_parameters:
        fields["queryParameters"] = {"defaultMode": "drop"}
    else:
        names[PATH_FIELD] = "drop"
    fields["headers"] = {"defaultMode": "drop", "names": header_modes()}
    return {"format": "json", "fields": fields}


def general_log() -> dict[str, Any]:
    """Traefik's own log (`log`), in JSON too: one format for every line `make logs` reads."""
    return {"format": "json", "level": "INFO"}


def version_tuple(text: str) -> tuple[int, ...]:
    """`v3.7.11` or `3.7.11` as (3, 7, 11)."""
    return tuple(int(part) for part in text.lstrip("v").split("-")[0].split("."))
