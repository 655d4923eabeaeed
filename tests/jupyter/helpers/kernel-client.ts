/**
 * A minimal Jupyter client for protocol tests: spawns the built launcher with a fresh
 * connection file, speaks the wire protocol over zeromq, and collects IOPub messages
 * by parent. Example:
 *   const kernel = await KernelClient.start();
 *   const { reply, outputs } = await kernel.execute("1 + 1");
 *   await kernel.close();
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as zmq from "zeromq";
import { decode, encode, newHeader, serialize, type Header, type Message } from "../../../kernel/src/jupyter/wire.js";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const launcher = join(root, "kernel", "dist", "jupyter", "launcher.js");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface ExecuteResult {
  reply: Message;
  /** IOPub messages for this request between busy and idle (status messages excluded). */
  outputs: Message[];
  /** Concatenated stdout / stderr text. */
  stdout: string;
  stderr: string;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** The kernel's stdout/stderr (not the notebook's): collected for assertions. */
  cwd?: string;
}

type Waiter = { predicate: (message: Message) => boolean; resolve: (message: Message) => void };

export class KernelClient {
  readonly session = randomUUID();
  readonly shell = new zmq.Dealer({ routingId: this.session });
  readonly control = new zmq.Dealer();
  readonly stdin = new zmq.Dealer({ routingId: this.session });
  readonly iopub = new zmq.Subscriber();
  readonly heartbeat = new zmq.Request({ receiveTimeout: 2000, sendTimeout: 2000 });
  /** Everything the kernel printed on its own stdout/stderr (must stay empty). */
  processOutput = "";
  readonly iopubMessages: Message[] = [];
  exited: Promise<number | null>;
  private readonly replies = new Map<string, (message: Message) => void>();
  private readonly iopubWaiters: Waiter[] = [];
  private inputHandler: ((message: Message) => string | undefined) | undefined;
  private closed = false;

  private constructor(
    readonly key: string,
    readonly process: ChildProcess,
    private readonly directory: string,
  ) {
    this.exited = new Promise((resolve) => process.on("exit", (code) => resolve(code)));
  }

  static async start(options: StartOptions = {}): Promise<KernelClient> {
    const directory = mkdtempSync(join(tmpdir(), "gradbook-kernel-test-"));
    const ports = await Promise.all([1, 2, 3, 4, 5].map(freePort));
    const key = randomBytes(16).toString("hex");
    const connection = {
      transport: "tcp",
      ip: "127.0.0.1",
      shell_port: ports[0],
      iopub_port: ports[1],
      stdin_port: ports[2],
      control_port: ports[3],
      hb_port: ports[4],
      key,
      signature_scheme: "hmac-sha256",
    };
    const file = join(directory, "connection.json");
    writeFileSync(file, JSON.stringify(connection));
    const child = spawn(process.execPath, [launcher, file], {
      cwd: options.cwd ?? directory,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const client = new KernelClient(key, child, directory);
    child.stdout!.on("data", (chunk) => (client.processOutput += chunk));
    child.stderr!.on("data", (chunk) => (client.processOutput += chunk));
    const address = (port: number) => `tcp://127.0.0.1:${port}`;
    client.shell.connect(address(connection.shell_port));
    client.control.connect(address(connection.control_port));
    client.stdin.connect(address(connection.stdin_port));
    client.iopub.connect(address(connection.iopub_port));
    client.iopub.subscribe();
    client.heartbeat.connect(address(connection.hb_port));
    client.listen(client.shell);
    client.listen(client.control);
    client.listenStdin();
    client.listenIopub();
    await client.waitForReady();
    return client;
  }

  /** Sends kernel_info until IOPub is connected too (ZeroMQ's slow-joiner problem). */
  private async waitForReady(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const header = this.send(this.shell, "kernel_info_request", {});
      const reply = await this.waitReply(header.msg_id, 1000).catch(() => undefined);
      if (reply) {
        const status = await this.waitIopub((m) => m.parent_header.msg_id === header.msg_id, 300).catch(() => undefined);
        if (status) return;
      }
    }
    throw new Error(`kernel did not become ready; its output: ${this.processOutput}`);
  }

  private listen(socket: zmq.Dealer): void {
    (async () => {
      for await (const frames of socket) {
        const message = decode(frames, this.key);
        this.replies.get(message.parent_header.msg_id ?? "")?.(message);
      }
    })().catch(() => {});
  }

  private listenStdin(): void {
    (async () => {
      for await (const frames of this.stdin) {
        const message = decode(frames, this.key);
        const value = this.inputHandler?.(message);
        if (value !== undefined) this.send(this.stdin, "input_reply", { value }, message.header);
      }
    })().catch(() => {});
  }

  private listenIopub(): void {
    (async () => {
      for await (const frames of this.iopub) {
        const message = decode(frames, this.key);
        this.iopubMessages.push(message);
        for (const waiter of [...this.iopubWaiters]) {
          if (waiter.predicate(message)) {
            this.iopubWaiters.splice(this.iopubWaiters.indexOf(waiter), 1);
            waiter.resolve(message);
          }
        }
      }
    })().catch(() => {});
  }

  /** Answers input_request messages with `handler(request)` (undefined: no answer). */
  onInput(handler: (message: Message) => string | undefined): void {
    this.inputHandler = handler;
  }

  send(socket: zmq.Dealer, msgType: string, content: unknown, parent?: Header, frames?: Array<string | Uint8Array>): Header {
    const header = { ...newHeader(msgType, this.session), username: "test" };
    const message = serialize([], header, parent, content);
    const wire = encode(this.key, message);
    socket.send(frames ?? wire);
    return header;
  }

  waitReply(msgId: string, timeout = 15_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.replies.delete(msgId);
        reject(new Error(`no reply to ${msgId} within ${timeout} ms`));
      }, timeout);
      this.replies.set(msgId, (message) => {
        clearTimeout(timer);
        this.replies.delete(msgId);
        resolve(message);
      });
    });
  }

  /** The first IOPub message (already received or future) matching `predicate`. */
  waitIopub(predicate: (message: Message) => boolean, timeout = 15_000): Promise<Message> {
    const seen = this.iopubMessages.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      const timer = setTimeout(() => {
        this.iopubWaiters.splice(this.iopubWaiters.indexOf(waiter), 1);
        reject(new Error(`no matching IOPub message within ${timeout} ms`));
      }, timeout);
      this.iopubWaiters.push(waiter);
    });
  }

  /** Sends a request and waits for its reply. */
  async request(channel: "shell" | "control", msgType: string, content: unknown, timeout?: number): Promise<Message> {
    const header = this.send(channel === "shell" ? this.shell : this.control, msgType, content);
    return this.waitReply(header.msg_id, timeout);
  }

  /** Sends an execute_request; returns its header (use `collect` to wait for the result). */
  submit(code: string, options: Record<string, unknown> = {}): Header {
    return this.send(this.shell, "execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: true,
      stop_on_error: true,
      ...options,
    });
  }

  /** Waits for the reply and the idle status of a submitted request. */
  async collect(header: Header, timeout = 15_000): Promise<ExecuteResult> {
    const reply = await this.waitReply(header.msg_id, timeout);
    await this.waitIopub((m) => m.parent_header.msg_id === header.msg_id && m.header.msg_type === "status" && m.content.execution_state === "idle", timeout);
    const outputs = this.iopubMessages.filter((m) => m.parent_header.msg_id === header.msg_id && m.header.msg_type !== "status");
    const text = (name: string) =>
      outputs
        .filter((m) => m.header.msg_type === "stream" && m.content.name === name)
        .map((m) => m.content.text)
        .join("");
    return { reply, outputs, stdout: text("stdout"), stderr: text("stderr") };
  }

  /** Executes `code` and waits for everything it produced. */
  execute(code: string, options: Record<string, unknown> = {}, timeout?: number): Promise<ExecuteResult> {
    return this.collect(this.submit(code, options), timeout);
  }

  /** One heartbeat round trip; resolves with its duration in ms. */
  async ping(): Promise<number> {
    const start = performance.now();
    await this.heartbeat.send("ping");
    await this.heartbeat.receive();
    return performance.now() - start;
  }

  /** Shuts the kernel down (or kills it if it does not go) and frees the sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.send(this.control, "shutdown_request", { restart: false });
      const timeout = new Promise((resolve) => setTimeout(resolve, 3000, "timeout"));
      if ((await Promise.race([this.exited, timeout])) === "timeout") this.process.kill("SIGKILL");
    }
    for (const socket of [this.shell, this.control, this.stdin, this.iopub, this.heartbeat]) socket.close();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
