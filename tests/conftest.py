"""pytest set-up for the Python tests (run by `npm test`, or `.venv/bin/pytest tests`).

Before any test, the gradbook kernelspec is installed with our own CLI into a fresh
temporary prefix that is put first on JUPYTER_PATH, so the tests start the kernel built
from this checkout, and Jupyter's config, data and runtime folders point into that
prefix too, so nothing reads or writes the user's own Jupyter set-up.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "kernel" / "dist" / "jupyter" / "cli.js"

_prefix: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _prefix
    node = os.environ.get("GRADBOOK_NODE") or shutil.which("node")
    if not node:
        raise pytest.UsageError("gradbook: no `node` on PATH (set GRADBOOK_NODE)")
    if not CLI.exists():
        raise pytest.UsageError(f"gradbook: {CLI} is missing; build first (npm run build)")
    _prefix = tempfile.mkdtemp(prefix="gradbook-pytest-")
    result = subprocess.run(
        [node, str(CLI), "install", "--prefix", _prefix], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise pytest.UsageError(f"gradbook: kernelspec install failed:\n{result.stdout}{result.stderr}")
    data = Path(_prefix, "share", "jupyter")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(data), os.environ.get("JUPYTER_PATH", "")) if p
    )
    for name, folder in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
    ):
        os.environ[name] = str(Path(_prefix, folder))
        Path(_prefix, folder).mkdir(parents=True, exist_ok=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _prefix:
        shutil.rmtree(_prefix, ignore_errors=True)


@pytest.fixture(scope="session")
def kernelspec_dir() -> Path:
    """The folder holding the kernel.json the tests run."""
    assert _prefix
    return Path(_prefix, "share", "jupyter", "kernels", "gradbook")


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """For `npm test`: writes pytest's closing counts ("3 failed, 40 passed, 1 skipped")
    as JSON to $GRADBOOK_PYTEST_COUNTS, so its total line adds up the same numbers."""
    target = os.environ.get("GRADBOOK_PYTEST_COUNTS")
    if not target:
        return
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    kinds = {"passed": "passed", "xpassed": "passed", "xfailed": "passed", "failed": "failed",
             "error": "failed", "errors": "failed", "skipped": "skipped"}
    parts, _ = terminalreporter.build_summary_stats_line()
    for text, _markup in parts:
        number, _, kind = text.partition(" ")
        if number.isdigit() and kind in kinds:  # "subtests passed", "warnings" are left out
            counts[kinds[kind]] += int(number)
    Path(target).write_text(json.dumps(counts))


def kernel_language_info() -> dict:
    """language_info exactly as the kernel's kernel_info_reply gives it (from the built kernel)."""
    node = os.environ.get("GRADBOOK_NODE", "node")
    script = 'import("./kernel/dist/jupyter/kernel-info.js").then((m) => process.stdout.write(JSON.stringify(m.kernelInfo().language_info)))'
    return json.loads(subprocess.run([node, "-e", script], cwd=ROOT, check=True, capture_output=True, text=True).stdout)


def assert_ran_clean(notebook, label: str) -> None:
    """Every code cell of an executed notebook ran, with no error output and nothing on stderr."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        assert isinstance(cell.execution_count, int), (label, cell.id)
        for output in cell.outputs:
            assert output["output_type"] != "error", (label, cell.id, output)
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), (label, cell.id, output)
