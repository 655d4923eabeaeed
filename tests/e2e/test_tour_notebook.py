"""The tour notebooks (notebooks/{ru,en}/00-tour.ipynb): their code cells are the same in
both languages, and each runs top to bottom on the gradbook kernel with nbclient, within
two minutes, with no error and nothing on stderr, showing every gradbook view."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("ru", "en")
NOTEBOOKS = {lang: ROOT / "notebooks" / lang / "00-tour.ipynb" for lang in LANGUAGES}
VIEWS = ("graph", "metrics", "gradflow", "sweep", "surface")
# "Runs top to bottom in under two minutes on the CPU" (issue 5).
TOTAL_SECONDS = 120


def read(lang: str) -> Any:
    return nbformat.read(NOTEBOOKS[lang], as_version=4)


def code_cells(notebook: Any) -> list[tuple[str, str]]:
    # The one difference allowed: each notebook picks its language with setLocale.
    return [(cell["id"], cell["source"].replace('setLocale("ru")', 'setLocale("en")')) for cell in notebook.cells if cell["cell_type"] == "code"]


# Fast checks: the files themselves, without a kernel.

def test_code_cells_are_identical_in_both_languages() -> None:
    ru, en = code_cells(read("ru")), code_cells(read("en"))
    assert len(ru) >= 10
    assert [cell_id for cell_id, _ in ru] == [cell_id for cell_id, _ in en]
    for (cell_id, ru_source), (_, en_source) in zip(ru, en):
        assert ru_source == en_source, f"code cell {cell_id} differs between ru and en"
    ids = [cell_id for cell_id, _ in ru]
    assert len(set(ids)) == len(ids), "code cell ids must be unique"


def test_both_languages_have_the_same_cell_layout() -> None:
    # Markdown cells sit in the same places with the same ids, so the two stay in step.
    ru, en = read("ru"), read("en")
    assert [(c["cell_type"], c["id"]) for c in ru.cells] == [(c["cell_type"], c["id"]) for c in en.cells]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notebook_file(lang: str) -> None:
    notebook = read(lang)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"] == {"display_name": "TypeScript (gradbook)", "language": "typescript", "name": "gradbook"}
    assert notebook.metadata["language_info"]["name"] == "typescript"
    for cell in notebook.cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{lang}: cell {cell['id']} has stored output"


def test_the_russian_notebook_is_in_russian() -> None:
    text = "".join(c["source"] for c in read("ru").cells if c["cell_type"] == "markdown")
    for term in ("градиент", "граф вычислений", "скорост", "переобучени", "ранн"):
        assert term in text.lower(), term


# The run: both notebooks end to end on the kernel.

@pytest.fixture(scope="module", params=LANGUAGES)
def executed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any, float]:
    lang = request.param
    notebook = read(lang)
    client = NotebookClient(
        notebook,
        kernel_name="gradbook",
        timeout=120,  # per cell: generous, the whole run is bounded below
        startup_timeout=60,
        resources={"metadata": {"path": str(tmp_path_factory.mktemp(f"tour-{lang}"))}},
    )
    start = time.monotonic()
    client.execute()
    seconds = time.monotonic() - start
    print(f"\n{NOTEBOOKS[lang].relative_to(ROOT)}: {seconds:.1f} s")
    return lang, notebook, seconds


def outputs(notebook: Any) -> list[tuple[str, dict[str, Any]]]:
    return [(cell["id"], output) for cell in notebook.cells if cell["cell_type"] == "code" for output in cell["outputs"]]


def test_runs_to_the_end(executed: tuple[str, Any, float]) -> None:
    # The two-minute target is measured and printed (see the fixture), never asserted:
    # timings fail on a busy machine. Here: every code cell ran.
    lang, notebook, seconds = executed
    print(f"{lang}: {seconds:.1f} s (target: under {TOTAL_SECONDS} s)")
    counts = [cell.get("execution_count") for cell in notebook.cells if cell["cell_type"] == "code"]
    assert all(isinstance(c, int) for c in counts), (lang, counts)


def test_running_leaves_the_metadata_as_committed(executed: tuple[str, Any, float]) -> None:
    # nbclient, like JupyterLab, writes the kernel's language_info into the notebook.
    lang, notebook, _ = executed
    assert notebook.metadata == read(lang).metadata


def test_no_errors_and_nothing_on_stderr(executed: tuple[str, Any, float]) -> None:
    lang, notebook, _ = executed
    for cell_id, output in outputs(notebook):
        assert output["output_type"] != "error", (lang, cell_id, output)
        assert not (output["output_type"] == "stream" and output["name"] == "stderr"), (lang, cell_id, output)
    for cell in notebook.cells:
        if cell["cell_type"] == "code":
            assert cell["execution_count"] is not None, (lang, cell["id"])


def test_every_view_is_shown_with_an_svg_fallback(executed: tuple[str, Any, float]) -> None:
    lang, notebook, _ = executed
    seen: dict[str, list[str]] = {}
    for cell_id, output in outputs(notebook):
        data = output.get("data", {})
        for view in VIEWS:
            mime = f"application/vnd.gradbook.{view}.v1+json"
            if mime in data:
                seen.setdefault(view, []).append(cell_id)
                assert data[mime]["version"] == 1, (lang, cell_id, view)
                assert data["image/svg+xml"].lstrip().startswith("<svg"), (lang, cell_id, view)
                assert data["text/plain"], (lang, cell_id, view)
    assert sorted(seen) == sorted(VIEWS), (lang, seen)


def test_what_the_cells_show(executed: tuple[str, Any, float]) -> None:
    lang, notebook, _ = executed
    by_id = {cell["id"]: cell for cell in notebook.cells}

    def data(cell_id: str, output_type: str = "execute_result") -> dict[str, Any]:
        [shown] = [o for o in by_id[cell_id]["outputs"] if o["output_type"] == output_type]
        return shown["data"]

    def stdout(cell_id: str) -> str:
        return "".join(o["text"] for o in by_id[cell_id]["outputs"] if o["output_type"] == "stream")

    # A tensor as the last expression shows as an HTML table; setLocale picks the notebook's language.
    assert "<table" in data("tour-display")["text/html"]
    assert data("tour-display")["text/plain"].startswith({"en": "Tensor float32 [2, 3]", "ru": "Тензор float32 [2, 3]"}[lang])
    # The broadcasting error speaks to the student: op and both shapes.
    assert {"en": "add: shapes [2, 3] and [2]", "ru": "add: формы [2, 3] и [2]"}[lang] in stdout("tour-broadcasting")
    # x³ − 2x: f' = 3x² − 2, f'' = 6x at −1, 0, 1, 2.
    assert "f'(x)  = [ 1, -2, 1, 10 ]" in stdout("tour-gradient")
    assert "f''(x) = [ -6, 0, 6, 12 ]" in stdout("tour-gradient")
    # The neuron's graph: the input leaf is named "x" and the loss's mean is one op.
    graph = data("tour-graph", "display_data")["application/vnd.gradbook.graph.v1+json"]
    assert "x" in [n["label"] for n in graph["nodes"] if n["kind"] == "leaf"], graph["nodes"]
    assert "mean" in [n["op"] for n in graph["nodes"]] and "div" not in [n["op"] for n in graph["nodes"]]
    # The model summary and its graph; the fit's two live views; the schedule plot.
    assert {"en": "Total params: 2,410", "ru": "Всего параметров: 2,410"}[lang] in data("tour-model")["text/plain"]
    assert "application/vnd.gradbook.graph.v1+json" in data("tour-model-graph", "display_data")
    fit_views = [next(k for k in o["data"] if k.startswith("application/vnd.gradbook.")) for o in by_id["tour-fit"]["outputs"] if o["output_type"] == "display_data"]
    assert fit_views == ["application/vnd.gradbook.metrics.v1+json", "application/vnd.gradbook.gradflow.v1+json"]
    metrics = by_id["tour-fit"]["outputs"][0]["data"]["application/vnd.gradbook.metrics.v1+json"]
    assert metrics["runs"] and {"loss", "val_loss"} <= {s["name"] for s in metrics["runs"][0]["series"]}, metrics
    # liveMetrics() finds the fit's EarlyStopping by itself: a stop is marked at the last epoch trained.
    trained = int(stdout("tour-fit").split("trained for ")[1].split(" ")[0])
    assert metrics["runs"][0].get("earlyStopEpoch") == (trained if trained < 20 else None), (trained, metrics["runs"][0].get("earlyStopEpoch"))
    assert "image/svg+xml" in data("tour-schedule", "display_data")
    # The surface holds one trajectory per optimizer, all from the same start.
    surface = data("tour-surface", "display_data")["application/vnd.gradbook.surface.v1+json"]
    assert [t["label"] for t in surface["trajectories"]] == ["SGD", "SGD + momentum", "Nesterov", "RMSprop", "Adam", "RMSprop + decay"]
    assert len({tuple(t["points"][0]) for t in surface["trajectories"]}) == 1
    decayed = surface["trajectories"][-1]["learningRates"]
    assert decayed[0] > decayed[-1] > 0
    # The sweep ran its 2 × 2 grid.
    sweep = data("tour-sweep", "display_data")["application/vnd.gradbook.sweep.v1+json"]
    assert len(sweep["runs"]) == 4 and all(run["status"] == "done" for run in sweep["runs"])
