/**
 * The connection file Jupyter writes for a kernel: where to bind and how to sign.
 * Example: `const info = readConnectionFile("/tmp/kernel-1.json"); endpoint(info, "shell_port")`.
 */
import { readFileSync } from "node:fs";

export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

export type PortName = "shell_port" | "iopub_port" | "stdin_port" | "control_port" | "hb_port";

/**
 * Reads and checks a connection file. Only `hmac-sha256` signing is supported because
 * that is what every Jupyter client writes; anything else is refused rather than ignored.
 * Example: `readConnectionFile(process.argv[2])`.
 */
export function readConnectionFile(path: string): ConnectionInfo {
  let info: ConnectionInfo;
  try {
    info = JSON.parse(readFileSync(path, "utf8")) as ConnectionInfo;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error; // ENOENT and friends already name the path
    throw new Error(`connection file ${path}: not valid JSON (${error.message})`);
  }
  if (typeof info !== "object" || info === null || Array.isArray(info)) {
    throw new Error(`connection file ${path}: expected a JSON object, got ${JSON.stringify(info)}`);
  }
  const scheme = info.signature_scheme ?? "hmac-sha256";
  if (info.key && scheme !== "hmac-sha256") {
    throw new Error(`connection file ${path}: unsupported signature_scheme ${scheme} (only hmac-sha256)`);
  }
  return { ...info, transport: info.transport ?? "tcp", key: info.key ?? "", signature_scheme: scheme };
}

/** The ZeroMQ address for one port, e.g. `endpoint(info, "hb_port")` → `tcp://127.0.0.1:5678`. */
export function endpoint(info: ConnectionInfo, port: PortName): string {
  const separator = info.transport === "ipc" ? "-" : ":";
  return `${info.transport}://${info.ip}${separator}${info[port]}`;
}
