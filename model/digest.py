"""The one short content digest: object names, change fingerprints, "did this change" checks.

Never feed it a secret value: a plain digest of a short secret written to git or dist/ is an
offline guessing target. keyed_json_digest is the same digest keyed, for secrets.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable

# 64 bits: collisions are out of reach for the handful of revisions and files compared here.
DIGEST_CHARS = 16


def short_digest(chunks: bytes | Iterable[bytes]) -> str:
    """The first DIGEST_CHARS hex digits of the SHA-256 of the chunks, fed in order."""
    h = hashlib.sha256()
    for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
        h.update(chunk)
    return h.hexdigest()[:DIGEST_CHARS]


def json_digest(value: object) -> str:
    """short_digest of value as canonical JSON (sorted keys): equal data, equal digest."""
    return short_digest(json.dumps(value, sort_keys=True).encode())


def keyed_json_digest(key: str, value: object) -> str:
    """json_digest keyed with HMAC-SHA256: for what may hold a secret. Without the key the
    digest tells nothing about the value, so it may go into dist/ and git (model/secret_revisions.py)."""
    mac = hmac.new(key.encode(), json.dumps(value, sort_keys=True).encode(), hashlib.sha256)
    return mac.hexdigest()[:DIGEST_CHARS]
