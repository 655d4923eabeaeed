import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endpoint, readConnectionFile, type ConnectionInfo } from "../../kernel/src/jupyter/connection.js";

const folder = mkdtempSync(join(tmpdir(), "gradbook-connection-"));
after(() => rmSync(folder, { recursive: true, force: true }));

let files = 0;
function connectionFile(content: string): string {
  const path = join(folder, `kernel-${++files}.json`);
  writeFileSync(path, content);
  return path;
}

/** What `jupyter_client` writes for a tcp kernel. */
const written = {
  shell_port: 53794,
  iopub_port: 53795,
  stdin_port: 53796,
  control_port: 53797,
  hb_port: 53798,
  ip: "127.0.0.1",
  key: "a0436f6c-1916-498b-8eb9-e81ab9368e84",
  transport: "tcp",
  signature_scheme: "hmac-sha256",
  kernel_name: "gradbook",
};

test("a connection file written by jupyter_client is read as is", () => {
  const info = readConnectionFile(connectionFile(JSON.stringify(written)));
  assert.deepEqual(info, written);
});

test("transport defaults to tcp, the key to empty (signing off) and the scheme to hmac-sha256", () => {
  const { transport, key, signature_scheme, ...rest } = written;
  const info = readConnectionFile(connectionFile(JSON.stringify(rest)));
  assert.equal(info.transport, "tcp");
  assert.equal(info.key, "");
  assert.equal(info.signature_scheme, "hmac-sha256");
  assert.equal(info.shell_port, 53794);
});

test("a signature scheme other than hmac-sha256 is refused when there is a key, naming the file and the scheme", () => {
  const path = connectionFile(JSON.stringify({ ...written, signature_scheme: "hmac-md5" }));
  assert.throws(() => readConnectionFile(path), (error: Error) => {
    assert.match(error.message, /unsupported signature_scheme hmac-md5/);
    assert.ok(error.message.includes(path), error.message);
    return true;
  });
  // Without a key nothing is signed, so the scheme does not matter.
  const unsigned = readConnectionFile(connectionFile(JSON.stringify({ ...written, key: "", signature_scheme: "hmac-md5" })));
  assert.equal(unsigned.key, "");
});

test("a missing file fails with an error that names it", () => {
  const path = join(folder, "does-not-exist.json");
  assert.throws(() => readConnectionFile(path), (error: NodeJS.ErrnoException) => {
    assert.equal(error.code, "ENOENT");
    assert.ok(error.message.includes(path), error.message);
    return true;
  });
});

test("a file that is not JSON, or not a JSON object, fails with an error that names it", () => {
  for (const [content, expected] of [
    ['{"shell_port": 1,', /not valid JSON/],
    ["", /not valid JSON/],
    ["null", /expected a JSON object, got null/],
    ["[1, 2]", /expected a JSON object, got \[1,2\]/],
    ['"tcp"', /expected a JSON object, got "tcp"/],
  ] as const) {
    const path = connectionFile(content);
    assert.throws(() => readConnectionFile(path), (error: Error) => {
      assert.match(error.message, expected);
      assert.ok(error.message.startsWith(`connection file ${path}: `), error.message);
      return true;
    }, JSON.stringify(content));
  }
});

test("tcp endpoints are transport://ip:port, ipc endpoints transport://path-port (as jupyter_client names them)", () => {
  const tcp: ConnectionInfo = { ...written };
  assert.equal(endpoint(tcp, "shell_port"), "tcp://127.0.0.1:53794");
  assert.equal(endpoint(tcp, "iopub_port"), "tcp://127.0.0.1:53795");
  assert.equal(endpoint(tcp, "stdin_port"), "tcp://127.0.0.1:53796");
  assert.equal(endpoint(tcp, "control_port"), "tcp://127.0.0.1:53797");
  assert.equal(endpoint(tcp, "hb_port"), "tcp://127.0.0.1:53798");
  const ipc: ConnectionInfo = { ...written, transport: "ipc", ip: "/tmp/kernel-7", shell_port: 1, hb_port: 5 };
  assert.equal(endpoint(ipc, "shell_port"), "ipc:///tmp/kernel-7-1");
  assert.equal(endpoint(ipc, "hb_port"), "ipc:///tmp/kernel-7-5");
});
