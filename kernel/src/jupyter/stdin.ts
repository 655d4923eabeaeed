/**
 * `input(prompt)` over the stdin channel: an `input_request` goes to the frontend that
 * sent the running execute_request, and its `input_reply` resolves the promise.
 *
 * Example (through the display API's sink): `const name = await input("Your name? ")`.
 */
import type { Transport } from "./transport.js";
import type { Message } from "./wire.js";
import type { Outbox } from "./outbox.js";
import { GradbookError } from "../tensor/errors.js";

export class StdinBroker {
  private request: Message | undefined;
  private waiting: { resolve(value: string): void; reject(error: Error): void } | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly outbox: Outbox,
  ) {}

  /** The execute_request whose frontend will be asked (undefined between cells). */
  setRequest(request: Message | undefined): void {
    this.request = request;
  }

  /** Asks the frontend for a line of text. Rejects when it cannot answer (allow_stdin false). */
  ask(prompt: string, password: boolean): Promise<string> {
    const request = this.request;
    if (!request) return Promise.reject(new GradbookError("input() can only be used while a cell is running (not from a timer after its cell ended)"));
    if (request.content.allow_stdin === false) {
      return Promise.reject(new GradbookError("input() is not available: this frontend does not accept input (allow_stdin is false)"));
    }
    if (this.waiting) return Promise.reject(new GradbookError("input() is already waiting for an answer; await it before asking again"));
    this.outbox.flush(); // the prompt's context (earlier prints) must appear first
    return new Promise<string>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.transport.send("stdin", "input_request", { prompt: String(prompt), password }, request.header, request.identities);
    });
  }

  /** Handles an `input_reply` from the stdin channel. */
  receive(message: Message): void {
    if (message.header.msg_type !== "input_reply" || !this.waiting) return;
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve(String(message.content.value ?? ""));
  }

  /** Gives up on a pending request (interrupt), rejecting the waiting input(). */
  cancel(error: Error): void {
    if (!this.waiting) return;
    const { reject } = this.waiting;
    this.waiting = undefined;
    reject(error);
  }
}
