"""What `make logs`' filters keep: one line at a time, whatever wrote it.

The backend and the gateway write JSON (their `level` and time fields say how serious and
when); PostgreSQL writes `… LOG:`/`ERROR:` text; the frontend writes plain lines. A line
without a level of its own (a traceback's continuation, PostgreSQL's DETAIL) takes the
level and time of the line before it from the same source, so a filtered error keeps them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from model.accesslog import REQUEST_ID_FIELDS
from model.accesslog import TIME_FIELD as GATEWAY_TIME_FIELD

COMPONENTS = ("gateway", "backend", "frontend", "postgres", "backup")
# REQUEST=: the two components that write a request's ID.
REQUEST_COMPONENTS = ("gateway", "backend")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Everyone's spelling of the five levels (Traefik's, PostgreSQL's, Python's).
LEVEL_ALIASES = {
    "TRACE": "DEBUG", "DEBUG": "DEBUG", "DEBUG1": "DEBUG", "DEBUG2": "DEBUG", "DEBUG3": "DEBUG",
    "DEBUG4": "DEBUG", "DEBUG5": "DEBUG", "INFO": "INFO", "LOG": "INFO", "NOTICE": "INFO",
    "WARN": "WARNING", "WARNING": "WARNING", "ERROR": "ERROR", "FATAL": "CRITICAL", "PANIC": "CRITICAL",
    "CRITICAL": "CRITICAL",
}  # fmt: skip
# kubectl's --since: a Go duration of whole units.
DURATION = re.compile(r"(?:\d+h)?(?:\d+m)?(?:\d+s)?")
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
# PostgreSQL's default log_line_prefix ('%m [%p] '): "2026-01-02 03:04:05.678 UTC [42] ERROR:  …"
PG_LINE = re.compile(r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) (?P<tz>\S+) \[\d+\] (?P<level>[A-Z0-9]+):")


class FilterError(ValueError):
    """A filter that cannot be applied; the message names the variable and what it takes."""


@dataclass(frozen=True)
class Filters:
    since: str | None = None  # a duration (10m, 1h30m) or an ISO time
    component: str | None = None
    request: str | None = None
    level: str | None = None  # the least serious level shown

    def __post_init__(self) -> None:
        problems = []
        if self.since is not None and parse_since(self.since) is None:
            problems.append(
                f"SINCE={self.since!r}: a duration like 10m, 2h or 1h30m, or a time like 2026-01-02T03:04:05Z"
            )
        if self.component is not None and self.component not in COMPONENTS:
            problems.append(f"COMPONENT={self.component!r}: one of {', '.join(COMPONENTS)}")
        if self.level is not None and self.level.upper() not in LEVEL_ALIASES:
            problems.append(f"LEVEL={self.level!r}: one of {', '.join(LEVELS)}")
        if self.request is not None and not re.fullmatch(r"[A-Za-z0-9._:@+=-]{1,128}", self.request):
            problems.append(f"REQUEST={self.request!r}: an X-Request-Id, as a response or a log line shows it")
        if self.request and self.component and self.component not in REQUEST_COMPONENTS:
            problems.append(f"REQUEST= reads {' and '.join(REQUEST_COMPONENTS)} only, not COMPONENT={self.component}")
        if problems:
            raise FilterError("; ".join(problems))

    @property
    def components(self) -> tuple[str, ...]:
        if self.component:
            return (self.component,)
        return REQUEST_COMPONENTS if self.request else COMPONENTS

    @property
    def follows(self) -> bool:
        """A request's trail is read to its end and sorted; everything else is followed."""
        return self.request is None

    @property
    def min_rank(self) -> int:
        return LEVELS.index(LEVEL_ALIASES[self.level.upper()]) if self.level else 0


def parse_since(text: str) -> datetime | timedelta | None:
    text = text.strip()
    if text and DURATION.fullmatch(text):
        return timedelta(seconds=sum(int(n) * _UNIT_SECONDS[u] for n, u in re.findall(r"(\d+)([hms])", text)))
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def since_time(text: str, now: datetime) -> datetime:
    parsed = parse_since(text)
    assert parsed is not None
    return now - parsed if isinstance(parsed, timedelta) else parsed


@dataclass
class Line:
    component: str
    source: str  # the pod/container or the file
    text: str
    time: datetime | None = None
    level: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        when = self.time.isoformat(timespec="milliseconds") if self.time else "-"
        return f"{when} [{self.component} {self.source}] {self.text}"


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", value.strip()).replace("Z", "+00:00").replace(" UTC", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_line(component: str, source: str, text: str, stamp: datetime | None, before: Line | None) -> Line:
    """One line, its level and time from its own content (else the runtime's stamp, else the line before)."""
    line = Line(component, source, text, stamp)
    try:
        parsed = json.loads(text) if text.startswith("{") else None
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        line.fields = parsed
        line.level = LEVEL_ALIASES.get(str(parsed.get("level", "")).upper())
        line.time = parse_time(parsed.get(GATEWAY_TIME_FIELD)) or parse_time(parsed.get("time")) or stamp
    elif match := PG_LINE.match(text):
        line.level = LEVEL_ALIASES.get(match["level"])
        line.time = stamp or parse_time(f"{match['time']} {match['tz']}")
    if before is not None and before.source == source:
        line.level = line.level or before.level
        line.time = line.time or before.time
    return line


def request_id_of(line: Line) -> set[str]:
    keys = ("request_id", *REQUEST_ID_FIELDS)
    return {str(line.fields[key]) for key in keys if line.fields.get(key)}


def keep(line: Line, filters: Filters, since: datetime | None) -> bool:
    if filters.request is not None and filters.request not in request_id_of(line):
        return False
    if filters.level is not None and (line.level is None or LEVELS.index(line.level) < filters.min_rank):
        return False
    return since is None or line.time is None or line.time >= since


def in_time_order(lines: list[Line]) -> list[Line]:
    """Merged by time, each source's own order kept where times tie or are unknown."""
    floor = datetime.min.replace(tzinfo=UTC)
    return sorted(lines, key=lambda line: line.time or floor)
