import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { input } from "../../../kernel/src/jupyter/display/input.js";
import { withSink } from "./fake-sink.js";

test("in the kernel, input() asks the sink (an input_request) and returns the reply", async () => {
  await withSink(async (sink) => {
    sink.replies.push("Ada", "secret");
    assert.equal(await input("Name: "), "Ada");
    assert.equal(await input("Password: ", { password: true }), "secret");
    assert.deepEqual(sink.calls, [
      { kind: "input", prompt: "Name: ", password: false },
      { kind: "input", prompt: "Password: ", password: true },
    ]);
  });
});

const module = pathToFileURL(fileURLToPath(new URL("../../../kernel/src/jupyter/display/input.ts", import.meta.url))).href;

function runPlain(code: string, stdin: string) {
  const script = `import { input } from ${JSON.stringify(module)};\n${code}`;
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", input: stdin });
}

test("in plain Node, input() reads a line from stdin after printing the prompt", () => {
  const child = runPlain(`const a = await input("Name: "); const b = await input("Pin: ", { password: true }); console.log(JSON.stringify([a, b]));`, "Ada\n1234\n");
  assert.equal(child.stderr, "");
  assert.equal(child.stdout, 'Name: Pin: ["Ada","1234"]\n');
});

test("in plain Node, input() rejects clearly when stdin ends first", () => {
  const child = runPlain(`await input("Name: ").catch((error) => console.log(error.message));`, "");
  assert.equal(child.stdout, 'Name: input: standard input closed before an answer to "Name: "\n');
});
