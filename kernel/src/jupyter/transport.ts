/**
 * The main thread's end of the I/O thread (transport-worker.ts). `postMessage` to a
 * worker is delivered even while this thread is busy, so output sent from inside a
 * long synchronous loop still reaches the notebook.
 *
 * Example:
 *   const transport = startTransport(connection, session, flag);
 *   transport.onRequest((channel, message) => ...);
 *   transport.send("iopub", "stream", { name: "stdout", text: "hi\n" }, parentHeader);
 */
import { Worker } from "node:worker_threads";
import type { ConnectionInfo } from "./connection.js";
import { newHeader, serialize, type Header, type Message, type SerializedMessage } from "./wire.js";
import { debug } from "./log.js";

export type Channel = "shell" | "control" | "stdin" | "iopub";

export interface WorkerConfig {
  connection: ConnectionInfo;
  session: string;
  /** Shared interrupt state, see interrupt-flag.ts. */
  interruptFlag: Int32Array;
}

/** What the main thread posts to the I/O thread. */
export type ToWorker =
  /** `fence`: answer with how many shell requests had arrived when this message left (see Transport.send). */
  | { type: "send"; channel: Channel; message: SerializedMessage; status?: string; fence?: number }
  /** Restart the SIGINT watcher (after a breakOnSigint run; see signal-watch.ts). */
  | { type: "rearm" }
  /** Flush, close every socket, answer "closed". */
  | { type: "close" };

/** What the I/O thread posts to the main thread. */
export type FromWorker =
  | { type: "request"; channel: "shell" | "control" | "stdin"; message: Message; seq: number }
  | { type: "fence"; id: number; seq: number }
  | { type: "bound" }
  | { type: "shutdown"; restart: boolean }
  | { type: "closed" }
  | { type: "log"; text: string }
  /** An interrupt_request or a SIGINT arrived while cell number `cell` ran (0: none). */
  | { type: "interrupt"; cell: number }
  /** Whether the I/O thread watches SIGINT (then the main thread must not). */
  | { type: "signals"; watched: boolean };

export interface Transport {
  /** Sends a message; `parent` is the request it belongs to, `identities` route shell/stdin replies. */
  send(channel: Channel, msgType: string, content: unknown, parent?: Header, identities?: Uint8Array[], metadata?: Record<string, unknown>): void;
  /** `seq` numbers shell requests in the order the I/O thread received them. */
  onRequest(handler: (channel: "shell" | "control" | "stdin", message: Message, seq: number) => void): void;
  /**
   * Like send, and resolves with the `seq` of the last shell request that had arrived
   * when this message left: requests up to it were sent by clients that had not seen
   * it yet (how stop_on_error knows which requests were queued behind a failure).
   */
  sendFenced(channel: Channel, msgType: string, content: unknown, parent: Header, identities: Uint8Array[]): Promise<number>;
  onShutdown(handler: (restart: boolean) => void): void;
  /** Called with the serial of the cell that was running when an interrupt_request or a SIGINT arrived. */
  onInterrupt(handler: (cell: number) => void): void;
  /** Called once the I/O thread watches SIGINT itself (see signal-watch.ts). */
  onSignalsWatched(handler: () => void): void;
  /** Restarts the I/O thread's SIGINT watcher: call after every `breakOnSigint` run. */
  rearmSignals(): void;
  /**
   * Sends what is queued, closes the sockets and stops the I/O thread (resolves within a
   * second even if it hangs). Exiting without this aborts the process inside zeromq.
   */
  close(): Promise<void>;
  /** Resolves once every socket is bound. */
  readonly bound: Promise<void>;
}

/** Starts the I/O thread. Call this first: it binds while the main thread loads TypeScript. */
export function startTransport(connection: ConnectionInfo, session: string, interruptFlag: Int32Array): Transport {
  const worker = new Worker(new URL("./transport-worker.js", import.meta.url), {
    workerData: { connection, session, interruptFlag } satisfies WorkerConfig,
    // The worker's stdio would otherwise be piped into this thread's process.stdout,
    // which the kernel captures into the notebook.
    stdout: true,
    stderr: true,
  });
  worker.stdout.on("data", (chunk: Buffer) => debug(`io thread stdout: ${chunk}`));
  worker.stderr.on("data", (chunk: Buffer) => debug(`io thread stderr: ${chunk}`));
  worker.on("error", (error) => debug(`io thread failed: ${error.stack ?? error}`));
  let requestHandler: (channel: "shell" | "control" | "stdin", message: Message, seq: number) => void = () => {};
  const fences = new Map<number, (seq: number) => void>();
  let fenceIds = 0;
  let shutdownHandler: (restart: boolean) => void = () => {};
  let interruptHandler: (cell: number) => void = () => {};
  let signalsHandler: () => void = () => {};
  let resolveClosed: () => void = () => {};
  let resolveBound: () => void;
  const bound = new Promise<void>((resolve) => (resolveBound = resolve));
  worker.on("message", (message: FromWorker) => {
    switch (message.type) {
      case "request":
        requestHandler(message.channel, message.message, message.seq);
        break;
      case "fence":
        fences.get(message.id)?.(message.seq);
        fences.delete(message.id);
        break;
      case "bound":
        resolveBound();
        break;
      case "shutdown":
        shutdownHandler(message.restart);
        break;
      case "closed":
        resolveClosed();
        break;
      case "log":
        debug(`io thread: ${message.text}`);
        break;
      case "interrupt":
        interruptHandler(message.cell);
        break;
      case "signals":
        if (message.watched) signalsHandler();
        else debug("the I/O thread cannot watch SIGINT: a signal cannot stop code that runs after an await");
        break;
    }
  });
  return {
    bound,
    send(channel, msgType, content, parent, identities, metadata) {
      const header = newHeader(msgType, session);
      const routing = channel === "iopub" ? [Buffer.from(msgType)] : (identities ?? []);
      const message = serialize(routing, header, parent, content, metadata);
      const status = msgType === "status" ? (content as { execution_state: string }).execution_state : undefined;
      worker.postMessage({ type: "send", channel, message, ...(status ? { status } : {}) } satisfies ToWorker);
    },
    async close() {
      const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
      worker.postMessage({ type: "close" } satisfies ToWorker);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
      await worker.terminate();
    },
    sendFenced(channel, msgType, content, parent, identities) {
      const id = ++fenceIds;
      const message = serialize(identities, newHeader(msgType, session), parent, content);
      return new Promise<number>((resolve) => {
        fences.set(id, resolve);
        worker.postMessage({ type: "send", channel, message, fence: id } satisfies ToWorker);
      });
    },
    onRequest(handler) {
      requestHandler = handler;
    },
    onShutdown(handler) {
      shutdownHandler = handler;
    },
    onInterrupt(handler) {
      interruptHandler = handler;
    },
    onSignalsWatched(handler) {
      signalsHandler = handler;
    },
    rearmSignals() {
      worker.postMessage({ type: "rearm" } satisfies ToWorker);
    },
  };
}
