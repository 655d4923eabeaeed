/**
 * input(): asks the person running the notebook for a line of text. In the kernel this is
 * a Jupyter input_request; in a plain Node process it reads a line from stdin.
 */
import { createInterface, type Interface } from "node:readline";
import { Writable } from "node:stream";
import { outputSink } from "./sink.js";
import { GradbookError } from "../../tensor/errors.js";

export interface InputOptions {
  /** Hide what is typed (the front end shows dots; a terminal echoes nothing). */
  password?: boolean;
}

/**
 * Asks for one line of text and resolves with it (without the newline).
 *
 * @example const name = await input("Your name: ")
 * @example const token = await input("Token: ", { password: true })
 */
export function input(prompt = "", options: InputOptions = {}): Promise<string> {
  const password = options.password === true;
  const sink = outputSink();
  if (sink) return sink.input(String(prompt), password);
  return stdinReader().ask(String(prompt), password);
}

interface Waiter {
  prompt: string;
  password: boolean;
  resolve(line: string): void;
  reject(error: Error): void;
}

/**
 * One readline interface for the whole process: a second interface would miss the lines
 * the first had already buffered. It is paused between questions so an idle stdin does
 * not keep a finished script alive.
 */
class StdinReader {
  private readonly lines: Interface;
  private readonly buffered: string[] = [];
  private readonly waiting: Waiter[] = [];
  private closed = false;
  private muted = false;
  private readonly terminal = Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);

  constructor() {
    // In a terminal readline echoes what is typed into `output`; for a password that
    // echo goes nowhere.
    const output = new Writable({
      write: (chunk: Buffer | string, _encoding, done) => {
        if (!this.muted) process.stdout.write(chunk);
        done();
      },
    });
    this.lines = createInterface({ input: process.stdin, output, terminal: this.terminal });
    this.lines.on("line", (line) => this.receive(line));
    this.lines.on("close", () => {
      this.closed = true;
      for (const waiter of this.waiting.splice(0)) {
        waiter.reject(new GradbookError(`input: standard input closed before an answer to ${JSON.stringify(waiter.prompt)}`));
      }
    });
  }

  ask(prompt: string, password: boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      process.stdout.write(prompt);
      const buffered = this.buffered.shift();
      if (buffered !== undefined) return resolve(buffered);
      if (this.closed) return reject(new GradbookError(`input: standard input closed before an answer to ${JSON.stringify(prompt)}`));
      this.waiting.push({ prompt, password, resolve, reject });
      this.muted = password;
      this.lines.resume();
      stdinHandle().ref?.();
    });
  }

  private receive(line: string): void {
    const waiter = this.waiting.shift();
    if (!waiter) {
      this.buffered.push(line);
      return;
    }
    if (waiter.password && this.terminal) process.stdout.write("\n");
    this.muted = this.waiting[0]?.password ?? false;
    if (this.waiting.length === 0) {
      this.lines.pause();
      stdinHandle().unref?.();
    }
    waiter.resolve(line);
  }
}

/** stdin is a socket for pipes and terminals (ref/unref), a plain stream for files. */
function stdinHandle(): { ref?: () => void; unref?: () => void } {
  return process.stdin as unknown as { ref?: () => void; unref?: () => void };
}

let reader: StdinReader | undefined;

function stdinReader(): StdinReader {
  reader ??= new StdinReader();
  return reader;
}
