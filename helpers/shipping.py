"""Plumbing for 14_shipping_an_lstm.ipynb: a streaming step's input checks, ONNX Runtime
behind the same step signature, what an ONNX file declares, and a quiet exporter.

A step function takes a chunk of token ids ``(batch, T)``, with ``T >= 1``, and the state
``(h, c)``, each ``(1, batch, hidden)``, and returns ``(logits, (h, c))``. The notebook's model
has one (``CharLM.step``); :class:`OnnxStep` gives an ONNX file the same one.
Introduced in 14_shipping_an_lstm.ipynb.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import numbers
import os
import statistics
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import torch

from helpers._validate import positive_int
from helpers.i18n import _

State = tuple[torch.Tensor, torch.Tensor]
NOISY_LOGGERS = ("torch.onnx", "torch.export", "torch._dynamo", "")  # "" is the root logger


def zero_state(batch: int, hidden: int, device: torch.device | str | None = None) -> State:
    """Return ``(h, c)``, zeros of shape ``(1, batch, hidden)``: the start of a stream.

    Introduced in 14_shipping_an_lstm.ipynb.
    """
    positive_int("batch", batch)
    positive_int("hidden", hidden)
    try:
        device = torch.device(device) if device is not None else None
    except (RuntimeError, TypeError) as error:  # "gpu", 0.5
        raise ValueError(
            _("device must be 'cpu', 'cuda' or pick_device(), got {device!r}").format(device=device)
        ) from error
    zeros = torch.zeros(1, batch, hidden, device=device)
    return zeros, zeros.clone()


def check_step_input(ids: object, state: object, hidden: int) -> None:
    """Raise a short ``ValueError`` or ``TypeError`` unless the step's input is right.

    ``ids`` must be a ``(batch, T)`` tensor of integer token ids with ``T >= 1``; ``state``
    must be ``(h, c)``, two float tensors of shape ``(1, batch, hidden)``. Each message says
    what is wrong and what to pass instead. Introduced in 14_shipping_an_lstm.ipynb.
    """
    positive_int("hidden", hidden)
    if not isinstance(ids, torch.Tensor) or ids.is_floating_point() or ids.is_complex():
        kind = f"dtype {ids.dtype}" if isinstance(ids, torch.Tensor) else type(ids).__name__
        raise TypeError(
            _("ids must be a tensor of integer token ids, got {kind}").format(kind=kind)
        )
    if ids.dtype == torch.bool:  # True and False are no token ids
        raise TypeError(_("ids must be integer token ids; got dtype torch.bool: pass ids.long()"))
    if ids.dim() != 2:
        raise ValueError(
            _(
                "ids must be 2-D (batch, T), got shape {shape}: "
                "for one stream of shape (T,), pass ids[None]"
            ).format(shape=tuple(ids.shape))
        )
    batch, length = ids.shape
    if length == 0:
        raise ValueError(
            _(
                "a chunk of length 0: ids has shape {shape}; every chunk needs at least one step"
            ).format(shape=tuple(ids.shape))
        )
    wanted = (1, batch, hidden)
    if not (isinstance(state, (tuple, list)) and len(state) == 2):
        raise TypeError(
            _(
                "state must be a pair (h, c), got {got}: "
                "start a stream with zero_state({batch}, {hidden})"
            ).format(got=type(state).__name__, batch=batch, hidden=hidden)
        )
    for name, tensor in zip(("h", "c"), state, strict=True):
        if not isinstance(tensor, torch.Tensor) or not tensor.is_floating_point():
            raise TypeError(
                _("{name} must be a float tensor, got {got}").format(
                    name=name, got=type(tensor).__name__
                )
            )
        if tuple(tensor.shape) != wanted:
            raise ValueError(
                _(
                    "{name} has shape {shape}; for ids of batch {batch} the state must be "
                    "(1, batch, hidden) = {wanted}: start with zero_state({batch}, {hidden})"
                ).format(
                    name=name, shape=tuple(tensor.shape), batch=batch, wanted=wanted, hidden=hidden
                )
            )


def _not_onnx(path: str | os.PathLike[str]) -> ValueError:
    return ValueError(
        _("{path} is not an ONNX file of a model: export the model again").format(path=path)
    )


def _graph(path: str | os.PathLike[str]) -> object:
    """The graph of the ONNX file at ``path``, or a short error: no file, or not a model
    (a text file, a cut download: a graph with no node or no input)."""
    import onnx
    from google.protobuf.message import DecodeError

    if not Path(path).is_file():
        raise FileNotFoundError(
            _("no ONNX file at {path}: export the model first").format(path=path)
        )
    try:
        graph = onnx.load(str(path), load_external_data=False).graph
    except (DecodeError, ValueError, OSError) as error:
        raise _not_onnx(path) from error
    if not graph.node or not graph.input:
        raise _not_onnx(path)
    return graph


def declared_shapes(path: str | os.PathLike[str]) -> dict[str, tuple[int | str, ...]]:
    """Return the shape each input and output of an ONNX file declares, by name.

    A fixed axis is a number; a dynamic axis is its name (``"batch"``); an axis the file
    leaves unnamed is ``"?"``. Introduced in 14_shipping_an_lstm.ipynb.
    """
    graph = _graph(path)
    shapes = {}
    for value in [*graph.input, *graph.output]:
        dims = value.type.tensor_type.shape.dim
        shapes[value.name] = tuple(
            d.dim_value if d.HasField("dim_value") else (d.dim_param or "?") for d in dims
        )
    return shapes


def op_types(path: str | os.PathLike[str]) -> list[str]:
    """Return the distinct operator types of an ONNX file's graph, sorted.

    Introduced in 14_shipping_an_lstm.ipynb.
    """
    return sorted({node.op_type for node in _graph(path).node})


def eight_bit_weights(path: str | os.PathLike[str]) -> list[str]:
    """Return the names of the weights an ONNX file stores in 8 bits (int8 or uint8), sorted.

    Introduced in 14_shipping_an_lstm.ipynb.
    """
    import onnx

    eight = {onnx.TensorProto.INT8, onnx.TensorProto.UINT8}
    return sorted(w.name for w in _graph(path).initializer if w.data_type in eight)


def file_kb(path: str | os.PathLike[str]) -> float:
    """Return the size of a file in KB (1 KB = 1,000 bytes).

    Introduced in 14_shipping_an_lstm.ipynb.
    """
    return Path(path).stat().st_size / 1000


@contextlib.contextmanager
def quietly() -> Iterator[list[str]]:
    """Keep an exporter's or quantiser's notes out of the notebook; yield the list that gets them.

    Inside the ``with`` block, Python warnings, printed progress lines and log records of
    PyTorch's exporter, ONNX Runtime's tools and the root logger are collected, as text, in
    the yielded list instead of being shown; ONNX Runtime's own log shows errors only.
    Introduced in 14_shipping_an_lstm.ipynb.
    """
    import onnxruntime

    notes: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            notes.append(record.getMessage())

    handler = Collect()
    loggers = [logging.getLogger(name) for name in NOISY_LOGGERS]
    saved = [(logger.level, logger.handlers, logger.propagate) for logger in loggers]
    printed = io.StringIO()
    onnxruntime.set_default_logger_severity(3)  # errors only
    try:
        for logger in loggers:
            logger.handlers, logger.propagate = [handler], False
            logger.setLevel(logging.INFO)
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(printed):
            warnings.simplefilter("always")
            yield notes
        notes.extend(str(w.message) for w in caught)
        notes.extend(line for line in printed.getvalue().splitlines() if line.strip())
    finally:
        for logger, (level, handlers, propagate) in zip(loggers, saved, strict=True):
            logger.setLevel(level)
            logger.handlers, logger.propagate = handlers, propagate


class OnnxStep:
    """An ONNX file of a step, run by ONNX Runtime on the CPU, called like the eager step.

    ``OnnxStep(path)(ids, (h, c))`` returns ``(logits, (h, c))`` as CPU tensors; the file's
    inputs must be named ``ids``, ``h`` and ``c``, its outputs logits, h and c in that order.
    ``threads`` (default: PyTorch's thread count) is what ONNX Runtime may use per call; idle
    threads sleep rather than spin.
    Bad input gets the errors of :func:`check_step_input`. Introduced in
    14_shipping_an_lstm.ipynb.
    """

    def __init__(self, path: str | os.PathLike[str], threads: int | None = None) -> None:
        import onnxruntime

        _graph(path)  # a missing file, or one that is not a model: a short error
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = positive_int(
            "threads", torch.get_num_threads() if threads is None else threads
        )
        options.log_severity_level = 3  # errors only
        # idle threads sleep instead of spinning, so they leave the CPU to the rest of the work
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        names = [i.name for i in self.session.get_inputs()]
        if names != ["ids", "h", "c"]:
            raise ValueError(
                _("the file's inputs are {names}; export them as ids, h, c").format(names=names)
            )
        self.hidden = self.session.get_inputs()[1].shape[2]
        if not isinstance(self.hidden, int):
            raise ValueError(_("the file's input h must declare a fixed hidden size"))

    def __call__(self, ids: torch.Tensor, state: State) -> tuple[torch.Tensor, State]:
        check_step_input(ids, state, self.hidden)
        h, c = (s.detach().cpu().float().numpy() for s in state)
        logits, h_n, c_n = self.session.run(
            None, {"ids": ids.detach().cpu().long().numpy(), "h": h, "c": c}
        )
        return torch.from_numpy(logits), (torch.from_numpy(h_n), torch.from_numpy(c_n))


def rounds_ms(rounds: Mapping[str, Sequence[float]]) -> dict[str, tuple[float, float, float]]:
    """Return, for each name, the median, the fastest and the slowest of its rounds, in ms.

    ``rounds`` maps a name to its seconds per call in each round, as
    :func:`helpers.timing.interleaved_times` returns them. The fastest-to-slowest range is
    how far the same call moved while the machine did other work. Introduced in
    14_shipping_an_lstm.ipynb.
    """
    _check_rounds(rounds)
    return {
        name: (statistics.median(values) * 1e3, min(values) * 1e3, max(values) * 1e3)
        for name, values in rounds.items()
    }


def compare_rounds(rounds: Mapping[str, Sequence[float]], a: str, b: str) -> str:
    """Return one line comparing the times of ``a`` and ``b``, claiming only what the rounds show.

    When every round of one took less time than every round of the other (their ranges do
    not overlap), the line gives the ratio of their medians; otherwise it says that no
    difference is claimed. Introduced in 14_shipping_an_lstm.ipynb.
    """
    _check_rounds(rounds)
    for name in (a, b):
        if name not in rounds:
            raise ValueError(
                _("{name!r} is not one of the timed names: {names}").format(
                    name=name, names=", ".join(map(repr, rounds))
                )
            )
    ratio = statistics.median(rounds[a]) / statistics.median(rounds[b])
    if max(rounds[a]) < min(rounds[b]) or max(rounds[b]) < min(rounds[a]):
        return _("{a} took {ratio:.2f} x the time of {b}, in every round").format(
            a=a, b=b, ratio=ratio
        )
    return _("{a} and {b}: their ranges overlap, so no difference is claimed").format(a=a, b=b)


def _check_rounds(rounds: object) -> None:
    """Raise a short error unless ``rounds`` maps names to lists of positive finite seconds."""
    if not isinstance(rounds, Mapping) or not rounds:
        raise TypeError(
            _("rounds must be a non-empty dict of name: seconds per round, got {kind}").format(
                kind=type(rounds).__name__
            )
        )
    for name, values in rounds.items():
        if not (
            isinstance(values, Sequence) and values and all(_positive_finite(v) for v in values)
        ):
            raise ValueError(
                _(
                    "rounds[{name!r}] must be a non-empty list of positive finite seconds, "
                    "got {values!r}"
                ).format(name=name, values=values)
            )


def _positive_finite(value: object) -> bool:
    """Whether ``value`` is a real number (NumPy's and 0-d tensors included), > 0 and < inf."""
    value = value.item() if getattr(value, "shape", None) == () else value
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and 0 < value < math.inf
