/**
 * Where rich output goes. The kernel installs a sink that speaks the Jupyter protocol;
 * in a plain Node script the default sink prints the text/plain form to stdout.
 * The display API (display(), progress(), input(), ...) only ever talks to this interface,
 * so library code can emit views without knowing whether a kernel is running.
 */
export type MimeBundle = Record<string, unknown>;

export interface OutputSink {
  /** display_data (update=false) or update_display_data (update=true) for `displayId`. */
  display(data: MimeBundle, metadata: Record<string, unknown>, displayId: string | undefined, update: boolean): void;
  /** clear_output; `wait` defers the clear until the next output arrives. */
  clearOutput(wait: boolean): void;
  /** input_request on the stdin channel; resolves with the user's reply. */
  input(prompt: string, password: boolean): Promise<string>;
}

let current: OutputSink | undefined;

/** Installs the sink (the kernel calls this once at start-up). */
export function setOutputSink(sink: OutputSink | undefined): void {
  current = sink;
}

/** The installed sink, or undefined in a plain Node process. */
export function outputSink(): OutputSink | undefined {
  return current;
}
