/**
 * progress(): a progress bar that redraws itself in place. It shows once as display_data
 * and then sends update_display_data under one display id, at most every 250 ms (4 Hz) by
 * the wall clock, with the final state always sent. Throttling reads Date.now() on each
 * call, so it works inside a long synchronous loop where timers never get to run.
 */
import { randomUUID } from "node:crypto";
import { emit } from "./display.js";
import { escapeHtml } from "./html.js";
import { outputSink, type MimeBundle } from "./sink.js";
import { checkOptions, optionNames } from "../../tensor/options.js";
import { ArgumentError } from "../../tensor/errors.js";

/** MIME type of the bar's state, for a front-end view; HTML and text go alongside it. */
export const progressMimeType = "application/vnd.gradbook.progress.v1+json";

export interface ProgressOptions {
  /** Text shown before the bar, e.g. "epoch 3". */
  label?: string;
  /** What is counted, shown in the rate ("12.5 it/s"). Default "it". */
  unit?: string;
  /** The fewest milliseconds between two redraws. Default 250 (4 per second). */
  updateInterval?: number;
  /** The total for an iterable whose size is not known up front. */
  total?: number;
  /** Milliseconds clock; Date.now by default. Tests pass a fake one. */
  now?: () => number;
  /**
   * An earlier bar whose display this one takes over: it draws under the same display id,
   * replacing it in place (fit draws every epoch into one output this way).
   */
  replaces?: Progress<unknown>;
}

const PROGRESS_OPTIONS = optionNames<ProgressOptions>({ label: true, unit: true, updateInterval: true, total: true, now: true, replaces: true });

/** A live progress bar. Iterating it yields 0..total-1 (or the wrapped items) and advances it. */
export interface Progress<T = number> extends Iterable<T> {
  /** The display id its updates are sent under. */
  readonly id: string;
  /** How many steps are done. */
  readonly value: number;
  /** How many steps there are, or undefined when unknown. */
  readonly total: number | undefined;
  /** Text before the bar; setting it redraws (throttled). */
  label: string;
  /** Text after the numbers, e.g. "loss 0.231"; setting it redraws (throttled). */
  message: string;
  /** Advances by `step` (default 1). */
  advance(step?: number): void;
  /** Sets the number of steps done. */
  set(value: number): void;
  /** Sends the final state now; later changes are ignored. */
  done(): void;
}

/** The state a bar shows, as sent in {@link progressMimeType}. */
export interface ProgressState {
  version: 1;
  label: string;
  message: string;
  value: number;
  total: number | null;
  unit: string;
  /** Seconds since the bar was created. */
  elapsed: number;
  done: boolean;
}

const defaultUpdateInterval = 250;
const barWidth = 24;
const partialBlocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const whole = Math.max(0, Math.round(seconds));
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const two = (n: number): string => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

function formatRate(state: ProgressState): string {
  if (state.elapsed <= 0 || state.value <= 0) return `? ${state.unit}/s`;
  const rate = state.value / state.elapsed;
  return rate >= 1 ? `${rate.toPrecision(3).replace(/\.0+$|(\.\d*?)0+$/, "$1")} ${state.unit}/s` : `${(1 / rate).toFixed(2)} s/${state.unit}`;
}

function fraction(state: ProgressState): number | undefined {
  if (state.total === null) return undefined;
  return state.total === 0 ? 1 : Math.min(1, Math.max(0, state.value / state.total));
}

/** The numbers after the bar: "45/100 [00:03<00:04, 12.3 it/s]". */
function progressNumbers(state: ProgressState): string {
  const rate = formatRate(state);
  if (state.total === null) return `${state.value} ${state.unit} [${formatDuration(state.elapsed)}, ${rate}]`;
  const remaining = state.value > 0 ? (state.elapsed / state.value) * (state.total - state.value) : Number.NaN;
  return `${state.value}/${state.total} [${formatDuration(state.elapsed)}<${formatDuration(remaining)}, ${rate}]`;
}

/**
 * The text/plain form: `label: 45% |██████████▊             | 45/100 [00:03<00:04, 12.3 it/s] message`.
 */
export function progressText(state: ProgressState): string {
  const done = fraction(state);
  const parts: string[] = [];
  if (state.label) parts.push(`${state.label}:`);
  if (done !== undefined) {
    const eighths = Math.round(done * barWidth * 8);
    const bar = "█".repeat(Math.floor(eighths / 8)) + partialBlocks[eighths % 8];
    parts.push(`${String(Math.floor(done * 100)).padStart(3)}% |${bar.padEnd(barWidth)}|`);
  }
  parts.push(progressNumbers(state));
  if (state.message) parts.push(state.message);
  return parts.join(" ");
}

/** The text/html form: a bar drawn with styled divs (no script), every text escaped. */
export function progressHtml(state: ProgressState): string {
  const done = fraction(state);
  const percent = done === undefined ? 100 : done * 100;
  const colour = state.done ? "var(--jp-success-color1, #388e3c)" : "var(--jp-brand-color1, #1976d2)";
  const fill = done === undefined && !state.done ? "var(--jp-brand-color3, #bbdefb)" : colour;
  const label = state.label ? `<span>${escapeHtml(state.label)}</span>` : "";
  const message = state.message ? `<span>${escapeHtml(state.message)}</span>` : "";
  const aria = done === undefined ? "" : ` aria-valuemin="0" aria-valuemax="100" aria-valuenow="${Math.floor(percent)}"`;
  return (
    `<div class="gradbook-progress" style="display:flex;align-items:center;gap:0.6em;font-family:var(--jp-code-font-family, monospace);font-size:var(--jp-code-font-size, 13px)">` +
    label +
    `<div role="progressbar"${aria} style="flex:0 0 16em;height:0.9em;border-radius:3px;overflow:hidden;background:var(--jp-layout-color3, #ddd)">` +
    `<div style="width:${percent.toFixed(1)}%;height:100%;background:${fill}"></div></div>` +
    `<span>${escapeHtml(progressNumbers(state))}</span>` +
    message +
    `</div>`
  );
}

/** The full bundle for one redraw. */
export function progressBundle(state: ProgressState): MimeBundle {
  return { [progressMimeType]: state, "text/html": progressHtml(state), "text/plain": progressText(state) };
}

function sizeOf(items: Iterable<unknown>): number | undefined {
  if (Array.isArray(items)) return items.length;
  const sized = items as { length?: unknown; size?: unknown };
  if (typeof sized.length === "number") return sized.length;
  if (typeof sized.size === "number") return sized.size;
  return undefined;
}

function checkCount(value: number, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ArgumentError(`progress: ${what} must be a finite number ≥ 0, got ${String(value)}`);
  }
  return value;
}

class ProgressBar<T> implements Progress<T> {
  readonly id: string;
  readonly total: number | undefined;
  private current = 0;
  private labelText: string;
  private messageText = "";
  private readonly unit: string;
  private readonly updateInterval: number;
  private readonly now: () => number;
  private readonly start: number;
  private lastSent = Number.NEGATIVE_INFINITY;
  private shown = false;
  private dirty = false;
  private finished = false;
  private sentComplete = false;
  private trailing: ReturnType<typeof setTimeout> | undefined;
  private lastPrinted = "";

  constructor(
    total: number | undefined,
    private readonly items: Iterable<T> | undefined,
    options: ProgressOptions,
  ) {
    this.total = total === undefined ? undefined : checkCount(total, "total");
    this.id = options.replaces?.id ?? `gradbook-progress-${randomUUID()}`;
    this.shown = options.replaces !== undefined;
    this.labelText = options.label ?? "";
    this.unit = options.unit ?? "it";
    this.updateInterval = checkCount(options.updateInterval ?? defaultUpdateInterval, "updateInterval");
    this.now = options.now ?? Date.now;
    this.start = this.now();
    this.send(this.start, false);
  }

  get value(): number {
    return this.current;
  }

  get label(): string {
    return this.labelText;
  }

  set label(text: string) {
    this.labelText = String(text);
    this.changed();
  }

  get message(): string {
    return this.messageText;
  }

  set message(text: string) {
    this.messageText = String(text);
    this.changed();
  }

  advance(step = 1): void {
    this.set(this.current + checkCount(step, "step"));
  }

  set(value: number): void {
    this.current = checkCount(value, "value");
    this.changed();
  }

  done(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.dirty || !this.sentComplete) this.send(this.now(), true);
    else this.cancelTrailing();
  }

  *[Symbol.iterator](): Iterator<T> {
    try {
      if (this.items) {
        for (const item of this.items) {
          yield item;
          this.advance();
        }
      } else {
        for (let index = 0; index < (this.total ?? 0); index++) {
          yield index as T;
          this.advance();
        }
      }
    } finally {
      this.done();
    }
  }

  private state(now: number, final: boolean): ProgressState {
    return {
      version: 1,
      label: this.labelText,
      message: this.messageText,
      value: this.current,
      total: this.total ?? null,
      unit: this.unit,
      elapsed: Math.max(0, (now - this.start) / 1000),
      done: final,
    };
  }

  private changed(): void {
    if (this.finished) return;
    this.dirty = true;
    const now = this.now();
    const complete = this.complete();
    // Reaching the total is drawn at once, unthrottled: it may be the last call the bar gets.
    if ((complete && !this.sentComplete) || now - this.lastSent >= this.updateInterval) {
      this.send(now, complete);
    } else if (this.trailing === undefined) {
      // Should the loop stop calling us, this draws the state it left (once the event
      // loop is free again); an unref'd timer never keeps a script alive.
      this.trailing = setTimeout(() => {
        this.trailing = undefined;
        if (this.dirty && !this.finished) this.send(this.now(), this.complete());
      }, Math.max(0, this.updateInterval - (now - this.lastSent)));
      this.trailing.unref?.();
    }
  }

  private complete(): boolean {
    return this.total !== undefined && this.current >= this.total;
  }

  private cancelTrailing(): void {
    if (this.trailing !== undefined) clearTimeout(this.trailing);
    this.trailing = undefined;
  }

  /** Draws the current state; `final` marks it complete (green bar, newline in a terminal). */
  private send(now: number, final: boolean): void {
    this.cancelTrailing();
    this.lastSent = now;
    this.dirty = false;
    this.sentComplete = final;
    const state = this.state(now, final);
    if (outputSink()) {
      emit(progressBundle(state), {}, { id: this.id, update: this.shown });
    } else {
      this.print(progressText(state), final);
    }
    this.shown = true;
  }

  /** Plain Node: redraw one terminal line in place; in a log, print only the end state. */
  private print(text: string, final: boolean): void {
    if (process.stdout.isTTY) {
      const columns = process.stdout.columns || 80;
      process.stdout.write(`\r${text.slice(0, columns - 1).padEnd(Math.min(columns - 1, this.lastPrinted.length))}${final ? "\n" : ""}`);
      this.lastPrinted = final ? "" : text;
    } else if (final && text !== this.lastPrinted) {
      process.stdout.write(`${text}\n`);
      this.lastPrinted = text;
    }
  }
}

/**
 * A progress bar over `total` steps: advance it by hand, or iterate it to loop over
 * 0..total-1. Redraws in place at most 4 times a second, always including the end.
 *
 * @example
 * const bar = progress(epochs, { label: "training" });
 * for (let epoch = 0; epoch < epochs; epoch++) { trainOneEpoch(); bar.message = `loss ${loss}`; bar.advance(); }
 * @example for (const step of progress(1000)) work(step);
 */
export function progress(total: number, options?: ProgressOptions): Progress<number>;
/**
 * A progress bar that walks `items`: iterating it yields each item and advances the bar;
 * the total is the array's length or the set's size (or `options.total`).
 *
 * @example for (const batch of progress(batches, { label: "epoch 1" })) model.trainOnBatch(batch);
 */
export function progress<T>(items: Iterable<T>, options?: ProgressOptions): Progress<T>;
export function progress<T>(totalOrItems: number | Iterable<T>, options: ProgressOptions = {}): Progress<T> | Progress<number> {
  checkOptions("progress", options, PROGRESS_OPTIONS);
  if (typeof totalOrItems === "number") return new ProgressBar<number>(totalOrItems, undefined, options);
  if (totalOrItems === null || typeof (totalOrItems as Partial<Iterable<T>>)[Symbol.iterator] !== "function") {
    throw new ArgumentError(`progress: expected a number of steps or an iterable, got ${String(totalOrItems)}`);
  }
  return new ProgressBar<T>(options.total ?? sizeOf(totalOrItems), totalOrItems, options);
}
