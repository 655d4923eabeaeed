import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { clearOutput, display } from "../../../kernel/src/jupyter/display/display.js";
import { mimeBundleSymbol } from "../../../kernel/src/jupyter/display/mimebundle.js";
import { withSink } from "./fake-sink.js";

test("display(value) sends the value's bundle as new display_data", async () => {
  await withSink((sink) => {
    display(1 + 1);
    assert.deepEqual(sink.calls, [{ kind: "display", data: { "text/plain": "2" }, metadata: {}, id: undefined, update: false }]);
  });
});

test("display(value) uses the mime bundle hook", async () => {
  await withSink((sink) => {
    display({ [mimeBundleSymbol]: () => ({ "text/html": "<b>hi</b>" }) });
    assert.deepEqual(sink.displays()[0]?.data, { "text/html": "<b>hi</b>", "text/plain": "hi" });
  });
});

test("a plain object keyed by MIME types is shown as a ready-made bundle", async () => {
  await withSink((sink) => {
    display({ "text/html": "<i>x</i>", "text/plain": "x" }, { id: "a" });
    assert.deepEqual(sink.displays()[0], { kind: "display", data: { "text/html": "<i>x</i>", "text/plain": "x" }, metadata: {}, id: "a", update: false });
  });
});

test("display(data, metadata, { id, update }) is the full bundle call", async () => {
  await withSink((sink) => {
    display({ "image/png": "AAAA" }, { "image/png": { width: 10 } }, { id: "img" });
    display({ "image/png": "BBBB" }, { "image/png": { width: 20 } }, { id: "img", update: true });
    const [first, second] = sink.displays();
    assert.deepEqual(first, { kind: "display", data: { "image/png": "AAAA", "text/plain": "[image/png, 4 B]" }, metadata: { "image/png": { width: 10 } }, id: "img", update: false });
    assert.equal(second?.update, true);
    assert.equal(second?.id, "img");
    assert.deepEqual(second?.metadata, { "image/png": { width: 20 } });
  });
});

test("two arguments whose second holds MIME keys are a bundle with metadata", async () => {
  await withSink((sink) => {
    display({ "text/plain": "x" }, { "text/plain": { note: 1 } });
    assert.deepEqual(sink.displays()[0]?.metadata, { "text/plain": { note: 1 } });
  });
});

test("display rejects an update without an id and unknown options, naming them", async () => {
  await withSink((sink) => {
    assert.throws(() => display(1, { update: true }), /update: true needs the id/);
    assert.throws(() => display(1, { idd: "x" } as never), /unknown option idd; the options are id and update/);
    assert.throws(() => display(1, { id: "" }), /id must be a non-empty string/);
    assert.throws(() => display("not a bundle" as never, {}, { id: "x" }), /first argument must be a MIME bundle/);
    assert.equal(sink.calls.length, 0);
  });
});

test("display.html/svg/markdown/json send their MIME type with a text fallback", async () => {
  await withSink((sink) => {
    display.html("<p>a &amp; b</p>");
    display.svg("<svg/>", { id: "s" });
    display.markdown("**bold**");
    display.json({ a: [1, 2] });
    const data = sink.displays().map((call) => call.data);
    assert.deepEqual(data[0], { "text/html": "<p>a &amp; b</p>", "text/plain": "a & b" });
    assert.deepEqual(data[1], { "image/svg+xml": "<svg/>", "text/plain": "[SVG image]" });
    assert.equal(sink.displays()[1]?.id, "s");
    assert.deepEqual(data[2], { "text/markdown": "**bold**", "text/plain": "**bold**" });
    assert.deepEqual(data[3], { "application/json": { a: [1, 2] }, "text/plain": '{\n  "a": [\n    1,\n    2\n  ]\n}' });
  });
});

test("display.png base64-encodes bytes and passes the size as metadata", async () => {
  await withSink((sink) => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    display.png(bytes, { width: 64 });
    display.png("data:image/png;base64,iVBORw==");
    const [first, second] = sink.displays();
    assert.equal(first?.data["image/png"], "iVBORw==");
    assert.equal(first?.data["text/plain"], "[PNG image, 4 bytes]");
    assert.deepEqual(first?.metadata, { "image/png": { width: 64 } });
    assert.equal(second?.data["image/png"], "iVBORw==");
    assert.deepEqual(second?.metadata, {});
  });
});

test("display.json refuses what JSON cannot hold", async () => {
  await withSink(() => {
    assert.throws(() => display.json(undefined), /undefined is not JSON-serialisable/);
  });
});

test("clearOutput passes wait through", async () => {
  await withSink((sink) => {
    clearOutput();
    clearOutput({ wait: true });
    assert.deepEqual(sink.calls, [
      { kind: "clear", wait: false },
      { kind: "clear", wait: true },
    ]);
  });
});

test("without a kernel, the display API prints text/plain to stdout", () => {
  const index = pathToFileURL(fileURLToPath(new URL("../../../kernel/src/jupyter/display/index.ts", import.meta.url))).href;
  const script = `
    import { display, clearOutput, progress } from ${JSON.stringify(index)};
    display(1 + 1);
    display.html("<b>bold</b> &amp; more");
    display({ "text/plain": "old" }, {}, { id: "x" });
    display({ "text/plain": "new" }, {}, { id: "x", update: true });
    clearOutput();
    const bar = progress(3, { label: "steps", now: () => 0 });
    bar.advance(); bar.advance(); bar.advance();
    bar.done();
  `;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(child.stderr, "");
  assert.equal(child.status, 0);
  assert.equal(
    child.stdout,
    ["2", "bold & more", "old", "new", "steps: 100% |████████████████████████| 3/3 [00:00<00:00, ? it/s]", ""].join("\n"),
  );
});
