// The Python peers (PyTorch, Keras 3 on TensorFlow CPU) of the benchmarks, run in the
// project's .venv: one place that installs them on request (`--peers`), picks the
// interpreter and reads back the one JSON line a peer script prints last.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { root, ensureVenv, venvPython, run } from "./ensure.mjs";

/**
 * Runs `scripts/<script>` with `args` in .venv (or $GRADBOOK_PEERS_PYTHON, a Python that
 * already has the peers) and returns the JSON object it printed last, one entry per peer;
 * with `install`, first pip-installs torch and tensorflow-cpu into .venv (large downloads).
 * A failure gives `{ error }` for each of `peers` instead of throwing.
 * @example const { Keras } = runPythonPeers("bench_fashion.py", [dataDir], { peers: ["Keras"] });
 */
export function runPythonPeers(script, args, { install = false, peers = ["PyTorch", "Keras"] } = {}) {
  const failed = (error) => Object.fromEntries(peers.map((name) => [name, { error }]));
  if (install) {
    ensureVenv();
    console.log("gradbook bench: installing torch and tensorflow-cpu into .venv (pip; large downloads)");
    run(venvPython, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "torch", "tensorflow-cpu"]);
  }
  const interpreter = process.env.GRADBOOK_PEERS_PYTHON ?? venvPython;
  if (!existsSync(venvPython) && !process.env.GRADBOOK_PEERS_PYTHON) return failed("no .venv");
  const result = spawnSync(interpreter, [join(root, "scripts", script), ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  try {
    return JSON.parse(result.stdout.trim().split("\n").at(-1));
  } catch {
    return failed(`${script} failed: ${(result.stderr || result.stdout || "").trim().split("\n").at(-1)}`);
  }
}
