/**
 * Everything a request handler needs, in one object built by the launcher.
 * Example: `await execute(context, request)`.
 */
import type { Transport } from "./transport.js";
import type { Outbox } from "./outbox.js";
import type { Engine, Tslab } from "./tslab.js";
import type { CellRegistry } from "./cells.js";
import type { Interrupts } from "./interrupt.js";
import type { History } from "./history.js";
import type { CommManager } from "./comm.js";
import type { StdinBroker } from "./stdin.js";
import type { Message } from "./wire.js";

export interface KernelContext {
  transport: Transport;
  outbox: Outbox;
  tslab: Tslab;
  engine: Engine;
  cells: CellRegistry;
  interrupts: Interrupts;
  history: History;
  comms: CommManager;
  stdin: StdinBroker;
  /** Names the library marks `@internal`, which completion leaves out (read on first use). */
  internalNames(): ReadonlySet<string>;
  /** The last execution count handed out (0 before the first cell). */
  executionCount: number;
  /** The script name of the cell that is running (`cell[3]`), if any. */
  runningCell: string | undefined;
  /**
   * While a cell runs: the uncaught errors and unhandled rejections its own code raised
   * (the guards put them here instead of on stderr), so they fail the cell.
   */
  cellFailures?: Array<{ error: unknown; where: string }>;
}

/** Sends a reply to `request` on the channel it came in on. */
export function reply(context: KernelContext, channel: "shell" | "control", request: Message, msgType: string, content: unknown): void {
  context.transport.send(channel, msgType, content, request.header, request.identities);
}
