/**
 * The I/O thread (a worker_thread): owns every ZeroMQ socket, so the heartbeat is
 * answered and output keeps flowing while the main thread is stuck in a synchronous
 * loop. It signs and verifies messages, answers kernel_info, interrupt and shutdown
 * itself, and forwards every other request to the main thread.
 *
 * Started by transport.ts with `workerData: WorkerConfig`; see that file for the
 * messages the two threads exchange.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as zmq from "zeromq";
import { endpoint, type ConnectionInfo } from "./connection.js";
import { decode, encode, newHeader, serialize, type Header, type Message } from "./wire.js";
import { kernelInfo } from "./kernel-info.js";
import type { FromWorker, ToWorker, WorkerConfig } from "./transport.js";
import { ANY_CELL, INTERRUPT_SLOTS } from "./interrupt-flag.js";
import { watchSigint } from "./signal-watch.js";
import { armExitDeadline } from "./exit-deadline.js";

const config = workerData as WorkerConfig;
const port = parentPort!;
const key = config.connection.key;
const flag = config.interruptFlag;

const shell = new zmq.Router();
const control = new zmq.Router();
const stdin = new zmq.Router();
const iopub = new zmq.Publisher();
const heartbeat = new zmq.Reply();
const sockets = { shell, control, stdin, iopub } as const;
type Channel = keyof typeof sockets;

/** zeromq.js allows one pending send per socket: chain them. */
const queues = new Map<zmq.Writable, Promise<unknown>>();
function send(socket: zmq.Writable, frames: Array<Uint8Array | string>): Promise<unknown> {
  const next = (queues.get(socket) ?? Promise.resolve()).then(() => socket.send(frames)).catch((error) => log(`send failed: ${error}`));
  queues.set(socket, next);
  return next;
}

function log(text: string): void {
  port.postMessage({ type: "log", text } satisfies FromWorker);
}

/** Whether the main thread is between a busy and an idle status (so we must not say idle). */
let mainBusy = false;

function reply(channel: Channel, request: Message, msgType: string, content: unknown): Promise<unknown> {
  const header = newHeader(msgType, config.session);
  return send(sockets[channel], encode(key, serialize(request.identities, header, request.header as Header, content)));
}

function status(state: "busy" | "idle" | "starting", parent?: Message): Promise<unknown> {
  const header = newHeader("status", config.session);
  return send(iopub, encode(key, serialize([Buffer.from("status")], header, parent?.header as Header | undefined, { execution_state: state })));
}

async function answerKernelInfo(channel: Channel, request: Message): Promise<void> {
  // A busy main thread keeps its own busy/idle pair; ours would make the kernel look idle.
  if (!mainBusy) status("busy", request);
  await reply(channel, request, "kernel_info_reply", info);
  if (!mainBusy) status("idle", request);
}

/** How long an interrupt may go unanswered before a real SIGINT is sent (see interrupt()). */
const SIGINT_FALLBACK_MS = 1000;

/**
 * An interrupt_request: raise the loop-check flag and tell the main thread, naming the
 * cell that is running now (0: none), so a late arrival cannot hit the next cell. A SIGINT
 * (breakOnSigint stops top-level synchronous code that has no loop, e.g. a long library
 * call) is only sent when the main thread has not acknowledged the interrupt in time:
 * sent at once, it often arrived after the flag had already stopped the cell and then
 * broke the NEXT cell's first statement.
 */
function interrupt(): void {
  const cell = Atomics.load(flag, INTERRUPT_SLOTS.cell);
  const acknowledged = Atomics.load(flag, INTERRUPT_SLOTS.acknowledged);
  Atomics.store(flag, INTERRUPT_SLOTS.pending, cell !== 0 ? cell : ANY_CELL);
  port.postMessage({ type: "interrupt", cell } satisfies FromWorker);
  setTimeout(() => {
    const unanswered = Atomics.load(flag, INTERRUPT_SLOTS.acknowledged) === acknowledged;
    if (unanswered && cell !== 0 && Atomics.load(flag, INTERRUPT_SLOTS.cell) === cell) process.kill(process.pid, "SIGINT");
  }, SIGINT_FALLBACK_MS).unref();
}

// A SIGINT (Jupyter's signal-mode interrupt) is handled like an interrupt_request: this
// thread sees it even while the main thread is stuck (signal-watch.ts). The main thread
// asks for `rearm` after each breakOnSigint run.
const sigint = watchSigint(() => interrupt());
port.postMessage({ type: "signals", watched: sigint !== undefined } satisfies FromWorker);

/** Shell requests forwarded so far. */
let received = 0;

let shuttingDown = false;

async function shutdown(request: Message): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  const restart = request.content.restart === true;
  await reply("control", request, "shutdown_reply", { status: "ok", restart });
  // Free a main thread stuck in a cell so it can exit cleanly; if it cannot, kill it.
  Atomics.store(flag, INTERRUPT_SLOTS.pending, ANY_CELL);
  armExitDeadline(flag, () => process.kill(process.pid, "SIGKILL"));
  await Promise.all([...queues.values()]);
  port.postMessage({ type: "shutdown", restart } satisfies FromWorker);
  process.kill(process.pid, "SIGINT");
}

function receive(channel: "shell" | "control" | "stdin", frames: Buffer[]): void {
  let message: Message;
  try {
    message = decode(frames, key);
  } catch (error) {
    log(`dropped a message on ${channel}: ${(error as Error).message}`);
    return;
  }
  const type = message.header.msg_type;
  if (type === "kernel_info_request") {
    answerKernelInfo(channel, message);
  } else if (channel === "control" && type === "interrupt_request") {
    interrupt();
    reply("control", message, "interrupt_reply", { status: "ok" });
  } else if (channel === "control" && type === "shutdown_request") {
    shutdown(message);
  } else {
    if (channel === "shell") received++;
    port.postMessage({ type: "request", channel, message, seq: received } satisfies FromWorker);
  }
}

async function serve(channel: "shell" | "control" | "stdin"): Promise<void> {
  try {
    for await (const frames of sockets[channel]) receive(channel, frames);
  } catch (error) {
    if (!sockets[channel].closed) log(`${channel} receive failed: ${error}`);
  }
}

async function echoHeartbeats(): Promise<void> {
  try {
    for await (const frames of heartbeat) await heartbeat.send(frames);
  } catch (error) {
    if (!heartbeat.closed) log(`heartbeat failed: ${error}`);
  }
}

port.on("message", (message: ToWorker) => {
  if (message.type === "send") {
    if (message.channel === "iopub" && message.status) mainBusy = message.status === "busy";
    // Counted before the message leaves: whatever arrives later was sent after it.
    if (message.fence !== undefined) port.postMessage({ type: "fence", id: message.fence, seq: received } satisfies FromWorker);
    send(sockets[message.channel], encode(key, message.message));
  } else if (message.type === "rearm") {
    sigint?.rearm();
  } else if (message.type === "close") {
    void closeAll();
  }
});

async function closeAll(): Promise<void> {
  await Promise.all([...queues.values()]);
  for (const socket of [shell, control, stdin, iopub, heartbeat]) {
    socket.linger = 200; // let queued messages leave, but never hang the exit
    socket.close();
  }
  port.postMessage({ type: "closed" } satisfies FromWorker);
}

const info = kernelInfo();
const c: ConnectionInfo = config.connection;
await Promise.all([
  shell.bind(endpoint(c, "shell_port")),
  control.bind(endpoint(c, "control_port")),
  stdin.bind(endpoint(c, "stdin_port")),
  iopub.bind(endpoint(c, "iopub_port")),
  heartbeat.bind(endpoint(c, "hb_port")),
]);
status("starting");
port.postMessage({ type: "bound" } satisfies FromWorker);
echoHeartbeats();
serve("shell");
serve("control");
serve("stdin");
