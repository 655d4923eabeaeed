"""The installed kernelspec as Jupyter itself sees it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager


def test_jupyter_kernelspec_list_shows_gradbook(kernelspec_dir: Path) -> None:
    jupyter = Path(sys.executable).parent / "jupyter"
    listing = subprocess.run(
        [str(jupyter), "kernelspec", "list", "--json"], capture_output=True, text=True, check=True
    )
    specs = json.loads(listing.stdout)["kernelspecs"]
    assert "gradbook" in specs
    assert Path(specs["gradbook"]["resource_dir"]).resolve() == kernelspec_dir.resolve()


def test_kernelspec_starts_node_directly(kernelspec_dir: Path) -> None:
    spec = KernelSpecManager().get_kernel_spec("gradbook")
    assert spec.display_name == "TypeScript (gradbook)"
    assert spec.language == "typescript"
    assert spec.interrupt_mode == "message"
    node, launcher, connection = spec.argv
    assert os.path.isabs(node) and os.access(node, os.X_OK)
    assert os.path.isabs(launcher) and launcher.endswith(os.path.join("dist", "jupyter", "launcher.js"))
    assert Path(launcher).exists()
    assert connection == "{connection_file}"
    assert (kernelspec_dir / "logo-svg.svg").read_text().startswith("<svg ")
