// A fake OutputSink that records what the views send, for throttling and display-id tests.
import { setOutputSink, type MimeBundle, type OutputSink } from "../../../kernel/src/jupyter/display/sink.js";

export interface SentOutput {
  data: MimeBundle;
  displayId: string | undefined;
  update: boolean;
}

export function recordingSink(): { sent: SentOutput[]; restore(): void } {
  const sent: SentOutput[] = [];
  const sink: OutputSink = {
    display: (data, _metadata, displayId, update) => sent.push({ data, displayId, update }),
    clearOutput: () => {},
    input: async () => "",
  };
  setOutputSink(sink);
  return { sent, restore: () => setOutputSink(undefined) };
}

/** A clock the test moves by hand. */
export function fakeClock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}
