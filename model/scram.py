"""PostgreSQL's SCRAM-SHA-256 password verifier, computed on this side (RFC 5802, RFC 7677).

A rotation sends the server the verifier, never the password: `ALTER ROLE … PASSWORD
'SCRAM-SHA-256$…'` stores a verifier as given (whatever password_encryption says), so
neither the statement, the server's log, nor pg_stat_activity ever holds the password.
This is what libpq's PQencryptPasswordConn and psql's \\password do.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import stringprep
import unicodedata

ITERATIONS = 4096  # PostgreSQL's scram_iterations default
SALT_BYTES = 16


_PROHIBITED = (
    stringprep.in_table_a1, stringprep.in_table_c12, stringprep.in_table_c21_c22, stringprep.in_table_c3,
    stringprep.in_table_c4, stringprep.in_table_c5, stringprep.in_table_c6, stringprep.in_table_c7,
    stringprep.in_table_c8, stringprep.in_table_c9,
)  # fmt: skip


def saslprep(password: str) -> bytes:
    """The bytes PostgreSQL hashes (RFC 4013 SASLprep; a password it prohibits is used as is, as the
    server does). The bidirectional rule is left out: a right-to-left password is hashed prepared."""
    mapped = "".join(" " if stringprep.in_table_c12(c) else c for c in password if not stringprep.in_table_b1(c))
    prepared = unicodedata.normalize("NFKC", mapped)
    if not prepared or any(check(c) for c in prepared for check in _PROHIBITED):
        return password.encode()
    return prepared.encode()


def _keys(password: str, salt: bytes, iterations: int) -> tuple[bytes, bytes]:
    salted = hashlib.pbkdf2_hmac("sha256", saslprep(password), salt, iterations)
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")
    return stored_key, server_key


def verifier(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, as pg_authid.rolpassword holds it."""
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    stored_key, server_key = _keys(password, salt, iterations)

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def matches(stored: str, password: str) -> bool:
    """Whether `password` logs in against the verifier `stored` (what the server checks)."""
    scheme, _, rest = stored.partition("$")
    parameters, _, keys = rest.partition("$")
    iterations, _, salt = parameters.partition(":")
    stored_key, _, server_key = keys.partition(":")
    if scheme != "SCRAM-SHA-256" or not iterations.isdigit():
        return False
    expected = _keys(password, base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(expected[0], base64.b64decode(stored_key)) and hmac.compare_digest(
        expected[1], base64.b64decode(server_key)
    )
