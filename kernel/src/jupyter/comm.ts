/**
 * Comms: a two-way message channel between kernel code and a frontend widget.
 * Targets are registered by name; a frontend `comm_open` for a registered target calls
 * the target's handler with the new comm. Kernel code can also open comms itself.
 *
 * Example (in a cell, `comms` is preloaded):
 *   comms.registerTarget("echo", (comm, data) => {
 *     comm.onMessage((data) => comm.send({ echo: data }));
 *   });
 *   const progress = comms.open("my.widget", { value: 0 });
 *   progress.send({ value: 1 });
 */
import { randomUUID } from "node:crypto";
import type { Outbox } from "./outbox.js";
import type { Message } from "./wire.js";
import { GradbookError } from "../tensor/errors.js";

/** Called when a frontend opens a comm to this target; `data` is the comm_open payload. */
export type CommTarget = (comm: Comm, data: unknown, message: CommMessage) => void;

/** The parts of a comm message a handler may need. */
export interface CommMessage {
  data: unknown;
  metadata: Record<string, unknown>;
  buffers: Uint8Array[];
}

export class Comm {
  private readonly messageHandlers: Array<(data: unknown, message: CommMessage) => void> = [];
  private readonly closeHandlers: Array<(data: unknown, message: CommMessage) => void> = [];
  private closed = false;

  /** @internal comms are made by `CommManager`. */
  constructor(
    readonly id: string,
    readonly targetName: string,
    private readonly manager: CommManager,
  ) {}

  /** Sends `data` to the frontend side. Example: `comm.send({ value: 3 })`. */
  send(data: unknown, metadata: Record<string, unknown> = {}): void {
    if (this.closed) throw new GradbookError(`comm ${this.id} (${this.targetName}) is closed; open a new one`);
    this.manager.publish("comm_msg", { comm_id: this.id, data }, metadata);
  }

  /** Closes the comm on both sides. Example: `comm.close({ reason: "done" })`. */
  close(data: unknown = {}): void {
    if (this.closed) return;
    this.closed = true;
    this.manager.forget(this.id);
    this.manager.publish("comm_close", { comm_id: this.id, data }, {});
  }

  /** Runs `handler` for each message from the frontend. Example: `comm.onMessage((data) => ...)`. */
  onMessage(handler: (data: unknown, message: CommMessage) => void): void {
    this.messageHandlers.push(handler);
  }

  /** Runs `handler` when the frontend closes the comm. */
  onClose(handler: (data: unknown, message: CommMessage) => void): void {
    this.closeHandlers.push(handler);
  }

  /** Whether the comm was closed from either side. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** @internal */
  deliver(message: CommMessage): void {
    for (const handler of this.messageHandlers) handler(message.data, message);
  }

  /** @internal */
  closedByFrontend(message: CommMessage): void {
    this.closed = true;
    for (const handler of this.closeHandlers) handler(message.data, message);
  }
}

/** The kernel's comm registry: targets, open comms, and the protocol messages. */
export class CommManager {
  private readonly targets = new Map<string, CommTarget>();
  private readonly comms = new Map<string, Comm>();

  /** `report` shows a handler's error to the user (the comm message still counts as handled). */
  constructor(
    private readonly outbox: Outbox,
    private readonly report: (error: unknown, context: string) => void,
  ) {}

  /** Registers (or replaces) the handler for comms the frontend opens to `name`. */
  registerTarget(name: string, target: CommTarget): void {
    this.targets.set(name, target);
  }

  /** Removes a target; open comms stay open. */
  unregisterTarget(name: string): void {
    this.targets.delete(name);
  }

  /** Opens a comm from the kernel side. Example: `comms.open("my.widget", { value: 0 })`. */
  open(targetName: string, data: unknown = {}, metadata: Record<string, unknown> = {}): Comm {
    const comm = new Comm(randomUUID(), targetName, this);
    this.comms.set(comm.id, comm);
    this.publish("comm_open", { comm_id: comm.id, target_name: targetName, data }, metadata);
    return comm;
  }

  /** Content of a comm_info_reply: the open comms, optionally of one target. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const comms: Record<string, { target_name: string }> = {};
    for (const comm of this.comms.values()) {
      if (!targetName || comm.targetName === targetName) comms[comm.id] = { target_name: comm.targetName };
    }
    return comms;
  }

  /** Handles comm_open / comm_msg / comm_close from the frontend. */
  receive(message: Message): void {
    const content = message.content as { comm_id?: string; target_name?: string; data?: unknown };
    const id = String(content.comm_id ?? "");
    const payload: CommMessage = { data: content.data ?? {}, metadata: message.metadata, buffers: message.buffers };
    switch (message.header.msg_type) {
      case "comm_open": {
        const name = String(content.target_name ?? "");
        const target = this.targets.get(name);
        if (!target) {
          // Tell the frontend at once rather than leave it waiting on a dead comm.
          this.publish("comm_close", { comm_id: id, data: { error: `no comm target named ${JSON.stringify(name)} is registered in the kernel` } }, {});
          return;
        }
        const comm = new Comm(id, name, this);
        this.comms.set(id, comm);
        this.guard(() => target(comm, payload.data, payload), `comm target ${JSON.stringify(name)}`);
        return;
      }
      case "comm_msg": {
        const comm = this.comms.get(id);
        if (comm) this.guard(() => comm.deliver(payload), `comm ${comm.targetName} message handler`);
        return;
      }
      case "comm_close": {
        const comm = this.comms.get(id);
        if (!comm) return;
        this.comms.delete(id);
        this.guard(() => comm.closedByFrontend(payload), `comm ${comm.targetName} close handler`);
        return;
      }
    }
  }

  /** @internal */
  publish(msgType: string, content: unknown, metadata: Record<string, unknown>): void {
    this.outbox.publish(msgType, content, undefined, metadata);
  }

  /** @internal */
  forget(id: string): void {
    this.comms.delete(id);
  }

  private guard(run: () => void, context: string): void {
    try {
      run();
    } catch (error) {
      this.report(error, context);
    }
  }
}
