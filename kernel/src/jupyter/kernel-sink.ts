/**
 * The OutputSink (display/sink.ts) the kernel installs, so the display API reaches the
 * notebook: display → display_data / update_display_data (with transient.display_id),
 * clearOutput → clear_output, input → stdin input_request.
 *
 * Example: `setOutputSink(createKernelSink(outbox, stdin))`.
 */
import type { MimeBundle, OutputSink } from "./display/sink.js";
import type { Outbox } from "./outbox.js";
import type { StdinBroker } from "./stdin.js";

export function createKernelSink(outbox: Outbox, stdin: StdinBroker): OutputSink {
  return {
    display(data: MimeBundle, metadata: Record<string, unknown>, displayId: string | undefined, update: boolean): void {
      if (update && !displayId) throw new Error("display update needs a display id (pass { id } when first displaying)");
      outbox.publish(update ? "update_display_data" : "display_data", {
        data,
        metadata: metadata ?? {},
        transient: displayId ? { display_id: displayId } : {},
      });
    },
    clearOutput(wait: boolean): void {
      outbox.publish("clear_output", { wait: Boolean(wait) });
    },
    input(prompt: string, password: boolean): Promise<string> {
      return stdin.ask(prompt, password);
    },
  };
}
