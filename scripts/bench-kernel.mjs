// `npm run bench:kernel [-- --runs 100 --starts 3 --only gradbook|tslab --check]`:
// the time from starting a kernel process to its first kernel_info_reply (and to the
// execute_reply of a first cell, sent right after: when it can really run code), and the
// median round trip of a trivial cell (`1+1`: execute_request until both execute_reply
// and the idle status have arrived), for gradbook and for tslab 1.0.22 in the same run,
// over ZeroMQ on loopback exactly as Jupyter talks to them. --check exits 1 when
// gradbook misses a target. Results also go to build/bench-kernel.json.
import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Dealer, Subscriber } from "zeromq";
import { root, ensureNodeModules, ensureBuild } from "./ensure.mjs";

const { values: options } = parseArgs({
  options: {
    runs: { type: "string", default: "100" },
    starts: { type: "string", default: "3" },
    only: { type: "string" },
    check: { type: "boolean", default: false },
  },
});
const runs = Number(options.runs);
const starts = Number(options.starts);
// The targets: a first cell answered within 1.5 s of the start, `1+1` within 15 ms (median and 90th percentile).
const targets = { firstCellSeconds: 1.5, roundTripMs: 15 };

const kernels = {
  gradbook: (connection) => [process.execPath, join(root, "kernel", "dist", "jupyter", "launcher.js"), connection],
  tslab: (connection) => [process.execPath, join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", connection],
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A minimal Jupyter client: signed messages on shell, control and iopub. */
class Client {
  constructor(connection) {
    this.connection = connection;
    this.session = randomUUID();
    this.url = (port) => `tcp://${connection.ip}:${port}`;
    this.shell = new Dealer({ routingId: `bench-${this.session}`, linger: 0 });
    this.control = new Dealer({ linger: 0 });
    this.iopub = new Subscriber({ linger: 0 });
    this.iopub.subscribe();
    this.shell.connect(this.url(connection.shell_port));
    this.control.connect(this.url(connection.control_port));
    this.iopub.connect(this.url(connection.iopub_port));
    this.waiters = [];
    this.closed = false;
    this.listen(this.shell, "shell");
    this.listen(this.iopub, "iopub");
    this.listen(this.control, "control");
  }

  sign(parts) {
    const hmac = createHmac("sha256", this.connection.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest("hex");
  }

  async send(socket, type, content) {
    const header = { msg_id: randomUUID(), session: this.session, username: "bench", date: new Date().toISOString(), msg_type: type, version: "5.3" };
    const parts = [header, {}, {}, content].map((part) => JSON.stringify(part));
    await socket.send(["<IDS|MSG>", this.sign(parts), ...parts]);
    return header.msg_id;
  }

  async listen(socket, channel) {
    try {
      for await (const frames of socket) {
        const delimiter = frames.findIndex((frame) => frame.toString() === "<IDS|MSG>");
        const [header, parent, , content] = frames.slice(delimiter + 2, delimiter + 6).map((frame) => JSON.parse(frame.toString()));
        const message = { channel, header, parent, content, at: performance.now() };
        this.waiters = this.waiters.filter((waiter) => !waiter.match(message) || (waiter.resolve(message), false));
      }
    } catch (error) {
      if (!this.closed) throw error;
    }
  }

  next(match, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no reply within 30 s")), timeoutMs);
      this.waiters.push({ match, resolve: (message) => (clearTimeout(timer), resolve(message)) });
    });
  }

  close() {
    this.closed = true;
    for (const socket of [this.shell, this.control, this.iopub]) socket.close();
  }
}

async function startKernel(name, folder) {
  const ports = await Promise.all(Array.from({ length: 5 }, freePort));
  const connection = {
    transport: "tcp", ip: "127.0.0.1", signature_scheme: "hmac-sha256", key: randomUUID(), kernel_name: name,
    shell_port: ports[0], iopub_port: ports[1], stdin_port: ports[2], control_port: ports[3], hb_port: ports[4],
  };
  const file = join(folder, `${name}-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(connection));
  const [command, ...args] = kernels[name](file);
  const began = performance.now();
  const child = spawn(command, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const client = new Client(connection);
  const id = await client.send(client.shell, "kernel_info_request", {});
  const reply = await Promise.race([
    client.next((m) => m.channel === "shell" && m.parent.msg_id === id),
    exited.then(({ code, signal }) => {
      throw new Error(`${name} exited before replying (code ${code}, signal ${signal}): ${stderr.trim().slice(-2000)}`);
    }),
  ]);
  // kernel_info may be answered before the kernel can run code (gradbook answers it from
  // its I/O thread while TypeScript loads), so also time the first cell's execute_reply.
  const cell = await client.send(client.shell, "execute_request", { code: "1+1", silent: false, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true });
  const first = await Promise.race([
    client.next((m) => m.channel === "shell" && m.parent.msg_id === cell),
    exited.then(({ code, signal }) => {
      throw new Error(`${name} exited before running a cell (code ${code}, signal ${signal}): ${stderr.trim().slice(-2000)}`);
    }),
  ]);
  return { child, client, exited, startSeconds: (reply.at - began) / 1000, readySeconds: (first.at - began) / 1000 };
}

async function stopKernel({ child, client, exited }) {
  await client.send(client.control, "shutdown_request", { restart: false }).catch(() => {});
  const timeout = new Promise((resolve) => setTimeout(resolve, 3000, "timeout"));
  if ((await Promise.race([exited, timeout])) === "timeout") child.kill("SIGKILL");
  client.close();
}

/** Waits until iopub is subscribed (the slow-joiner problem): nudge until a status arrives. */
async function waitForIopub(client) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = await client.send(client.shell, "kernel_info_request", {});
    const status = client.next((m) => m.channel === "iopub" && m.parent.msg_id === id && m.header.msg_type === "status", 200);
    try {
      await status;
      await client.next((m) => m.channel === "iopub" && m.parent.msg_id === id && m.content.execution_state === "idle", 5000);
      return;
    } catch {
      // not subscribed yet; try again
    }
  }
  throw new Error("iopub never delivered a status message");
}

async function roundTrip(client, code) {
  const began = performance.now();
  const id = await client.send(client.shell, "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
  const [reply, idle] = await Promise.all([
    client.next((m) => m.channel === "shell" && m.parent.msg_id === id),
    client.next((m) => m.channel === "iopub" && m.parent.msg_id === id && m.content.execution_state === "idle"),
  ]);
  if (reply.content.status !== "ok") throw new Error(`${code} failed: ${JSON.stringify(reply.content)}`);
  return Math.max(reply.at, idle.at) - began;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function measure(name, folder) {
  const startTimes = [];
  const readyTimes = [];
  let kernel;
  for (let i = 0; i < starts; i++) {
    if (kernel) await stopKernel(kernel);
    kernel = await startKernel(name, folder);
    startTimes.push(kernel.startSeconds);
    readyTimes.push(kernel.readySeconds);
  }
  try {
    await waitForIopub(kernel.client);
    for (let i = 0; i < 5; i++) await roundTrip(kernel.client, "1+1"); // warm-up
    const trips = [];
    for (let i = 0; i < runs; i++) trips.push(await roundTrip(kernel.client, "1+1"));
    const sorted = [...trips].sort((a, b) => a - b);
    return { startSeconds: median(startTimes), startRuns: startTimes, readySeconds: median(readyTimes), readyRuns: readyTimes, roundTripMs: median(trips), roundTripP90Ms: sorted[Math.floor(sorted.length * 0.9)] };
  } finally {
    await stopKernel(kernel);
  }
}

ensureNodeModules();
try {
  ensureBuild();
} catch {
  console.warn("gradbook: the build reported type errors; benchmarking the JavaScript it emitted");
}
const names = options.only ? [options.only] : ["gradbook", "tslab"];
const folder = mkdtempSync(join(tmpdir(), "gradbook-bench-"));
const results = {};
try {
  for (const name of names) {
    if (!kernels[name]) throw new Error(`--only: unknown kernel ${name} (gradbook or tslab)`);
    process.stdout.write(`measuring ${name} (${starts} starts, ${runs} round trips)... `);
    results[name] = await measure(name, folder);
    console.log("done");
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const ours = results.gradbook;
const theirs = results.tslab;
const row = (label, key, unit, scale, target) => {
  const format = (result) => (result ? `${(result[key] * scale).toFixed(unit === "s" ? 2 : 1)} ${unit}` : "—");
  const ratio = ours && theirs ? `${(ours[key] / theirs[key]).toFixed(2)}×` : "—";
  const verdict = ours && target !== undefined ? (ours[key] * scale <= target ? "yes" : "NO") : "—";
  return [label, format(ours), format(theirs), ratio, target === undefined ? "—" : `≤ ${target} ${unit}`, verdict];
};
const table = [
  ["", "gradbook", "tslab", "gradbook/tslab", "target", "met"],
  row(`start → first kernel_info_reply (median of ${starts})`, "startSeconds", "s", 1, undefined),
  row(`start → first cell's execute_reply (median of ${starts})`, "readySeconds", "s", 1, targets.firstCellSeconds),
  row(`\`1+1\` round trip (median of ${runs})`, "roundTripMs", "ms", 1, targets.roundTripMs),
  row(`\`1+1\` round trip (90th percentile)`, "roundTripP90Ms", "ms", 1, targets.roundTripMs),
];
const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
console.log(`\nKernel benchmark: Node ${process.version}, ${availableParallelism()} CPUs\n`);
for (const line of table) console.log(line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("   "));
mkdirSync(join(root, "build"), { recursive: true });
writeFileSync(join(root, "build", "bench-kernel.json"), `${JSON.stringify({ node: process.version, runs, starts, targets, results }, null, 2)}\n`);
const missed = ours && (ours.readySeconds > targets.firstCellSeconds || ours.roundTripMs > targets.roundTripMs || ours.roundTripP90Ms > targets.roundTripMs);
process.exit(options.check && missed ? 1 : 0);
