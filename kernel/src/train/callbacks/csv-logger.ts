import { checkOptions, optionNames } from "../../tensor/options.js";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Logs } from "../compile.js";
import { Callback } from "./callback.js";

export interface CSVLoggerOptions {
  /** Column separator. Default ",". */
  separator?: string;
  /** Add to an existing file (its header is kept) instead of overwriting it. Default false. */
  append?: boolean;
}

function cell(value: number | string | undefined): string {
  if (value === undefined) return "NA";
  if (typeof value === "string") return value;
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return String(value);
}

/**
 * Writes one CSV row per epoch: "epoch" then the logs' keys in sorted order (as Keras).
 * @example new CSVLogger("training.csv", { append: true })
 */
export class CSVLogger extends Callback {
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | undefined;
  private writeHeader = true;

  constructor(
    readonly path: string,
    options: CSVLoggerOptions = {},
  ) {
    super();
    checkOptions("CSVLogger", options, optionNames<CSVLoggerOptions>({ separator: true, append: true }));
    this.separator = options.separator ?? ",";
    this.append = options.append ?? false;
  }

  override onTrainBegin(): void {
    this.keys = undefined;
    if (this.append && existsSync(this.path)) {
      this.writeHeader = readFileSync(this.path, "utf8").length === 0;
    } else {
      writeFileSync(this.path, "");
      this.writeHeader = true;
    }
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.keys ??= Object.keys(logs).sort();
    const lines: string[] = [];
    if (this.writeHeader) {
      lines.push(["epoch", ...this.keys].join(this.separator));
      this.writeHeader = false;
    }
    lines.push([String(epoch), ...this.keys.map((k) => cell(logs[k]))].join(this.separator));
    appendFileSync(this.path, lines.map((l) => `${l}\n`).join(""));
  }
}
