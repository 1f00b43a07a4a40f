"""Reading a learner's answer for the self-checks of every notebook (see ``helpers.checks``).

Each ``as_...`` function takes an answer as a learner may type it and returns it in one form,
or raises ``AssertionError`` with a short message that says what to write instead:

- :func:`as_int`: a whole number (``5376``, ``np.int64(5376)``, ``torch.tensor(5376)``,
  ``5376.0``, ``"5376"``, ``"5,376"``);
- :func:`as_float`: a finite number (``0.87``, ``np.float32(0.87)``, a one-number tensor on
  any device, ``"0.87"``, ``"87%"``);
- :func:`as_shape`: whole numbers in order (a tuple, a list, ``torch.Size``, ``"(6, 7, 20)"``);
- :func:`as_choice`: one of a few names, whatever its case and spaces;
- :func:`as_text` and :func:`as_texts`: one or several words;
- :func:`as_function`: something callable;
- :func:`as_tensor_like`: what a learner's function returned, as a float64 CPU tensor to
  compare (NumPy arrays and tensors of any dtype, on any device).

Text is read as it looks: full-width characters (``"５，３７６"``, ``"（6，7，20）"``, ``"ａ"``),
the ideographic comma and full stop (``"VERB、NOUN"``, ``"0。87"``) and the minus sign U+2212
(``"−0.5"``) count as their keyboard twins. A refused text that holds other characters which
are not on a keyboard names them, so that a message never shows text identical to the example.

A new check that reads its answer through these functions accepts the same spellings and
explains the same mistakes. Introduced in 00_start_here.ipynb, with the first self-check.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

import torch

from helpers.i18n import N_, _

K = TypeVar("K")

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f_]+")
_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_MOST_DIGITS = 1000  # a longer whole number is a slip, and Python will not print it past 4300
_LOOKALIKES = {
    **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)},  # full-width ASCII: ５ ， （ ａ
    0x3000: " ",  # ideographic space
    0x3001: ",",  # 、 ideographic comma
    0x3002: ".",  # 。 ideographic full stop
    0xFF61: ".",  # ｡ half-width ideographic full stop
    0x2212: "-",  # − minus sign
    0x2010: "-",  # ‐ hyphen
    0x2011: "-",  # non-breaking hyphen
    0x2012: "-",  # ‒ figure dash
    0x2013: "-",  # – en dash
    0xFE63: "-",  # ﹣ small hyphen-minus
    0x201C: '"',  # “
    0x201D: '"',  # ”
    0x2018: "'",  # ‘
    0x2019: "'",  # ’
}


def plain(text: str) -> str:
    """Return ``text`` with look-alike characters as their keyboard twins (see the module)."""
    return text.translate(_LOOKALIKES)


def _odd_characters(text: str) -> str:
    """Name the characters of ``text`` that are neither on a keyboard nor Chinese (up to 3)."""
    odd = []
    for char in plain(text):
        if char.isascii() or "\u4e00" <= char <= "\u9fff" or char in odd:
            continue
        odd.append(char)
    unnamed = _("without a name")
    named = [f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, unnamed)})" for c in odd[:3]]
    return _(", ").join(named)


def describe(value: object, limit: int = 40) -> str:
    """Return a short description of ``value`` for a message: never the whole of a tensor."""
    if isinstance(value, torch.Tensor):
        if value.device.type == "cpu":
            return _("a tensor of shape {shape}").format(shape=tuple(value.shape))
        return _("a tensor of shape {shape} on {device}").format(
            shape=tuple(value.shape), device=value.device.type
        )
    shape = getattr(value, "shape", None)
    if shape is not None and type(value).__module__.startswith("numpy") and shape != ():
        return _("a NumPy array of shape {shape}").format(shape=tuple(shape))
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit] + "..."
        odd = _odd_characters(text)
        if odd:
            return _("the text {text!r}, with characters that are not on a keyboard: {odd}").format(
                text=text, odd=odd
            )
        return _("the text {text!r}").format(text=text)
    if isinstance(value, int) and not isinstance(value, bool) and _digits(value) > limit:
        return _("a whole number of about {digits} digits").format(digits=_digits(value))
    text = " ".join(repr(value).split())  # one line, also for a tuple of tensors
    if len(text) > limit:
        text = text[:limit] + "..."
    return f"{text} ({type(value).__name__})"


def _digits(value: int) -> int:
    """Return about how many decimal digits ``value`` has, without printing it."""
    return max(1, int(abs(value).bit_length() * math.log10(2)) + 1)


def _too_long(value: int) -> bool:
    return abs(value).bit_length() > _MOST_DIGITS * 3.33


def _one_value(answer: object) -> object:
    """Return the Python number inside a one-number tensor or NumPy value; else ``answer``."""
    if isinstance(answer, torch.Tensor):
        if answer.numel() != 1:
            return answer
        if answer.device.type == "meta":
            raise AssertionError(
                _("that tensor is on the meta device and holds no value: give the number itself")
            )
        return answer.detach().cpu().item()
    item = getattr(answer, "item", None)
    if (
        callable(item)
        and type(answer).__module__.startswith("numpy")
        and getattr(answer, "size", 0) == 1
    ):
        return item()
    if isinstance(answer, decimal.Decimal):  # Decimal("5376"), Decimal("0.87")
        if not answer.is_finite():
            return math.nan if answer.is_nan() else float(answer)
        return int(answer) if answer == answer.to_integral_value() else float(answer)
    return answer


def _parse_number(text: str) -> float | int | None:
    """Read a number typed in quotes: ``"5376"``, ``"5,376"``, ``"5 376"``, ``"0,5"``, ``"50%"``.

    Look-alike characters count as their keyboard twins (``"５，３７６"``, ``"−0.5"``).
    A whole number of more than 1000 digits is returned as an int, never rounded to infinity.
    """
    text = _SPACES.sub("", plain(text).strip())
    scale = 1.0
    if text.endswith("%"):
        text, scale = text[:-1], 0.01
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    if re.fullmatch(rf"[+-]?\d{{{_MOST_DIGITS + 1},}}", text):  # int() refuses 4300+
        digits = len(text.lstrip("+-"))
        return (-1 if text.startswith("-") else 1) * 10 ** (digits - 1)
    for kind in (int, float):
        try:
            number = kind(text)
        except ValueError:
            continue
        return number * scale if scale != 1.0 else number
    return None


def _thousands_tuple(answer: object) -> str | None:
    """Return ``"5376"`` for ``(5, 376)``: what ``my_count = 5,376`` makes, else ``None``."""
    if not isinstance(answer, tuple) or len(answer) < 2:
        return None
    if not all(isinstance(a, int) and not isinstance(a, bool) for a in answer):
        return None
    head, *rest = answer
    if 0 < head < 1000 and all(a == 0 or 100 <= a < 1000 for a in rest):  # 5,000 and 5,376
        return str(head) + "".join(f"{a:03d}" for a in rest)
    return None


def as_int(answer: object, example: str = "1234") -> int:
    """Return ``answer`` as an ``int``, or raise ``AssertionError`` saying what to write.

    Accepts ints of any kind (``np.int64``), whole floats (``5376.0``), one-number tensors and
    arrays, and numbers in quotes (``"5376"``, ``"5,376"``). ``True``/``False`` are refused.
    """
    whole = _("give a whole number such as {example}, not {answer}")
    joined = _thousands_tuple(answer)
    if joined is not None:
        raise AssertionError(
            _("the comma made a tuple {answer}: write the number without commas, {joined}").format(
                answer=answer, joined=joined
            )
        )
    answer = _one_value(answer)
    if isinstance(answer, str):
        number = None if "%" in plain(answer) else _parse_number(answer)  # a count, not a share
        if number is None:
            raise AssertionError(whole.format(example=example, answer=describe(answer)))
        answer = number
    if isinstance(answer, bool):
        raise AssertionError(whole.format(example=example, answer=answer))
    if isinstance(answer, numbers.Integral) and _too_long(int(answer)):
        raise AssertionError(whole.format(example=example, answer=describe(int(answer))))
    if isinstance(answer, numbers.Integral):
        return int(answer)
    if isinstance(answer, numbers.Real) and math.isfinite(answer) and float(answer).is_integer():
        return int(answer)
    if isinstance(answer, numbers.Real):
        raise AssertionError(whole.format(example=example, answer=answer))
    if isinstance(answer, torch.Tensor) or hasattr(answer, "shape"):
        raise AssertionError(
            _("give one whole number such as {example}, not {answer}").format(
                example=example, answer=describe(answer)
            )
        )
    raise AssertionError(whole.format(example=example, answer=describe(answer)))


def as_float(answer: object, example: str = "0.5") -> float:
    """Return ``answer`` as a finite ``float``, or raise ``AssertionError`` saying what to write.

    Accepts any real number (``np.float32``, ``Fraction``), one-number tensors on any device
    and of any dtype, and numbers in quotes (``"0.87"``, ``"0,87"``, ``"87%"``). NaN, infinity,
    ``True`` and ``False`` are refused.
    """
    answer = _one_value(answer)
    if isinstance(answer, str):
        number = _parse_number(answer)
        if number is None:
            raise AssertionError(
                _("give a number such as {example}, not {answer}").format(
                    example=example, answer=describe(answer)
                )
            )
        answer = number
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        one = (
            _("give one number such as {example}, not {answer}")
            if isinstance(answer, torch.Tensor) or hasattr(answer, "shape")
            else _("give a number such as {example}, not {answer}")
        )
        raise AssertionError(one.format(example=example, answer=describe(answer)))
    try:
        value = float(answer)
    except OverflowError:  # 10**400
        value = math.inf
    if not math.isfinite(value):
        shown = describe(answer) if isinstance(answer, int) else value
        raise AssertionError(
            _("give a finite number such as {example}, not {answer}").format(
                example=example, answer=shown
            )
        )
    return value


def as_shape(answer: object, example: str = "(1, 2, 3)", tensor: str = "") -> tuple[int, ...]:
    """Return whole numbers in order as a tuple, or raise ``AssertionError`` saying what to write.

    Accepts a tuple, a list, ``torch.Size``, a 1-D integer tensor or array, and the same in
    quotes (``"(6, 7, 20)"``, ``"torch.Size([6, 7, 20])"``, ``"6 x 7 x 20"``). A tensor of
    data (``h_n`` instead of ``h_n.shape``) gets the hint to pass ``.shape``; ``tensor`` names it.
    """
    if hasattr(answer, "shape") and hasattr(answer, "dtype") and len(answer.shape) > 0:
        if isinstance(answer, torch.Tensor):
            whole = (
                answer.dim() == 1
                and answer.device.type != "meta"
                and not (
                    answer.is_floating_point() or answer.is_complex() or answer.dtype == torch.bool
                )
            )
        else:
            whole = len(answer.shape) == 1 and getattr(answer.dtype, "kind", "") in ("i", "u")
        if not whole:
            raise AssertionError(
                _(
                    "give the shape, not the tensor: write {name}.shape, or the numbers "
                    "such as {example}"
                ).format(name=tensor or _("its name"), example=example)
            )
        answer = [int(a) for a in answer.tolist()]  # a 1-D tensor of sizes: batch_sizes
    if isinstance(answer, str):
        text = plain(answer).strip()  # （6，7，20） is (6,7,20)
        text = re.sub(r"^torch\.Size\(|\)$", "", text) if text.startswith("torch.Size") else text
        text = text.strip().strip("()[]").strip()
        parts = [p for p in re.split(r"\s*(?:,|x|×|\*)\s*|\s+", text) if p]
        numbers_ = [_parse_number(p) for p in parts]
        if not parts or any(not isinstance(n, int) for n in numbers_):
            raise AssertionError(
                _("give whole numbers in order, such as {example}, not {answer}").format(
                    example=example, answer=describe(answer)
                )
            )
        return tuple(numbers_)  # type: ignore[arg-type]
    if not isinstance(answer, list | tuple):  # torch.Size is a tuple
        raise AssertionError(
            _("give whole numbers in order, such as {example}, not {answer}").format(
                example=example, answer=describe(answer)
            )
        )
    return tuple(as_int(a, example="3") for a in answer)


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


def as_choice(answer: object, options: Iterable[K]) -> K:
    """Return the option that ``answer`` names, whatever its case and spaces.

    ``options`` are strings (or a mapping whose keys are); ``" Head side "`` and
    ``"head_side"`` both name ``"Head side"``. Anything else raises ``AssertionError``
    listing the options.
    """
    keys = list(options.keys() if isinstance(options, Mapping) else options)
    if not keys:
        raise ValueError(_("options must name at least one choice, got none"))
    listed = _(", ").join(repr(k) for k in keys)
    if isinstance(answer, str):
        wanted = _key(plain(answer).strip().strip("'\"()[].:"))  # "(a)", "a)", "ａ" name "a"
        for key in keys:
            if _key(str(key)) == wanted:
                return key
    raise AssertionError(
        _("answer with one of {listed}; not {answer}").format(
            listed=listed, answer=describe(answer)
        )
    )


def as_text(answer: object, what: str = N_("a sentence")) -> str:
    """Return ``answer`` stripped if it is text with a letter or digit; else ``AssertionError``."""
    if not isinstance(answer, str):
        raise AssertionError(
            _("give {what} in quotes, not {answer}").format(what=_(what), answer=describe(answer))
        )
    text = answer.strip()
    if not any(ch.isalnum() for ch in text):
        raise AssertionError(
            _("give {what} with at least one word, not {answer}").format(
                what=_(what), answer=describe(answer)
            )
        )
    return text


def as_texts(answer: object, count: int, example: str) -> tuple[str, ...]:
    """Return ``count`` words as a tuple: from a tuple or list of strings, or one string.

    ``"VERB, NOUN"`` and ``"verb noun"`` both give ``("VERB", "NOUN")`` for ``count=2``; case
    is kept (compare with ``str.upper`` or :func:`as_choice`).
    """
    if isinstance(answer, str):  # "VERB，NOUN" and "VERB、NOUN" too
        parts = [p for p in re.split(r"[\s,;/]+", plain(answer).strip().strip("()[]")) if p]
        parts = [p.strip("'\"") for p in parts]
    elif isinstance(answer, list | tuple) and all(isinstance(a, str) for a in answer):
        parts = [a.strip() for a in answer]
    else:
        raise AssertionError(
            _("give {count} words in quotes, such as {example}, not {answer}").format(
                count=count, example=example, answer=describe(answer)
            )
        )
    if len(parts) != count:
        raise AssertionError(
            _("give {count} words, such as {example}; you gave {given}").format(
                count=count, example=example, given=len(parts)
            )
        )
    if not all(parts):
        empty = parts.index("") + 1
        raise AssertionError(
            _("give {count} words, such as {example}; word {empty} is empty").format(
                count=count, example=example, empty=empty
            )
        )
    return tuple(parts)


def as_function(answer: object) -> Callable[..., object]:
    """Return ``answer`` if it can be called; else ``AssertionError`` (pass the function itself)."""
    if not callable(answer):
        raise AssertionError(
            _("give your function itself (its name, no parentheses), not {answer}").format(
                answer=describe(answer)
            )
        )
    return answer


def as_tensor_like(value: object, name: str, where: str = "") -> torch.Tensor:
    """Return what a learner's function gave as a float64 CPU tensor, ready to compare.

    Tensors of any dtype and device (detached, copied to the CPU) and NumPy arrays are
    accepted; anything else, or a meta tensor (no values), raises ``AssertionError`` naming
    ``name`` and the case ``where`` it happened.
    """
    suffix = f" {where}" if where else ""
    if isinstance(value, torch.Tensor):
        if value.device.type == "meta":
            raise AssertionError(
                _(
                    "{name} is on the meta device, which holds no values: compute it from the "
                    "tensors you are given{where}"
                ).format(name=name, where=suffix)
            )
        if value.is_complex():
            raise AssertionError(
                _("{name} must hold real numbers, got complex ones{where}").format(
                    name=name, where=suffix
                )
            )
        return value.detach().cpu().double()
    if hasattr(value, "__array__") and type(value).__module__.startswith("numpy"):
        kind = getattr(getattr(value, "dtype", None), "kind", "")
        if kind not in "biuf":  # text, objects, dates
            raise AssertionError(
                _("{name} must hold numbers, got a NumPy array of {dtype}{where}").format(
                    name=name,
                    dtype=value.dtype,
                    where=suffix,  # type: ignore[attr-defined]
                )
            )
        try:
            return torch.as_tensor(value.__array__()).double()  # type: ignore[union-attr]
        except (TypeError, ValueError, RuntimeError):
            pass
    raise AssertionError(
        _("{name} must be a tensor, got {value}{where}").format(
            name=name, value=describe(value), where=suffix
        )
    )
