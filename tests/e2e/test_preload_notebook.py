"""Runs tests/e2e/preload.ipynb end to end with nbclient on the gradbook kernel and
checks what each cell left behind, as a notebook user (or nbgrader) would see it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).with_name("preload.ipynb")


class CountingClient(NotebookClient):
    """Counts the iopub messages each cell produced, by type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts: dict[str, dict[str, int]] = {}

    def process_message(self, msg: dict, cell: Any, cell_index: int) -> Any:
        per_cell = self.counts.setdefault(cell["id"], {})
        per_cell[msg["msg_type"]] = per_cell.get(msg["msg_type"], 0) + 1
        return super().process_message(msg, cell, cell_index)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], CountingClient]:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = CountingClient(
        notebook,
        kernel_name="gradbook",
        timeout=120,
        resources={"metadata": {"path": str(tmp_path_factory.mktemp("preload"))}},
    )
    client.execute()
    nbformat.validate(notebook)
    return {cell["id"]: cell for cell in notebook.cells}, client


def outputs(executed: tuple[dict[str, Any], CountingClient], cell_id: str) -> list[dict[str, Any]]:
    return executed[0][cell_id]["outputs"]


def test_no_cell_wrote_an_error_or_stderr(executed: tuple[dict[str, Any], CountingClient]) -> None:
    # nbgrader scores any stderr output as a failure, so a clean run must have none.
    for cell_id, cell in executed[0].items():
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", (cell_id, output)
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), (cell_id, output)


def test_the_api_is_preloaded(executed: tuple[dict[str, Any], CountingClient]) -> None:
    [result] = outputs(executed, "preload-01")
    assert result["output_type"] == "execute_result"
    assert result["data"]["text/plain"] == "[ 'function', 'function', 'function', 'function', 'function' ]"


def test_markdown(executed: tuple[dict[str, Any], CountingClient]) -> None:
    [shown] = outputs(executed, "preload-02")
    assert shown["output_type"] == "display_data"
    assert shown["data"]["text/markdown"] == "## Hello from *gradbook*"
    assert "text/plain" in shown["data"]


def test_progress_redraws_in_place_during_a_synchronous_loop(executed: tuple[dict[str, Any], CountingClient]) -> None:
    # One output whose final state is complete: every redraw replaced it in place.
    [bar] = outputs(executed, "preload-03")
    assert bar["output_type"] == "display_data"
    assert "100% |" in bar["data"]["text/plain"] and "50/50" in bar["data"]["text/plain"]
    assert "gradbook-progress" in bar["data"]["text/html"]
    state = bar["data"]["application/vnd.gradbook.progress.v1+json"]
    assert (state["value"], state["total"], state["done"]) == (50, 50, True)
    # About a second of work at 4 redraws a second: a few updates, not one per step.
    updates = executed[1].counts["preload-03"].get("update_display_data", 0)
    assert 2 <= updates <= 8, executed[1].counts["preload-03"]


def test_progress_over_items(executed: tuple[dict[str, Any], CountingClient]) -> None:
    cell = outputs(executed, "preload-04")
    bars = [o for o in cell if o["output_type"] == "display_data"]
    assert len(bars) == 1 and "3/3" in bars[0]["data"]["text/plain"]
    text = "".join(o["text"] for o in cell if o["output_type"] == "stream")
    assert text == "item a\nitem b\nitem c\n"


def test_value_with_its_own_bundle(executed: tuple[dict[str, Any], CountingClient]) -> None:
    [shown] = outputs(executed, "preload-05")
    assert shown["data"] == {"text/html": "<b>21.5 °C</b>", "text/plain": "21.5 °C"}


def test_update_by_display_id(executed: tuple[dict[str, Any], CountingClient]) -> None:
    [shown] = outputs(executed, "preload-06")
    assert shown["data"]["text/plain"] == "status: finished"
    assert executed[1].counts["preload-06"].get("update_display_data") == 1


def test_html_is_escaped(executed: tuple[dict[str, Any], CountingClient]) -> None:
    [shown] = outputs(executed, "preload-07")
    assert shown["data"]["text/html"] == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_clear_output_waits_for_the_next_output(executed: tuple[dict[str, Any], CountingClient]) -> None:
    cell = outputs(executed, "preload-08")
    assert [(o["output_type"], o.get("text")) for o in cell] == [("stream", "kept\n")]


def test_execute_result(executed: tuple[dict[str, Any], CountingClient]) -> None:
    [result] = outputs(executed, "preload-09")
    assert result["output_type"] == "execute_result"
    assert result["data"]["text/plain"] == "2"
    assert result["execution_count"] == executed[0]["preload-09"]["execution_count"]
