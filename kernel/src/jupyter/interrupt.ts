/**
 * Interrupting user code. Three mechanisms, because JavaScript offers no single one:
 *
 * 1. A real SIGINT. While a cell's top level runs, tslab's executor has
 *    `vm.runInThisContext({ breakOnSigint: true })` in force, so V8 stops even a
 *    `while (true) {}`. Otherwise the I/O thread sees the signal (signal-watch.ts) and
 *    handles it like an interrupt_request (the flag below), or, where it cannot watch
 *    signals, the SIGINT listener of this thread.
 * 2. A shared flag (`Int32Array` over a `SharedArrayBuffer`) that the I/O thread raises
 *    the moment an interrupt arrives, readable while this thread is busy. Cell code is
 *    rewritten so every loop iteration checks it and calls `__gradbook__.tick()`, which
 *    throws, once the flag is up: this stops synchronous loops that run after an `await` or in a timer,
 *    where breakOnSigint is not in force.
 * 3. Every `await` in cell code is rewritten to `await __gradbook__.gate(x)`, which
 *    rejects when an interrupt happens, so an interrupted async function really stops
 *    instead of carrying on in the background.
 *
 * Example (what rewritten cell code calls):
 *   while (busy) { if (__gradbook_flag__[0] !== 0) __gradbook__.tick(); ... }
 *   const data = await __gradbook__.gate(fetchData());
 */

import { debug } from "./log.js";
import { ANY_CELL, INTERRUPT_SLOTS, interruptIsForThisCell } from "./interrupt-flag.js";
import { localizeError } from "../locale/error-messages.js";

/** The error an interrupted cell fails with (ename "Interrupted"). */
export class InterruptedError extends Error {
  constructor() {
    super(localizeError("the cell was interrupted (Kernel → Interrupt)"));
    this.name = "Interrupted";
  }
}

/** True for every form an interrupt reaches a cell in: ours, breakOnSigint's and tslab's. */
export function isInterrupt(error: unknown): boolean {
  if (error instanceof InterruptedError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === "ERR_SCRIPT_EXECUTION_INTERRUPTED" || error.message === "Interrupted asynchronously";
}

/** Global name the rewritten cell code uses; see `rewrite.ts`. */
export const RUNTIME_GLOBAL = "__gradbook__";
/**
 * Global name of the shared flag itself. Loop checks read it inline
 * (`if (__gradbook_flag__[0] !== 0) __gradbook__.tick();`): a plain typed-array read
 * costs about half of a call per iteration, and V8 re-reads it every time.
 */
export const FLAG_GLOBAL = "__gradbook_flag__";

export interface InterruptListener {
  (): void;
}

/**
 * Owns the interrupt state of the main thread.
 * Example: `const interrupts = new Interrupts(flag); interrupts.install(); interrupts.onInterrupt(() => engine.interrupt())`.
 */
export class Interrupts {
  private rejectPending: (error: Error) => void = () => {};
  private pending!: Promise<never>;
  private readonly listeners = new Set<InterruptListener>();
  private cellRunning = false;
  private cellSerial = 0;
  private readonly onSigint = () => this.trigger();

  /** `flag` is shared with the I/O thread; element 0 is non-zero while an interrupt is pending. */
  constructor(readonly flag: Int32Array) {
    this.renew();
  }

  /** Installs the SIGINT handler and the `__gradbook__` runtime the rewritten code calls. */
  install(): void {
    // Without a handler, SIGINT would kill the process (Node's default), until the I/O thread watches it.
    process.on("SIGINT", this.onSigint);
    const flag = this.flag;
    const runtime = {
      tick: this.tick,
      gate: <T>(value: T): T | Promise<Awaited<T>> => {
        // The cell was interrupted before it reached this await (e.g. while it compiled).
        if (interruptIsForThisCell(flag)) return Promise.reject(new InterruptedError());
        if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
        if (typeof (value as { then?: unknown }).then !== "function") return value;
        return Promise.race([value as unknown as PromiseLike<Awaited<T>>, this.pending]);
      },
    };
    Object.defineProperty(globalThis, RUNTIME_GLOBAL, { value: Object.freeze(runtime), enumerable: false });
    Object.defineProperty(globalThis, FLAG_GLOBAL, { value: flag, enumerable: false });
  }

  /**
   * The I/O thread watches SIGINT now: this thread's listener goes (its presence would keep
   * libuv from re-installing its handler after a breakOnSigint run; see signal-watch.ts),
   * and `rearm` runs after every breakOnSigint run of `vm.runInThisContext`.
   */
  signalsWatchedElsewhere(vm: typeof import("node:vm"), rearm: () => void): void {
    process.removeListener("SIGINT", this.onSigint);
    const run = vm.runInThisContext;
    vm.runInThisContext = function (this: unknown, code: string, options?: Parameters<typeof run>[1]) {
      try {
        return Reflect.apply(run, this, [code, options]) as unknown;
      } finally {
        if (typeof options === "object" && options.breakOnSigint) rearm();
      }
    } as typeof run;
    rearm();
  }

  /**
   * Called when the flag is up: throws InterruptedError if the interrupt is for the running
   * cell; otherwise (raised for a cell that has ended) lowers the flag so checks stop.
   */
  readonly tick = (): void => {
    if (!interruptIsForThisCell(this.flag)) {
      Atomics.store(this.flag, INTERRUPT_SLOTS.pending, 0);
      return;
    }
    Atomics.add(this.flag, INTERRUPT_SLOTS.acknowledged, 1);
    throw new InterruptedError();
  };

  /** The check library code runs between ops and blocks of rows (see tensor/interrupt-check.ts). */
  readonly check = (): void => {
    if (this.flag[INTERRUPT_SLOTS.pending] !== 0 && this.cellRunning) this.tick();
  };

  /** Runs `listener` on every interrupt (reject a pending input(), tslab's await race, ...). */
  onInterrupt(listener: InterruptListener): void {
    this.listeners.add(listener);
  }

  /**
   * Interrupts everything that waits: gated awaits reject, listeners run. While a cell runs
   * the flag stays up until the cell ends, so an interrupt that arrives before the cell's
   * code has started (while it compiles) still stops its first loop or await; between
   * cells the flag drops at once (but before the first cell, it waits for that cell).
   */
  trigger(): void {
    debug(`interrupt: triggered (cell running: ${this.cellRunning})`);
    Atomics.add(this.flag, INTERRUPT_SLOTS.acknowledged, 1);
    const reject = this.rejectPending;
    this.renew();
    reject(new InterruptedError());
    for (const listener of this.listeners) listener();
    // Before the first cell (the kernel is starting) it stays up for that cell: see beginCell.
    const keep = this.cellRunning ? this.cellSerial : this.cellSerial === 0 ? ANY_CELL : 0;
    Atomics.store(this.flag, INTERRUPT_SLOTS.pending, keep);
  }

  /**
   * An interrupt_request relayed by the I/O thread, which names the cell that was running
   * when it arrived: ignored if that cell has ended since (it was stopped by the loop
   * check already), so it cannot interrupt the next cell.
   */
  requested(cell: number): void {
    if (cell !== 0 && cell !== this.cellSerial) {
      debug(`interrupt for cell #${cell} ignored: it has ended`);
      return;
    }
    this.trigger();
  }

  /** Whether an interrupt is pending (raised by the I/O thread, not yet handled here). */
  get raised(): boolean {
    return interruptIsForThisCell(this.flag);
  }

  /**
   * A cell starts: an interrupt that arrived between cells is not for this one, except
   * before the first cell: one sent while the kernel was starting (this thread was busy
   * loading TypeScript and had not seen it yet) stops the first cell, which then fails as
   * Interrupted before it runs (`raised` is true).
   */
  beginCell(): void {
    const duringStartUp = this.cellSerial === 0 && Atomics.load(this.flag, INTERRUPT_SLOTS.pending) === ANY_CELL;
    this.cellRunning = true;
    this.cellSerial++;
    Atomics.store(this.flag, INTERRUPT_SLOTS.pending, duringStartUp ? this.cellSerial : 0);
    Atomics.store(this.flag, INTERRUPT_SLOTS.cell, this.cellSerial);
  }

  /**
   * A cell ended: an interrupt that the cell itself consumed (breakOnSigint swallows the
   * signal, so our handler never sees it) must not leak into the next cell.
   */
  endCell(): void {
    this.cellRunning = false;
    Atomics.store(this.flag, INTERRUPT_SLOTS.cell, 0);
    Atomics.store(this.flag, INTERRUPT_SLOTS.pending, 0);
  }

  private renew(): void {
    this.pending = new Promise<never>((_, reject) => (this.rejectPending = reject));
    this.pending.catch(() => {}); // nobody may be waiting: not an unhandled rejection
  }
}
