"""Argument checks shared by the helper modules (private)."""

from __future__ import annotations


def positive_int(name: str, value: object) -> int:
    """Return ``value`` if it is a positive ``int``, else raise ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a positive int, got {value!r} ({type(value).__name__})")
    if value <= 0:
        raise ValueError(f"{name} must be a positive int (1 or more), got {value}")
    return value


def flag(name: str, value: object) -> bool:
    """Return ``value`` if it is a ``bool``; raise ``ValueError`` naming ``name`` otherwise."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return value
