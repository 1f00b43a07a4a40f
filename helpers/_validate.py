"""Argument checks shared by the helper modules (private)."""

from __future__ import annotations

import numbers


def positive_int(name: str, value: object) -> int:
    """Return ``value`` as an ``int`` if it is a positive whole number of any integer type
    (``np.int64`` too), else raise ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a positive int, got {value!r} ({type(value).__name__})")
    if value <= 0:
        raise ValueError(f"{name} must be a positive int (1 or more), got {value}")
    return int(value)


def flag(name: str, value: object) -> bool:
    """Return ``value`` if it is a ``bool``; raise ``ValueError`` naming ``name`` otherwise."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return value
