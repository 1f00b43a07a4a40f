"""Write a script's results as JSON, with the machine they were measured on."""

from __future__ import annotations

import json
import platform
from pathlib import Path

import torch


def write_results(path: Path, device: torch.device, rows: list[dict], **settings: object) -> None:
    """Write ``settings``, a description of the machine and ``rows`` to ``path``; print where."""
    path.parent.mkdir(parents=True, exist_ok=True)
    threads = torch.get_num_threads()
    machine = f"{device.type}, {threads} threads, torch {torch.__version__}, {platform.machine()}"
    path.write_text(
        json.dumps(
            {
                **settings,
                "machine": machine,
                "rows": rows,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {path}")
