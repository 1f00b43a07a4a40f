"""The complex-log scan of notebook 12 (coefficients of any sign), its signed minGRU, the
minGRU's streaming step, and exercise 1's solution as tools/experiments/parity_seeds.py runs it."""

from __future__ import annotations

import ast
import json
import re
import textwrap
from pathlib import Path

import pytest
import torch

from helpers.notebook_code import NOTEBOOKS, reused_cells
from helpers.scan import parallel_scan_complex
from tests.test_scan import loop  # the one step-at-a-time reference

CPU = torch.device("cpu")


def signed(shape: tuple[int, ...], seed: int, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    a = (2 * torch.rand(shape, generator=g, dtype=torch.float64) - 1).to(dtype)  # (-1, 1)
    b = torch.randn(shape, generator=g, dtype=torch.float64).to(dtype)  # any sign
    return a, b


@pytest.mark.parametrize("shape", [(1, 1, 1), (2, 1, 3), (3, 7, 5), (4, 50, 2), (1, 300, 8)])
def test_complex_scan_equals_the_loop_for_coefficients_of_any_sign(shape):
    a, b = signed(shape, sum(shape))
    torch.testing.assert_close(parallel_scan_complex(a, b), loop(a, b))


def test_complex_scan_gradients_match_the_loop():
    a, b = signed((3, 40, 4), 1)
    a.requires_grad_(), b.requires_grad_()
    scan = torch.autograd.grad(parallel_scan_complex(a, b).sum(), (a, b))
    step = torch.autograd.grad(loop(a, b).sum(), (a, b))
    for got, want in zip(scan, step, strict=True):
        torch.testing.assert_close(got, want)


def test_complex_scan_keeps_float32_and_its_rounding_is_small():
    a, b = signed((2, 100, 4), 2, torch.float32)
    h = parallel_scan_complex(a, b)
    assert h.dtype == torch.float32
    torch.testing.assert_close(h, loop(a, b), atol=1e-4, rtol=1e-4)


def test_complex_scan_handles_a_zero_coefficient_and_a_zero_input():
    # log 0 = -inf: a zero a_t would make -inf - (-inf) = nan; the scan replaces it by epsilon
    a = torch.tensor([[[0.5], [0.0], [-0.5], [0.9]]], dtype=torch.float64)
    b = torch.tensor([[[1.0], [2.0], [0.0], [-1.0]]], dtype=torch.float64)
    torch.testing.assert_close(parallel_scan_complex(a, b), loop(a, b))


def test_complex_scan_rejects_bad_arguments():
    a, b = signed((1, 3, 2), 3)
    with pytest.raises(TypeError, match="a must be a torch.Tensor"):
        parallel_scan_complex(a.tolist(), b)
    with pytest.raises(TypeError, match="b must be a floating-point tensor"):
        parallel_scan_complex(a, b.long())
    with pytest.raises(ValueError, match="3-D"):
        parallel_scan_complex(a[0], b[0])
    with pytest.raises(ValueError, match="same shape"):
        parallel_scan_complex(a, b[:, :2])


@pytest.fixture(scope="module")
def notebook_12():
    return reused_cells("12_after_the_lstm.ipynb", device=CPU)


def test_notebook_12_signed_mingru_scan_equals_its_step_loop_and_goes_negative(notebook_12):
    torch.manual_seed(0)
    cell = notebook_12["SignedMinGRU"](8, 16).double()
    x = torch.randn(4, 60, 8, dtype=torch.float64)
    torch.testing.assert_close(cell(x), cell.step_loop(x))
    assert cell.coefficients(x).min() < 0 < cell.coefficients(x).max()


@pytest.mark.parametrize("kind", ["MinGRU", "SignedMinGRU"])
def test_notebook_12_step_streams_what_the_scan_computes(notebook_12, kind):
    torch.manual_seed(1)
    cell = notebook_12[kind](8, 16).double()
    x = torch.randn(3, 50, 8, dtype=torch.float64)
    h = torch.zeros(3, 16, dtype=torch.float64)
    for t in range(x.shape[1]):  # one input at a time, only the state kept
        h = cell.step(x[:, t], h)
    torch.testing.assert_close(h, cell(x)[:, -1])


def solution_block() -> str:
    """Return the code of notebook 12's exercise 1 solution that defines TanhMinGRU."""
    cells = json.loads((NOTEBOOKS / "12_after_the_lstm.ipynb").read_text(encoding="utf-8"))
    blocks = [
        block
        for cell in cells["cells"]
        if cell["cell_type"] == "markdown"
        for block in re.findall(r"```python\n(.*?)```", "".join(cell["source"]), re.DOTALL)
        if "class TanhMinGRU" in block
    ]
    assert len(blocks) == 1, "exercise 1's solution defines TanhMinGRU once"
    return blocks[0]


def class_source(source: str, name: str) -> str:
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
    return ast.unparse(node)


def test_parity_seeds_trains_exactly_exercise_1s_solution():
    from tools.experiments import parity_seeds

    script = Path(parity_seeds.__file__).read_text(encoding="utf-8")
    assert class_source(script, "TanhMinGRU") == class_source(solution_block(), "TanhMinGRU")
    assert 'RNNS["tanh minGRU"] = TanhMinGRU' in textwrap.dedent(solution_block())
