import { test } from "node:test";
import assert from "node:assert/strict";
// @ts-expect-error: a plain ES module script without type declarations
import { jupyterLogFilter } from "../../scripts/jupyter-log.mjs";

/** A JupyterLab start-up as it reaches stderr (abridged from a real run), in uneven chunks. */
const log = [
  "[I 2026-12-04 17:02:08.101 ServerApp] jupyter_lsp | extension was successfully linked.\n",
  "[I 2026-12-04 17:02:08.300 ServerApp] Skipped non-installed server(s): bash-language-server, dockerfile-language-server-nodejs, javascript-typescript-langserver, jedi-language-server\n",
  "[W 2026-12-04 17:02:08.310 LabApp] Could not determine jupyterlab build status without nodejs\n",
  "[I 2026-12-04 17:02:08.400 ServerApp] Jupyter Server 2.17.0 is running at:\n",
  "[I 2026-12-04 17:02:08.401 ServerApp] http://localhost:8888/lab?token=abc123\n",
  "[C 2026-12-04 17:02:08.402 ServerApp] \n",
  "    \n    To access the server, open this file in a browser:\n        file:///x/jpserver-1-open.html\n    Or copy and paste one of these URLs:\n",
  "        http://localhost:8888/lab?token=abc123\n",
  "[E 2026-12-04 17:02:09.000 ServerApp] Uncaught exception GET /api/x\n",
  "    Traceback (most recent call last):\n      File \"x.py\", line 1\n    ValueError: boom\n",
  "[I 2026-12-04 17:02:09.100 ServerApp] Kernel started: 1234\n",
];

test("only errors (with their tracebacks) pass; the URL is announced once; info, warnings and the access banner stay hidden", async () => {
  const shown: string[] = [];
  const urls: string[] = [];
  const feed = jupyterLogFilter((text: string) => shown.push(text), (url: string) => urls.push(url));
  const text = log.join("");
  for (let i = 0; i < text.length; i += 37) feed(text.slice(i, i + 37));
  await new Promise((resolve) => setTimeout(resolve, 300)); // the quiet period ends the last record
  assert.deepEqual(urls, ["http://localhost:8888/lab?token=abc123"]);
  const all = shown.join("");
  assert.match(all, /Uncaught exception GET \/api\/x\n    Traceback \(most recent call last\):\n.*ValueError: boom/s);
  for (const hidden of ["Skipped non-installed server", "Could not determine", "To access the server", "Kernel started", "successfully linked"]) {
    assert.ok(!all.includes(hidden), `"${hidden}" is hidden`);
  }
});

test("a traceback before any record (JupyterLab failing to start) is shown", async () => {
  const shown: string[] = [];
  const feed = jupyterLogFilter((text: string) => shown.push(text), () => undefined);
  feed("Traceback (most recent call last):\n  File \"jupyter\", line 5\nModuleNotFoundError: No module named 'jupyterlab'\n");
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.match(shown.join(""), /ModuleNotFoundError: No module named 'jupyterlab'/);
});
