"""ONNX export checked by onnxruntime: gradbook exports an MLP, a small CNN and a chain of
ops (tests/helpers/export-onnx.ts, in a `node` process) with its own outputs, and
onnxruntime must compute the same outputs within float32 tolerance."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
MODELS = ["mlp", "cnn", "ops"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("onnx")
    node = os.environ.get("GRADBOOK_NODE") or shutil.which("node")
    result = subprocess.run(
        [node, "--import", "tsx", "tests/helpers/export-onnx.ts", str(out), *MODELS],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("name", MODELS)
def test_onnxruntime_matches_gradbook(exported: Path, name: str) -> None:
    data = json.loads((exported / f"{name}.json").read_text())
    session = ort.InferenceSession(str(exported / f"{name}.onnx"), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == list(data["inputs"])
    feeds = {k: np.array(v["values"], dtype=np.float32).reshape(v["shape"]) for k, v in data["inputs"].items()}
    outputs = session.run(None, feeds)
    assert len(outputs) == len(data["outputs"])
    for i, (got, want) in enumerate(zip(outputs, data["outputs"])):
        expected = np.array(want["values"], dtype=np.float64).reshape(want["shape"])
        assert got.shape == expected.shape, f"{name} output {i}"
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6, err_msg=f"{name} output {i}")
