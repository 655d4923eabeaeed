/**
 * The main thread's request loop. Shell requests run one at a time in arrival order
 * (each wrapped in busy/idle status); stdin replies and comm traffic are handled as
 * they come. After a failed cell, queued execute requests are aborted (stop_on_error),
 * except those that asked to run anyway (`stop_on_error: false`).
 *
 * Example: `const kernel = new Kernel(context); transport.onRequest(kernel.accept); kernel.start()`.
 */
import type { KernelContext } from "./context.js";
import { reply } from "./context.js";
import type { Message } from "./wire.js";
import { execute } from "./execute.js";
import { complete, inspect, isComplete } from "./introspection.js";
import { debug } from "./log.js";

/** How long the kernel must have been idle before start-up work left for idle time runs. */
const IDLE_DELAY_MS = 200;

/** A failed cell: `fence` resolves with the last request that was queued behind it. */
interface Failure {
  fence: Promise<number>;
}

export class Kernel {
  private readonly queue: Array<{ message: Message; seq: number }> = [];
  private running = false;
  private started = false;
  /** Execute requests numbered up to this were queued behind a failed cell: abort them. */
  private abortThrough = 0;
  private readonly idleWork: Array<() => void> = [];
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: () => KernelContext,
    private readonly onShutdownRequest: (restart: boolean) => void,
  ) {}

  /** Entry point for every message the I/O thread forwards. */
  readonly accept = (channel: "shell" | "control" | "stdin", message: Message, seq: number): void => {
    if (channel === "stdin") return this.context().stdin.receive(message);
    if (channel === "control") {
      debug(`control message ${message.header.msg_type} is not supported; ignored`);
      return;
    }
    this.queue.push({ message, seq });
    void this.pump();
  };

  /** Starts handling requests (after the prelude ran); earlier ones waited in the queue. */
  start(): void {
    this.started = true;
    void this.pump();
  }

  /**
   * Runs `work` once the kernel has been idle for a moment (no request waiting or running):
   * start-up work that must not delay the first cell. Jobs run one per pause, in order.
   */
  whenIdle(work: () => void): void {
    this.idleWork.push(work);
    this.scheduleIdleWork();
  }

  /** Drops the idle work not yet run (at shutdown: a job started then would delay the exit). */
  cancelIdleWork(): void {
    this.idleWork.length = 0;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private scheduleIdleWork(): void {
    if (this.idleWork.length === 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      // Busy: the end of the current pump schedules the work again.
      if (this.running || this.queue.length > 0 || !this.started) return;
      const work = this.idleWork.shift()!;
      const started = performance.now();
      try {
        work();
        debug(`idle work took ${Math.round(performance.now() - started)} ms`);
      } catch (error) {
        debug(`idle work failed: ${(error as Error)?.stack ?? String(error)}`);
      }
      this.scheduleIdleWork();
    }, IDLE_DELAY_MS);
    this.idleTimer.unref();
  }

  private async pump(): Promise<void> {
    if (this.running || !this.started) return;
    this.running = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        const { message, seq } = next;
        try {
          await this.dispatch(message, seq);
        } catch (error) {
          debug(`handling ${message.header.msg_type} failed: ${(error as Error)?.stack ?? String(error)}`);
        }
      }
    } finally {
      this.running = false;
      this.scheduleIdleWork();
    }
  }

  private async dispatch(message: Message, seq: number): Promise<void> {
    const context = this.context();
    const type = message.header.msg_type;
    context.outbox.publish("status", { execution_state: "busy" }, message.header);
    let failure: Failure | undefined;
    try {
      failure = await this.handle(context, type, message, seq);
    } finally {
      context.outbox.publish("status", { execution_state: "idle" }, message.header);
    }
    if (failure) this.abortThrough = await failure.fence;
  }

  /**
   * Handles one request. After a failed cell, resolves with a promise of the last
   * request that arrived before its reply left: like ipykernel, those are aborted, and
   * requests sent after the client saw the error run normally.
   */
  private async handle(context: KernelContext, type: string, message: Message, seq: number): Promise<Failure | undefined> {
    const content = message.content;
    switch (type) {
      case "execute_request": {
        if (seq <= this.abortThrough && content.stop_on_error !== false) {
          reply(context, "shell", message, "execute_reply", { status: "aborted", execution_count: context.executionCount });
          return undefined;
        }
        const result = await execute(context, message);
        if (result.status === "error" && content.stop_on_error !== false && content.silent !== true) {
          return { fence: context.transport.sendFenced("shell", "execute_reply", result, message.header, message.identities) };
        }
        reply(context, "shell", message, "execute_reply", result);
        return undefined;
      }
      case "complete_request":
        reply(context, "shell", message, "complete_reply", complete(context.engine, String(content.code ?? ""), content.cursor_pos, context.internalNames()));
        break;
      case "inspect_request":
        reply(context, "shell", message, "inspect_reply", inspect(context.engine, String(content.code ?? ""), content.cursor_pos));
        break;
      case "is_complete_request":
        reply(context, "shell", message, "is_complete_reply", isComplete(context.tslab, String(content.code ?? "")));
        break;
      case "history_request":
        reply(context, "shell", message, "history_reply", context.history.reply(content));
        break;
      case "comm_info_request":
        reply(context, "shell", message, "comm_info_reply", { status: "ok", comms: context.comms.info(content.target_name) });
        break;
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        context.outbox.beginCell(message.header);
        context.comms.receive(message);
        context.outbox.endCell();
        break;
      case "shutdown_request":
        // Old clients send it on shell; the control channel is handled by the I/O thread.
        reply(context, "shell", message, "shutdown_reply", { status: "ok", restart: content.restart === true });
        this.onShutdownRequest(content.restart === true);
        break;
      default:
        debug(`unknown shell message type ${type}; ignored`);
    }
    return undefined;
  }
}
