"""The PostgreSQL major rule: POSTGRES_TAG must run the major that wrote the data volume.

Beside the database tools (model/dbtools.py), which number each major's volume: a server of
another major refuses the data, and data never moves to an older major.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pgcluster import PG_VERSION

_MAJOR = re.compile(r"^([0-9]+)(?:[.-]|$)")

# The PostgreSQL the local clusters and tests run (pgcluster's pin), as an image tag.
DEFAULT_POSTGRES_TAG = "{}.{}-alpine".format(*PG_VERSION.split(".")[:2])


def postgres_major(tag: str) -> int | None:
    """The major a postgres image tag runs (17 for 17.6-alpine), None if it names none."""
    match = _MAJOR.match(tag)
    return int(match[1]) if match else None


def postgres_tag(value: str) -> str:
    if postgres_major(value) is None:
        raise ValueError("must begin with the PostgreSQL major, such as 16-alpine")
    return value


def major_problem(tag: str, data: str, *, major_upgrade: bool) -> str | None:
    """A POSTGRES_TAG whose major is not the data's (POSTGRES_DATA_MAJOR): that server would refuse the volume.

    `major_upgrade` (make db-upgrade only) accepts a newer major: that is what it moves the data to.
    """
    new = postgres_major(tag)
    if new is None or not data.isdigit() or new == int(data):
        return None
    mismatch = f"POSTGRES_TAG {tag} is PostgreSQL {new} but the data is PostgreSQL {data} (POSTGRES_DATA_MAJOR): "
    if new > int(data):
        if major_upgrade:
            return None
        return mismatch + f"move it with `make db-upgrade FILE=<dump file>`, or keep a {data}.x tag"
    return mismatch + (
        f"data never moves to an older major; use a {data}.x tag, or POSTGRES_DATA_MAJOR={new} to return to "
        "that major's volume as it was before the upgrade"
    )


def values_major_problem(
    values: Mapping[str, str], defaults: Mapping[str, object], *, major_upgrade: bool
) -> str | None:
    """major_problem for raw settings values (lower-case names), the fields' defaults filling the gaps."""
    tag = values.get("postgres_tag", str(defaults["postgres_tag"]))
    data = values.get("postgres_data_major", str(defaults["postgres_data_major"]))
    return major_problem(tag, data, major_upgrade=major_upgrade)
