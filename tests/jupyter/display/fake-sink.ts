// A recording OutputSink for display tests: every call lands in `calls`.
import { setOutputSink, type MimeBundle, type OutputSink } from "../../../kernel/src/jupyter/display/sink.js";

export type SinkCall =
  | { kind: "display"; data: MimeBundle; metadata: Record<string, unknown>; id: string | undefined; update: boolean }
  | { kind: "clear"; wait: boolean }
  | { kind: "input"; prompt: string; password: boolean };

export class FakeSink implements OutputSink {
  readonly calls: SinkCall[] = [];
  replies: string[] = [];

  display(data: MimeBundle, metadata: Record<string, unknown>, id: string | undefined, update: boolean): void {
    this.calls.push({ kind: "display", data, metadata, id, update });
  }

  clearOutput(wait: boolean): void {
    this.calls.push({ kind: "clear", wait });
  }

  input(prompt: string, password: boolean): Promise<string> {
    this.calls.push({ kind: "input", prompt, password });
    return Promise.resolve(this.replies.shift() ?? "");
  }

  displays(): Extract<SinkCall, { kind: "display" }>[] {
    return this.calls.filter((call): call is Extract<SinkCall, { kind: "display" }> => call.kind === "display");
  }
}

/** Installs a fresh FakeSink for the duration of `body`. */
export async function withSink<T>(body: (sink: FakeSink) => T | Promise<T>): Promise<T> {
  const sink = new FakeSink();
  setOutputSink(sink);
  try {
    return await body(sink);
  } finally {
    setOutputSink(undefined);
  }
}

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public time = 1_000_000) {}
  readonly now = (): number => this.time;
  tick(milliseconds: number): void {
    this.time += milliseconds;
  }
}
