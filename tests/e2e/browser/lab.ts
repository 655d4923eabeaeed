/**
 * The harness of the browser tests: one JupyterLab from the project environment (.venv/,
 * the gradbook kernelspec and extension installed, a free port, a random token, fresh
 * Jupyter config/data/runtime folders) and one headless Chromium page driving it, plus the
 * helpers to open a notebook, run its cells and wait. Artifacts (screenshots, the HTML
 * export, bench-browser.json) go to test-results/browser/.
 * @example
 * const lab = await startLab({ "views.ipynb": [setupCell, sweepCell] });
 * await lab.open("views.ipynb");
 * await lab.runAndWait(1);
 * await lab.close();
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { randomBytes } from "node:crypto";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

const root = join(import.meta.dirname, "..", "..", "..");
const chromiumPath = process.env.GRADBOOK_CHROMIUM ?? "/usr/bin/chromium";

/** Where screenshots, the HTML export and bench-browser.json go. */
export const artifacts = join(root, "test-results", "browser");

/** Why the browser tests are skipped (only when Chromium is absent), or false. */
export const skip = existsSync(chromiumPath) ? false : `Chromium not found at ${chromiumPath} (apt-get install chromium; .ci/run installs it)`;

interface Ensure {
  venv: string;
  venvBin: string;
  ensureBuild(): void;
  ensureVenv(): string;
  ensureExtension(prefix: string): "installed" | "current" | false;
  installKernelspec(prefix: string): Promise<unknown>;
  jupyterEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `probe` until it returns something other than undefined or false, and returns that;
 * throws naming `what` (and the probe's last error) after `timeoutMs`.
 * @example await until("the chart", async () => (await view.locator(".main-svg").count()) > 0)
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

/** An nbformat 4 notebook of code cells for the gradbook kernel. */
export const notebook = (cells: readonly string[]) => ({
  cells: cells.map((source) => ({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source })),
  metadata: { kernelspec: { name: "gradbook", display_name: "TypeScript (gradbook)", language: "typescript" }, language_info: { name: "typescript" } },
  nbformat: 4,
  nbformat_minor: 5,
});

/**
 * Merges measurements into test-results/browser/bench-browser.json (what `npm run bench`
 * prints): each speed target is recorded next to its number, never asserted.
 * @example recordBenchmark({ graphLayoutMs: 812, graphLayoutTargetMs: 1000 })
 */
export function recordBenchmark(values: Record<string, number | string | undefined>): void {
  const file = join(artifacts, "bench-browser.json");
  let old: Record<string, unknown> = {};
  try {
    old = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // no earlier run, or a file cut short: start afresh
  }
  writeFileSync(file, JSON.stringify({ ...old, ...values, measuredAt: new Date().toISOString() }, null, 1));
}

/** A running JupyterLab with one Chromium page on it. */
export interface Lab {
  page: Page;
  /** The folder JupyterLab serves (its notebooks are in `notebooks/`). */
  work: string;
  /** The environment JupyterLab runs in (for nbconvert and friends). */
  env: NodeJS.ProcessEnv;
  venvBin: string;
  /** Opens a notebook and waits for its outputs to load and (unless `kernel: false`) its kernel to be idle. */
  open(name: string, options?: { kernel?: boolean }): Promise<void>;
  /** Starts running cell `index` of the notebook on screen (does not wait for it). */
  runCell(index: number): Promise<void>;
  /** Runs cell `index` and waits until it has finished. */
  runAndWait(index: number, timeoutMs?: number): Promise<void>;
  cellIsRunning(index: number): Promise<boolean>;
  /** Cell `index` of the notebook on screen. */
  cell(index: number): Locator;
  /** Runs a JupyterLab command (such as "docmanager:save"). */
  command(id: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts JupyterLab on a free port serving `notebooks` (file name → code cells) and a
 * headless Chromium page; `close()` stops both and removes the working folder.
 */
export async function startLab(notebooks: Record<string, readonly string[]>): Promise<Lab> {
  const ensure = (await import(pathToFileURL(join(root, "scripts", "ensure.mjs")).href)) as Ensure;
  try {
    ensure.ensureBuild();
  } catch {
    // A type error elsewhere in kernel/ still leaves emitted JavaScript; test.mjs reports it.
  }
  ensure.ensureVenv();
  ensure.ensureExtension(ensure.venv);
  await ensure.installKernelspec(ensure.venv);
  mkdirSync(artifacts, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "gradbook-browser-"));
  // Fresh Jupyter config/data/runtime: no saved workspace, and a trust database of its own.
  const env = ensure.jupyterEnv({ JUPYTER_CONFIG_DIR: join(work, "config"), JUPYTER_DATA_DIR: join(work, "data"), JUPYTER_RUNTIME_DIR: join(work, "runtime") });
  // No "get notified about Jupyter news?" toast over the views in the screenshots.
  const notification = join(work, "config", "lab", "user-settings", "@jupyterlab", "apputils-extension");
  mkdirSync(notification, { recursive: true });
  writeFileSync(join(notification, "notification.jupyterlab-settings"), JSON.stringify({ fetchNews: "false", checkForUpdates: false }));
  const folder = join(work, "notebooks");
  mkdirSync(folder);
  for (const [name, cells] of Object.entries(notebooks)) writeFileSync(join(folder, name), JSON.stringify(notebook(cells), null, 1));
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const base = `http://127.0.0.1:${port}`;
  const args = ["lab", "--no-browser", `--port=${port}`, "--ip=127.0.0.1", `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${folder}`,
    "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"];
  if (process.getuid?.() === 0) args.push("--allow-root");
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (server && server.exitCode === null) await new Promise((resolve) => server!.once("exit", resolve));
    rmSync(work, { recursive: true, force: true });
  };
  let page: Page;
  // Chromium starts while JupyterLab does.
  const launched = chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  }).then((started) => (browser = started));
  try {
    let log = "";
    server = spawn(join(ensure.venvBin, "jupyter"), args, { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (chunk) => (log += chunk));
    server.stderr!.on("data", (chunk) => (log += chunk));
    await until("JupyterLab to answer", async () => (await fetch(`${base}/api/status?token=${token}`)).ok, 60_000, 250).catch((error: Error) => {
      throw new Error(`${error.message}\n${log.slice(-3000)}`);
    });
    page = await (await launched).newPage({ viewport: { width: 1280, height: 1000 } });
    page.on("pageerror", (error) => console.log(`browser page error: ${error.message}`));
  } catch (error) {
    await launched.catch(() => undefined);
    await close();
    throw error;
  }

  const cellIsRunning = (index: number) =>
    page.evaluate((index) => {
      const app = (window as unknown as { jupyterapp: any }).jupyterapp;
      const cell = app.shell.currentWidget.content.widgets[index];
      return cell.model.executionState === "running" || Boolean(cell.promptNode?.textContent?.includes("*"));
    }, index);
  const hasRun = (index: number) =>
    page.evaluate((index) => (window as unknown as { jupyterapp: any }).jupyterapp.shell.currentWidget.content.widgets[index].model.executionCount !== null, index);
  const runCell = async (index: number) => {
    await page.evaluate((index) => {
      const app = (window as unknown as { jupyterapp: any }).jupyterapp;
      app.shell.currentWidget.content.activeCellIndex = index;
      void app.commands.execute("notebook:run-cell");
    }, index);
  };
  return {
    page,
    work,
    env,
    venvBin: ensure.venvBin,
    async open(name, { kernel = true } = {}) {
      await page.goto(`${base}/lab/tree/${name}?token=${token}`);
      await until(`${name} open${kernel ? " with an idle kernel" : ""}`, () =>
        page.evaluate(([name, kernel]) => {
          const widget = (window as unknown as { jupyterapp?: any }).jupyterapp?.shell?.currentWidget;
          return widget?.context?.path === name && widget.context.isReady && (!kernel || widget.sessionContext?.session?.kernel?.status === "idle");
        }, [name, kernel] as const), 60_000, 200);
    },
    runCell,
    async runAndWait(index, timeoutMs = 60_000) {
      await runCell(index);
      await until(`cell ${index} to start`, async () => (await cellIsRunning(index)) || (await hasRun(index)), 10_000, 50);
      await until(`cell ${index} to finish`, async () => !(await cellIsRunning(index)), timeoutMs, 100);
    },
    cellIsRunning,
    // Only the notebook on screen: an earlier one may still be open in a hidden tab.
    cell: (index) => page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(index),
    command: (id) => page.evaluate((id) => (window as unknown as { jupyterapp: any }).jupyterapp.commands.execute(id), id),
    close,
  };
}

/**
 * Watches the status line of a live view while cell `index` runs: the distinct statuses
 * seen, and how many of them arrived before the cell finished (updates drawn live).
 */
export async function watchLiveStatus(lab: Lab, index: number, view: Locator, statusSelector: string, timeoutMs: number): Promise<{ seen: string[]; whileRunning: number }> {
  const seen = new Set<string>();
  let whileRunning = 0;
  await until(`cell ${index} to finish`, async () => {
    const running = await lab.cellIsRunning(index);
    if (await view.count()) {
      const status = (await view.locator(statusSelector).textContent()) ?? "";
      if (running && !seen.has(status)) whileRunning += 1;
      seen.add(status);
    }
    return !running && seen.size > 0;
  }, timeoutMs, 100);
  return { seen: [...seen], whileRunning };
}
