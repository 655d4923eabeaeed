/**
 * One live output: display_data the first time, then update_display_data under the same
 * display id, at most every `interval` ms by the wall clock, with the final state always
 * sent. Like progress() it reads the clock on each call, so throttling works inside a long
 * synchronous training loop where timers never get to run; a trailing timer (unref'd)
 * draws the last state should the caller stop calling before done().
 */
import { randomUUID } from "node:crypto";
import { emit } from "../../jupyter/display/display.js";
import { outputSink, type MimeBundle } from "../../jupyter/display/sink.js";

export interface LiveDisplayOptions {
  /** Fewest milliseconds between two updates. Default 250 (4 per second). */
  interval?: number;
  /** Milliseconds clock (Date.now by default); tests pass a fake one. */
  now?: () => number;
  /** The display id; a fresh one by default. */
  id?: string;
}

export class LiveDisplay {
  readonly id: string;
  private readonly interval: number;
  private readonly now: () => number;
  private lastSent = Number.NEGATIVE_INFINITY;
  private shown = false;
  private dirty = false;
  private trailing: ReturnType<typeof setTimeout> | undefined;
  /** How many bundles were sent (display plus updates), for tests and benchmarks. */
  sent = 0;

  /** `render` builds the full bundle from the current state; it is called only when something is sent. */
  constructor(private readonly render: () => MimeBundle, options: LiveDisplayOptions = {}) {
    this.id = options.id ?? `gradbook-view-${randomUUID()}`;
    this.interval = options.interval ?? 250;
    this.now = options.now ?? Date.now;
  }

  /** Whether the first display_data went out. */
  get isShown(): boolean {
    return this.shown;
  }

  /** The state changed: sends it now if the last send is old enough, else later (throttled). */
  update(): void {
    this.dirty = true;
    const now = this.now();
    if (now - this.lastSent >= this.interval) {
      this.send(now, false);
    } else if (this.trailing === undefined) {
      this.trailing = setTimeout(() => {
        this.trailing = undefined;
        if (this.dirty) this.send(this.now(), false);
      }, Math.max(0, this.interval - (now - this.lastSent)));
      this.trailing.unref?.();
    }
  }

  /** Sends the current state at once, unthrottled: the guaranteed final update. */
  flush(): void {
    this.send(this.now(), true);
  }

  private send(now: number, final: boolean): void {
    if (this.trailing !== undefined) clearTimeout(this.trailing);
    this.trailing = undefined;
    this.lastSent = now;
    this.dirty = false;
    // Without a kernel, print only the end state: a script's log should not fill with charts.
    if (!outputSink() && !final) return;
    emit(this.render(), {}, { id: this.id, update: this.shown });
    this.shown = true;
    this.sent += 1;
  }
}
