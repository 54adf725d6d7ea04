"""BLAKE2b digests without importing `hashlib`.

`hashlib` loads OpenSSL at import (3-5 ms of every start-up that asks for a digest: the
parsed-bank cache's names and stamps, the cards' ids). BLAKE2b is CPython's own `_blake2`
module, which `hashlib.blake2b` is too; a Python without it falls back to `hashlib`.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython 3.11-3.13 build has _blake2
    from hashlib import blake2b


def digest(data: bytes, size: int) -> bytes:
    """The BLAKE2b digest of `data`, `size` bytes long (at most 64)."""
    return blake2b(data, digest_size=size).digest()
