"""The assignment templates (notebooks/assignments/{ru,en}/source/*/*.ipynb) graded end to end
with nbgrader on the gradbook kernel: the student version hides solutions and hidden tests;
a copy with the solutions filled in scores full marks (so the solved source passes every test
cell), the untouched copy scores zero, one wrong answer loses exactly that cell's points, an
endless loop is cut by the timeout and loses only its cells, and scores repeat across runs."""
from __future__ import annotations

import copy
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import assert_ran_clean

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "notebooks" / "assignments"
ASSIGNMENTS = ("01-tensors-autograd", "02-optimizer", "03-keras-model", "04-overfitting")
# A wrong answer for one solution cell of an assignment: (assignment, solution cell id, wrong code, test cell that must lose its points).
WRONG = {
    "01-tensors-autograd": ("standardize", "function standardize(x: Tensor): Tensor {\n  return x.sub(x.mean(0));\n}", "standardize-test"),
    "02-optimizer": ("momentum", "class MomentumSGD implements StepOptimizer {\n  constructor(readonly learningRate: number, readonly momentum: number) {}\n  step(grads: Tensor[], params: Variable[]): void {\n    params.forEach((p, i) => p.assign(p.value.sub(grads[i]!.mul(this.learningRate))));\n  }\n}", "momentum-test"),
}
# An answer that never returns: the test cell calling it is interrupted by the timeout.
LOOPING = ("01-tensors-autograd", "slope", "function sigmoidSlope(): number {\n  while (true) {}\n}", "slope-test")
# Seconds a cell may run in the looping student's grading run (nbgrader_config.py says 60).
LOOP_TIMEOUT = 10
# Graded twice as two students: training with random initialisation must score the same.
REPEATED = ("03-keras-model",)


def read(lang: str, assignment: str) -> Any:
    return nbformat.read(COURSE / lang / "source" / assignment / f"{assignment}.ipynb", as_version=4)


def grading(cell: Any) -> dict[str, Any]:
    return cell.metadata.get("nbgrader", {})


# Fast checks: the files themselves.

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_both_languages_share_code_cells_and_grading_metadata(assignment: str) -> None:
    ru, en = read("ru", assignment), read("en", assignment)
    shape = lambda nb: [(c.cell_type, c.id, grading(c)) for c in nb.cells]  # noqa: E731
    assert shape(ru) == shape(en)
    for ru_cell, en_cell in zip(ru.cells, en.cells):
        if ru_cell.cell_type == "code":
            # The one difference allowed: each notebook picks its language with setLocale.
            assert ru_cell.source.replace('setLocale("ru")', 'setLocale("en")') == en_cell.source, f"{assignment}: code cell {ru_cell.id} differs between ru and en"


@pytest.mark.parametrize("lang", ("ru", "en"))
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_template_metadata(lang: str, assignment: str) -> None:
    notebook = read(lang, assignment)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "gradbook"
    ids = [grading(c)["grade_id"] for c in notebook.cells if grading(c)]
    assert len(ids) == len(set(ids)), "grade ids must be unique"
    tests = [c for c in notebook.cells if grading(c).get("grade")]
    solutions = [c for c in notebook.cells if grading(c).get("solution")]
    assert len(tests) >= 2 and len(solutions) >= 2
    for cell in notebook.cells:
        meta = grading(cell)
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{lang}/{assignment}: cell {cell.id} has stored output"
        if not meta:
            continue
        assert meta["schema_version"] == 3 and meta["grade_id"] == cell.id
        if meta["grade"]:
            assert meta["locked"] and not meta["solution"] and meta["points"] > 0
            assert "check(" in cell.source
        if meta["solution"]:
            assert not meta["grade"] and not meta["locked"]
            assert "// BEGIN SOLUTION" in cell.source and "// END SOLUTION" in cell.source
    assert any("// BEGIN HIDDEN TESTS" in c.source for c in tests) or assignment == "04-overfitting"


# The grading round, once for all assignments (Russian, the primary language; the English
# code cells are the same, checked above).

@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """nbgrader's own API on a copy of the Russian course, configured by our nbgrader_config.py."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    root = tmp_path_factory.mktemp("course")
    shutil.copy(COURSE / "nbgrader_config.py", root)
    shutil.copytree(COURSE / "ru", root / "ru")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root / "ru")
    # nbgrader runs `alembic` (its database migrations) from PATH: the virtualenv's.
    path = os.environ["PATH"]
    os.environ["PATH"] = os.pathsep.join((str(Path(sys.executable).parent), path))
    try:
        yield NbGraderAPI(CourseDirectory(config=config), config=config)
    finally:
        os.environ["PATH"] = path


def succeeded(result: dict[str, Any]) -> None:
    assert result["success"], f"{result.get('error')}\n{result.get('log')}"
    assert "[ERROR]" not in (result.get("log") or ""), result.get("log")


@pytest.fixture(scope="module")
def course(api: Any) -> Path:
    start = time.monotonic()
    for assignment in ASSIGNMENTS:
        succeeded(api.generate_assignment(assignment, force=True))
    print(f"\ngenerate_assignment × {len(ASSIGNMENTS)}: {time.monotonic() - start:.1f} s")
    return Path(api.coursedir.root).parent


def submit(course: Path, student: str, assignment: str, notebook: Any) -> None:
    folder = course / "ru" / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(folder / f"{assignment}.ipynb"))


def with_cells(released: Any, sources: dict[str, str]) -> Any:
    notebook = copy.deepcopy(released)
    for cell in notebook.cells:
        if cell.id in sources:
            cell.source = sources[cell.id]
    return notebook


def released(course: Path, assignment: str) -> Any:
    return nbformat.read(course / "ru" / "release" / assignment / f"{assignment}.ipynb", as_version=4)


def solutions(assignment: str) -> dict[str, str]:
    return {c.id: c.source for c in read("ru", assignment).cells if grading(c).get("solution")}


@pytest.fixture(scope="module")
def graded(api: Any, course: Path) -> dict[tuple[str, str], dict[str, float]]:
    """Scores per (student, assignment): {grade_id: score}."""
    from nbgrader.api import Gradebook

    plan: dict[str, list[str]] = {}
    for assignment in ASSIGNMENTS:
        release = released(course, assignment)
        submit(course, "solved", assignment, with_cells(release, solutions(assignment)))
        submit(course, "untouched", assignment, release)
        plan[assignment] = ["solved", "untouched"]
        if assignment in REPEATED:
            submit(course, "solved-again", assignment, with_cells(release, solutions(assignment)))
            plan[assignment].append("solved-again")
        if assignment in WRONG:
            cell_id, wrong, _ = WRONG[assignment]
            submit(course, "one-wrong", assignment, with_cells(release, {**solutions(assignment), cell_id: wrong}))
            plan[assignment].append("one-wrong")
    for assignment, students in plan.items():
        for student in students:
            start = time.monotonic()
            succeeded(api.autograde(assignment, student, force=True))
            print(f"autograde {assignment} {student}: {time.monotonic() - start:.1f} s")
    assignment, cell_id, looping, _ = LOOPING
    submit(course, "looping", assignment, with_cells(released(course, assignment), {**solutions(assignment), cell_id: looping}))
    start = time.monotonic()
    api.config.Execute.timeout = LOOP_TIMEOUT
    try:
        result = api.autograde(assignment, "looping", force=True)
        assert result["success"] and f"Timeout waiting for execute reply ({LOOP_TIMEOUT}s)" in result["log"], result
    finally:
        api.config.Execute.timeout = 60
    print(f"autograde {assignment} looping (timeout {LOOP_TIMEOUT} s): {time.monotonic() - start:.1f} s")
    plan[assignment].append("looping")
    scores: dict[tuple[str, str], dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'ru' / 'gradebook.db'}") as gradebook:
        for assignment, students in plan.items():
            for student in students:
                scores[(student, assignment)] = {
                    grade_id: gradebook.find_grade(grade_id, assignment, assignment, student).score for grade_id in points(assignment)
                }
    return scores


def points(assignment: str) -> dict[str, float]:
    return {grading(c)["grade_id"]: float(grading(c)["points"]) for c in read("ru", assignment).cells if grading(c).get("grade")}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_student_version_hides_solutions_and_hidden_tests(course: Path, assignment: str) -> None:
    release = released(course, assignment)
    text = "\n".join(cell.source for cell in release.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    source = read("ru", assignment)
    hidden = [part.split("// END HIDDEN TESTS")[0].strip() for c in source.cells if grading(c).get("grade") for part in c.source.split("// BEGIN HIDDEN TESTS")[1:]]
    for block in hidden:
        assert block and block not in text
    by_id = {c.id: c for c in release.cells}
    for cell in source.cells:
        if grading(cell).get("solution"):
            assert 'throw new Error("not implemented yet' in by_id[cell.id].source
            body = cell.source.split("// BEGIN SOLUTION")[1].split("// END SOLUTION")[0].strip()
            assert body.split("\n")[0] not in by_id[cell.id].source


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solved_copy_scores_full_marks_with_clean_outputs(course: Path, graded: dict, assignment: str) -> None:
    assert graded[("solved", assignment)] == points(assignment)
    autograded = nbformat.read(course / "ru" / "autograded" / "solved" / assignment / f"{assignment}.ipynb", as_version=4)
    # Autograding restored the source's test cells: the solved copy runs the source's code.
    assert [c.source for c in autograded.cells if c.cell_type == "code"] == [c.source for c in read("ru", assignment).cells if c.cell_type == "code"]
    for cell in autograded.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", (assignment, cell.id, output)
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), (assignment, cell.id, output)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_untouched_copy_scores_zero(graded: dict, assignment: str) -> None:
    assert graded[("untouched", assignment)] == {grade_id: 0.0 for grade_id in points(assignment)}


@pytest.mark.parametrize("assignment", sorted(WRONG))
def test_one_wrong_answer_loses_exactly_its_points(graded: dict, assignment: str) -> None:
    lost = WRONG[assignment][2]
    assert graded[("one-wrong", assignment)] == {**points(assignment), lost: 0.0}


def test_an_endless_loop_is_cut_by_the_timeout_and_loses_only_its_cells(graded: dict) -> None:
    assignment, _, _, lost = LOOPING
    assert graded[("looping", assignment)] == {**points(assignment), lost: 0.0}


@pytest.mark.parametrize("assignment", REPEATED)
def test_scores_repeat_across_runs(graded: dict, assignment: str) -> None:
    assert graded[("solved-again", assignment)] == graded[("solved", assignment)]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_english_source_with_its_solutions_runs_clean(assignment: str, tmp_path: Path) -> None:
    # The Russian copies are graded above; the English ones run through nbclient here.
    notebook = read("en", assignment)
    NotebookClient(notebook, kernel_name="gradbook", timeout=180, startup_timeout=60, resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert_ran_clean(notebook, f"en/{assignment}")
