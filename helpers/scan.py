"""Plumbing for 12_after_the_lstm.ipynb: the log-space parallel scan, parity data, sLSTM memory.

The scan computes h_t = a_t * h_{t-1} + b_t for all steps at once (Heinsen 2023, as used by
minGRU and minLSTM in Feng et al. 2024). The sLSTM functions follow Beck et al. 2024 (xLSTM),
equations of the sLSTM cell's memory, without learned weights.
Introduced in 12_after_the_lstm.ipynb.
"""

from __future__ import annotations

import torch

from helpers._validate import positive_int
from helpers.i18n import _


def _tensor(name: str, value: object) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise TypeError(
            _("{name} must be a torch.Tensor, got {kind}").format(
                name=name, kind=type(value).__name__
            )
        )
    if not value.is_floating_point():
        raise TypeError(
            _("{name} must be a floating-point tensor, got {dtype}").format(
                name=name, dtype=value.dtype
            )
        )
    return value


def parallel_scan_log(log_a: torch.Tensor, log_b: torch.Tensor) -> torch.Tensor:
    """Return h of shape (batch, seq_len, hidden) for h_t = a_t h_{t-1} + b_t, with h_0 = 0.

    ``log_a`` and ``log_b`` are log a_t and log b_t, shape (batch, seq_len, hidden): a_t and
    b_t must be positive. All steps at once, in log space: with A_t = log a_1 + ... + log a_t
    (``cumsum``), h_t = exp(A_t + log sum_{s <= t} exp(log b_s - A_s)) (``logcumsumexp``).
    No product of many a_t is formed outside log space, so long sequences do not underflow.
    A step with a_t = 0 (log a_t = -inf, or so negative that a_t rounds to 0) forgets
    everything, h_t = b_t: there the formula would give inf - inf, so such sequences go through
    :func:`_scan_with_resets` instead, with the same result as a step loop, gradients included.
    Introduced in 12_after_the_lstm.ipynb.
    """
    _tensor("log_a", log_a)
    _tensor("log_b", log_b)
    if log_a.dim() != 3:
        raise ValueError(
            f"log_a must be 3-D (batch, seq_len, hidden), got shape {tuple(log_a.shape)}"
        )
    if log_a.shape != log_b.shape:
        raise ValueError(
            f"log_a and log_b must have the same shape, got {tuple(log_a.shape)} "
            f"and {tuple(log_b.shape)}"
        )
    if (torch.exp(log_a.detach()) == 0).any():  # some a_t = 0: h_t = b_t, a fresh start
        return _scan_with_resets(log_a, log_b)
    a_star = torch.cumsum(log_a, dim=1)  # A_t = log(a_1 a_2 ... a_t)
    return torch.exp(a_star + torch.logcumsumexp(log_b - a_star, dim=1))


def _scan_with_resets(log_a: torch.Tensor, log_b: torch.Tensor) -> torch.Tensor:
    """Return :func:`parallel_scan_log`'s h where some a_t are 0, without a loop over steps.

    Works on (a_t, b_t) = (exp log a_t, exp log b_t) in linear space, where a zero is exact:
    two steps combine into one, (a, b) then (a', b') is (a' a, a' b + b'), and after
    log2(seq_len) rounds of combining each step with the one ``span`` steps before it
    (Hillis and Steele 1986), b_t is h_t. Only products and sums: every gradient is finite.
    """
    dtype = torch.promote_types(log_a.dtype, log_b.dtype)
    a, b = torch.exp(log_a.to(dtype)), torch.exp(log_b.to(dtype))
    span = 1
    while span < a.shape[1]:
        b = torch.cat([b[:, :span], a[:, span:] * b[:, :-span] + b[:, span:]], dim=1)
        a = torch.cat([a[:, :span], a[:, span:] * a[:, :-span]], dim=1)
        span *= 2
    return b


def parity_batch(
    batch: int, length: int, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return random bit strings (batch, length) and their parity (batch,): 1 if the ones are odd.

    Both are ``long`` tensors on the CPU, drawn from ``generator`` (the same seed gives the same
    strings). Introduced in 12_after_the_lstm.ipynb.
    """
    positive_int("batch", batch)
    positive_int("length", length)
    if not isinstance(generator, torch.Generator):
        raise TypeError(
            _("generator must be a torch.Generator, got {kind}").format(
                kind=type(generator).__name__
            )
        )
    bits = torch.randint(0, 2, (batch, length), generator=generator)
    return bits, bits.sum(dim=1) % 2


def _slstm_inputs(i_pre: torch.Tensor, f_pre: torch.Tensor, z: torch.Tensor) -> None:
    for name, value in (("i_pre", i_pre), ("f_pre", f_pre), ("z", z)):
        _tensor(name, value)
    if not i_pre.shape == f_pre.shape == z.shape or i_pre.dim() == 0:
        raise ValueError(
            _(
                "i_pre, f_pre and z must have the same shape (seq_len, ...), got {shape}, "
                "{shape2}, {shape3}"
            ).format(shape=tuple(i_pre.shape), shape2=tuple(f_pre.shape), shape3=tuple(z.shape))
        )
    if len(z) == 0:
        raise ValueError(_("i_pre, f_pre and z have no steps (seq_len 0): give at least one step"))


def slstm_memory_naive(i_pre: torch.Tensor, f_pre: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
    """Return c_t / n_t at every step of the sLSTM memory, exp input gate taken literally.

    c_t = f_t c_{t-1} + i_t z_t and n_t = f_t n_{t-1} + i_t, with i_t = exp(i_pre_t) and
    f_t = sigmoid(f_pre_t); inputs and output have shape (seq_len, ...). exp overflows to
    ``inf`` once a pre-activation passes about 88 in float32, and c / n becomes ``nan``.
    Introduced in 12_after_the_lstm.ipynb.
    """
    _slstm_inputs(i_pre, f_pre, z)
    c, n, out = torch.zeros_like(z[0]), torch.zeros_like(z[0]), []
    for t in range(z.shape[0]):
        i, f = torch.exp(i_pre[t]), torch.sigmoid(f_pre[t])
        c, n = f * c + i * z[t], f * n + i
        out.append(c / n)
    return torch.stack(out)


def slstm_memory_stabilised(
    i_pre: torch.Tensor, f_pre: torch.Tensor, z: torch.Tensor
) -> torch.Tensor:
    """Return c_t / n_t at every step of the sLSTM memory, with the stabiliser state m_t.

    m_t = max(log f_t + m_{t-1}, log i_t); the gates become i'_t = exp(log i_t - m_t) and
    f'_t = exp(log f_t + m_{t-1} - m_t), both at most 1. c and n are both scaled by
    exp(-m_t), so c / n is unchanged, and nothing overflows.
    Introduced in 12_after_the_lstm.ipynb.
    """
    _slstm_inputs(i_pre, f_pre, z)
    c, n, out = torch.zeros_like(z[0]), torch.zeros_like(z[0]), []
    m = torch.full_like(z[0], -torch.inf)
    for t in range(z.shape[0]):
        log_i, log_f = i_pre[t], torch.nn.functional.logsigmoid(f_pre[t])
        m_new = torch.maximum(log_f + m, log_i)
        i, f = torch.exp(log_i - m_new), torch.exp(log_f + m - m_new)
        c, n, m = f * c + i * z[t], f * n + i, m_new
        out.append(c / n)
    return torch.stack(out)


def parallel_scan_complex(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return h of shape (batch, seq_len, hidden) for h_t = a_t h_{t-1} + b_t, with h_0 = 0.

    Unlike :func:`parallel_scan_log`, ``a`` and ``b`` are the coefficients themselves, shape
    (batch, seq_len, hidden), and may be negative. Heinsen's (2023) general form: the logarithm
    of a negative number is complex (log(-x) = log(x) + i*pi), so ``a`` and ``b`` are cast to
    complex numbers, the same ``cumsum`` and ``logcumsumexp`` run on them, and the real part of
    the result is kept. An a_t of exactly 0 (log 0 = -inf) is replaced by the machine epsilon of
    its dtype, which changes h_t by at most epsilon times |h_{t-1}|: a rounding error.
    Introduced in 12_after_the_lstm.ipynb.
    """
    _tensor("a", a)
    _tensor("b", b)
    if a.dim() != 3:
        raise ValueError(f"a must be 3-D (batch, seq_len, hidden), got shape {tuple(a.shape)}")
    if a.shape != b.shape:
        raise ValueError(
            f"a and b must have the same shape, got {tuple(a.shape)} and {tuple(b.shape)}"
        )
    complex_dtype = torch.complex128 if a.dtype == torch.float64 else torch.complex64
    a = a + (a == 0) * torch.finfo(a.dtype).eps  # log 0 = -inf would give inf - inf = nan
    log_a, log_b = a.to(complex_dtype).log(), b.to(complex_dtype).log()
    a_star = torch.cumsum(log_a, dim=1)  # A_t = log(a_1 a_2 ... a_t), now complex
    return torch.exp(a_star + torch.logcumsumexp(log_b - a_star, dim=1)).real.to(a.dtype)
