"""Every committed notebook (tour, lectures, solutions, assignment sources) stays clean when
a student opens and saves it: JupyterLab writes the kernel's language_info and nbformat's
layout, so both must already be what is committed, and no outputs are stored."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from conftest import kernel_language_info

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))


def test_every_course_notebook_is_checked() -> None:
    names = {path.relative_to(ROOT / "notebooks").as_posix() for path in NOTEBOOKS}
    expected = {f"{lang}/{name}.ipynb" for lang in ("ru", "en") for name in ("00-tour", "01-tensors-autograd", "05-optimizers", "solutions")}
    expected |= {f"assignments/{lang}/source/02-optimizer/02-optimizer.ipynb" for lang in ("ru", "en")}
    assert expected <= names, expected - names


@pytest.fixture(scope="module")
def language_info() -> dict:
    return kernel_language_info()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_opening_and_saving_leaves_the_file_unchanged(path: Path, language_info: dict) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["language_info"] == language_info
    assert notebook.metadata["kernelspec"]["name"] == "gradbook"
    assert nbformat.writes(notebook) + "\n" == path.read_text(encoding="utf-8")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {cell.get('id')} has stored output"
