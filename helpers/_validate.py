"""Argument checks shared by the helper modules (private)."""

from __future__ import annotations

import math
import numbers

from helpers.i18n import _


def positive_int(name: str, value: object) -> int:
    """Return ``value`` as an ``int`` if it is a positive whole number of any integer type
    (``np.int64`` too), else raise ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(
            _("{name} must be a positive int, got {value!r} ({kind})").format(
                name=name, value=value, kind=type(value).__name__
            )
        )
    if value <= 0:
        raise ValueError(
            _("{name} must be a positive int (1 or more), got {value}").format(
                name=name, value=value
            )
        )
    return int(value)


def flag(name: str, value: object) -> bool:
    """Return ``value`` if it is a ``bool``; raise ``ValueError`` naming ``name`` otherwise."""
    if not isinstance(value, bool):
        raise ValueError(
            _("{name} must be True or False, got {value!r} ({kind})").format(
                name=name, value=value, kind=type(value).__name__
            )
        )
    return value


def number(name: str, value: object, low: float | None = None, high: float | None = None) -> float:
    """Return ``value`` as a finite ``float``, else raise ``ValueError`` naming ``name``.

    Python and NumPy numbers and one-number tensors are accepted; ``bool``, text, NaN and
    infinity are not. With ``low`` and ``high``, the value must lie between them (both included).
    """
    scalar = value.item() if getattr(value, "shape", None) == () else value  # a 0-d tensor
    allowed = (
        _("a number")
        if low is None
        else _("a number between {low:g} and {high:g}").format(low=low, high=high)
    )
    if isinstance(scalar, bool) or not isinstance(scalar, numbers.Real):
        raise ValueError(
            _("{name} must be {allowed}, got {value!r} ({kind})").format(
                name=name, allowed=allowed, value=value, kind=type(value).__name__
            )
        )
    if not math.isfinite(scalar) or (low is not None and not low <= scalar <= high):
        raise ValueError(
            _("{name} must be {allowed}, got {value!r}").format(
                name=name, allowed=allowed, value=value
            )
        )
    return float(scalar)


def text(name: str, value: object) -> str:
    """Return ``value`` if it is a ``str``, else raise ``TypeError`` naming ``name``."""
    if not isinstance(value, str):
        raise TypeError(
            _("{name} must be a string, got {value!r} ({kind})").format(
                name=name, value=value, kind=type(value).__name__
            )
        )
    return value
