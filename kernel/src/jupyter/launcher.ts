#!/usr/bin/env node
/**
 * The kernel process: `node kernel/dist/jupyter/launcher.js <connection_file.json>`
 * (the kernelspec's argv).
 *
 * Start-up order matters for start time: the I/O thread is started first, so sockets
 * are bound and kernel_info is answered while this thread spends a second loading
 * TypeScript; requests that need this thread wait in the queue until the prelude ran.
 * Set GRADBOOK_LIBRARY to preload another module instead of kernel/dist/index.js
 * (the tests do), GRADBOOK_DEBUG to see the kernel's own diagnostics, GRADBOOK_BACKEND to
 * start cells on another backend (see useBackendSetting).
 */
import { randomUUID } from "node:crypto";
import vm from "node:vm";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, sep } from "node:path";
import { readConnectionFile } from "./connection.js";
import { startTransport } from "./transport.js";
import { Outbox } from "./outbox.js";
import { captureStdio } from "./capture.js";
import { Interrupts, InterruptedError } from "./interrupt.js";
import { createInterruptFlag } from "./interrupt-flag.js";
import { CellRegistry } from "./cells.js";
import { StdinBroker } from "./stdin.js";
import { CommManager } from "./comm.js";
import { bindComms } from "./cell-api.js";
import { setOutputSink } from "./display/sink.js";
import { setLocationFormatter } from "../tensor/errors.js";
import { getLocale } from "../locale/locale.js";
import { interruptTraining } from "../train/interrupt.js";
import { setInterruptCheck } from "../tensor/interrupt-check.js";
import { createKernelSink } from "./kernel-sink.js";
import { History } from "./history.js";
import { Kernel } from "./kernel.js";
import { installGuards } from "./guards.js";
import { errorContent, hideLibraryFrames } from "./errors.js";
import { internalNamesIn } from "./internal-names.js";
import { loadTslab, executorPrefix } from "./tslab.js";
import { makeInterruptible, withSourceUrl } from "./rewrite.js";
import { runPrelude, type PreludeModule } from "./prelude.js";
import { ProtectedNameError } from "./protect.js";
import type { KernelContext } from "./context.js";
import { debug } from "./log.js";

const connectionFile = process.argv[2];
if (!connectionFile) {
  process.stderr.write("usage: node launcher.js <connection_file.json>\n");
  process.exit(2);
}
const started = performance.now();
const connection = readConnectionFile(connectionFile);
const session = randomUUID();
const interruptFlag = createInterruptFlag();
const transport = startTransport(connection, session, interruptFlag);

const outbox = new Outbox((msgType, content, parent, metadata) => transport.send("iopub", msgType, content, parent, undefined, metadata));
const capture = captureStdio(outbox);
const cells = new CellRegistry();
cells.installStackTraces();
const interrupts = new Interrupts(interruptFlag);
interrupts.install();
// Long library work (matmul, conv, chains of ops) stops within one block of rows.
setInterruptCheck(interrupts.check);
transport.onInterrupt((cell) => interrupts.requested(cell));
transport.onSignalsWatched(() => interrupts.signalsWatchedElsewhere(vm, () => transport.rearmSignals()));
const reportBackground = (error: unknown, where: string) => {
  outbox.stream("stderr", errorContent(error, cells, where).traceback.join("\n") + "\n");
  outbox.flush();
};
const stdin = new StdinBroker(transport, outbox);
const comms = new CommManager(outbox, (error, where) => reportBackground(error, `Error in ${where}:`));
bindComms(comms);
setOutputSink(createKernelSink(outbox, stdin));
// Library errors name the student's line as "cell 4, line 2" (frames are named cell[N] by CellRegistry).
setLocationFormatter((file, line) => {
  const cell = /^cell\[~?(\d+)\]$/.exec(file);
  return cell ? `cell ${cell[1]}, line ${line}` : `${file}:${line}`;
});

let context: KernelContext | undefined;
let internal: Set<string> | undefined;
let stopping = false;
const shutdown = async (restart: boolean) => {
  if (stopping) return;
  stopping = true;
  debug(`shutdown (restart: ${restart})`);
  // Start-up work left for idle time (seconds of type checking on a busy machine) must not hold up the exit.
  kernel.cancelIdleWork();
  outbox.flush();
  // Let the idle status and the last output leave before the sockets close.
  await new Promise((resolve) => setTimeout(resolve, 20));
  await transport.close();
  exit(0);
};
const kernel = new Kernel(() => context!, shutdown);
transport.onRequest(kernel.accept);
transport.onShutdown(shutdown);
const exit = installGuards(reportBackground, () => context?.runningCell, (error, where) => {
  const failures = context?.cellFailures;
  failures?.push({ error, where });
  return failures !== undefined;
});
interrupts.onInterrupt(() => stdin.cancel(new InterruptedError()));
// A fit running in the background of an interrupted cell stops after its current batch.
interrupts.onInterrupt(() => void interruptTraining());

const tslab = loadTslab();
debug(`TypeScript loaded at ${Math.round(performance.now() - started)} ms`);
const engine = tslab.createEngine(process.cwd(), {
  transformOutput(js, hasTopLevelAwait) {
    const out = withSourceUrl(makeInterruptible(tslab.ts, js), cells.currentName ?? "cell[?]");
    cells.compiled(out, executorPrefix(hasTopLevelAwait).length);
    return out;
  },
  converting(active) {
    capture.internal = active;
  },
  locale: getLocale,
});
interrupts.onInterrupt(() => engine.interrupt());
debug(`converter ready at ${Math.round(performance.now() - started)} ms`);
context = {
  transport,
  outbox,
  tslab,
  engine,
  cells,
  interrupts,
  history: new History(),
  comms,
  stdin,
  internalNames: () => (internal ??= internalNamesIn([...libraryRoots, fileURLToPath(new URL(".", import.meta.url))])),
  executionCount: 0,
  runningCell: undefined,
};

const libraryPath = process.env.GRADBOOK_LIBRARY || fileURLToPath(new URL("../index.js", import.meta.url));
const libraryRoots = [dirname(libraryPath) + sep];
const modules: PreludeModule[] = [
  ...(existsSync(libraryPath) ? [{ path: libraryPath, aliases: ["gradbook"] }] : []),
  { path: fileURLToPath(new URL("./cell-api.js", import.meta.url)) },
];
hideLibraryFrames(libraryRoots);
if (!existsSync(libraryPath)) debug(`prelude: ${libraryPath} does not exist; cells start without the library`);
await runPrelude(engine, modules);
// The checking API (the library's own module instance, loaded by the prelude) cannot be
// redefined by cells; a test's stand-in library (GRADBOOK_LIBRARY) has no checking API.
if (!process.env.GRADBOOK_LIBRARY && existsSync(libraryPath)) {
  const checkApi = (await import("../check/index.js")) as object;
  engine.protect(Object.keys(checkApi), (name) => new ProtectedNameError(name));
  // GRADBOOK_BACKEND (auto, webgpu, cpu, cpu-js; unset: the CPU) picks the backend cells start
  // on; its one-line notice waits in the outbox for the first cell.
  const { useBackendSetting } = await import("../backends.js");
  await useBackendSetting(process.env.GRADBOOK_BACKEND).catch((error: unknown) => reportBackground(error, "GRADBOOK_BACKEND:"));
}
kernel.start();
kernel.whenIdle(() => engine.warmUp());
kernel.whenIdle(() => tslab.saveCodeCache());
debug(`ready after ${Math.round(performance.now() - started)} ms (process CPU ${Math.round(process.cpuUsage().user / 1000)} ms)`);
