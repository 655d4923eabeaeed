"""The lecture notebooks 1–6 and their solutions (notebooks/{ru,en}/0[1-6]-*.ipynb,
solutions.ipynb): the same code cells in both languages, committed without outputs, ending
with exercises; each runs top to bottom on the gradbook kernel with nbclient in fast mode
(GRADBOOK_FAST=1: the same cells, fewer steps and epochs) with no error and nothing on
stderr, in both languages."""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import assert_ran_clean

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(p.name for p in (ROOT / "notebooks" / "ru").glob("0[1-6]-*.ipynb")) + ["solutions.ipynb"]


def read(lang: str, name: str) -> Any:
    return nbformat.read(ROOT / "notebooks" / lang / name, as_version=4)


def test_the_lectures_are_there() -> None:
    assert len(NAMES) >= 2, NAMES
    for name in NAMES:
        assert (ROOT / "notebooks" / "en" / name).exists(), name


@pytest.mark.parametrize("name", NAMES)
def test_both_languages_have_the_same_cells_and_code(name: str) -> None:
    ru, en = read("ru", name), read("en", name)
    assert [(c.cell_type, c.id) for c in ru.cells] == [(c.cell_type, c.id) for c in en.cells]
    for ru_cell, en_cell in zip(ru.cells, en.cells):
        if ru_cell.cell_type == "code":
            # The one difference allowed: each notebook picks its language with setLocale.
            assert ru_cell.source.replace('setLocale("ru")', 'setLocale("en")') == en_cell.source, f"{name}: code cell {ru_cell.id} differs between ru and en"
        else:
            assert ru_cell.source != en_cell.source or not ru_cell.source.strip(), f"{name}: markdown {ru_cell.id} is not translated"


@pytest.mark.parametrize("lang", ("ru", "en"))
@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs_with_exercises(lang: str, name: str) -> None:
    notebook = read(lang, name)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "gradbook"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{lang}/{name}: cell {cell.id} has stored output"
    if name != "solutions.ipynb":
        heading = "## Упражнения" if lang == "ru" else "## Exercises"
        assert heading in notebook.cells[-1].source, f"{lang}/{name} must end with exercises"
        assert "solutions.ipynb" in notebook.cells[-1].source


@pytest.fixture(scope="module")
def fast_mode() -> Any:
    previous = os.environ.get("GRADBOOK_FAST")
    os.environ["GRADBOOK_FAST"] = "1"  # the kernel inherits it
    yield
    if previous is None:
        del os.environ["GRADBOOK_FAST"]
    else:
        os.environ["GRADBOOK_FAST"] = previous


@pytest.mark.parametrize("lang", ("ru", "en"))
@pytest.mark.parametrize("name", NAMES)
def test_runs_without_errors_or_stderr(fast_mode: Any, lang: str, name: str, tmp_path: Path) -> None:
    notebook = read(lang, name)
    client = NotebookClient(notebook, kernel_name="gradbook", timeout=180, startup_timeout=60, resources={"metadata": {"path": str(tmp_path)}})
    start = time.monotonic()
    client.execute()
    print(f"\nnotebooks/{lang}/{name} (fast mode): {time.monotonic() - start:.1f} s")
    assert_ran_clean(notebook, f"{lang}/{name}")
