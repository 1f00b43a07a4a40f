"""Write a script's results as JSON, with the machine they were measured on."""

from __future__ import annotations

import json
import platform
from pathlib import Path

import torch


def cpu_name() -> str:
    """Return the processor's model name (Linux), else what ``platform`` knows, else ''."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def write_results(path: Path, device: torch.device, rows: list[dict], **settings: object) -> None:
    """Write ``settings``, a description of the machine and ``rows`` to ``path``; print where."""
    path.parent.mkdir(parents=True, exist_ok=True)
    threads = torch.get_num_threads()
    threads_text = f"{threads} thread" + ("s" if threads != 1 else "")
    machine = f"{device.type}, {threads_text}, torch {torch.__version__}, {platform.machine()}"
    if cpu_name():  # the same code can round differently on another processor
        machine += f" ({cpu_name()})"
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
