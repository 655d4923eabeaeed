import "../dom.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { mimeTypeOf, type SweepPayload } from "gradbook/payloads";
import { GradbookRenderer, h, replaceChildren, type RenderContext } from "../../../extension/src/common/index.js";
import { attach, mimeModel, textOf } from "../helpers.js";

/** A minimal view: writes each run id as text, records every render. */
class ProbeRenderer extends GradbookRenderer<"sweep"> {
  rendered: string[] = [];
  contexts: RenderContext[] = [];
  delay = 0;
  failWith: string | undefined;
  constructor(options: Partial<IRenderMime.IRendererOptions> = {}) {
    super("sweep", options as IRenderMime.IRendererOptions);
  }
  protected async render(payload: SweepPayload, context: RenderContext): Promise<void> {
    if (this.delay) await new Promise((resolve) => setTimeout(resolve, this.delay));
    if (this.failWith) throw new Error(this.failWith);
    this.rendered.push(payload.title ?? "");
    this.contexts.push(context);
    replaceChildren(this.content, ...payload.runs.map((run) => h("span", { class: "run" }, run.id)));
  }
}

const mime = mimeTypeOf("sweep");
const sweep = (title: string, ids: string[] = []): SweepPayload => ({
  version: 1, title, parameters: [], metric: "loss", goal: "min",
  runs: ids.map((id) => ({ id, params: {}, status: "done", final: {}, curves: {} })),
});

test("a valid payload renders and the error box stays hidden", async () => {
  const renderer = attach(new ProbeRenderer());
  await renderer.renderModel(mimeModel(mime, sweep("a", ["r1"])));
  assert.equal(textOf(renderer.node.querySelector(".gb-view-content")!), "r1");
  assert.equal(renderer.node.querySelector<HTMLElement>(".gb-error")!.hidden, true);
  assert.ok(renderer.node.classList.contains("gb-view-sweep"));
});

test("a future-version payload shows an error box with the reason, then a good one replaces it", async () => {
  const renderer = attach(new ProbeRenderer());
  await renderer.renderModel(mimeModel(mime, { ...sweep("x"), version: 2 }));
  const box = renderer.node.querySelector<HTMLElement>(".gb-error")!;
  assert.equal(box.hidden, false);
  assert.match(textOf(box), /version 2/);
  assert.match(textOf(box), /reads version 1/);
  assert.equal(renderer.node.querySelector<HTMLElement>(".gb-view-content")!.hidden, true);
  await renderer.renderModel(mimeModel(mime, sweep("ok", ["r1"])));
  assert.equal(box.hidden, true);
  assert.equal(renderer.node.querySelector<HTMLElement>(".gb-view-content")!.hidden, false);
});

test("a payload without a version is called malformed, not out of date; in Russian when the payload says so", async () => {
  const renderer = attach(new ProbeRenderer());
  const { version: _, ...unversioned } = sweep("x");
  await renderer.renderModel(mimeModel(mime, unversioned));
  const box = renderer.node.querySelector<HTMLElement>(".gb-error")!;
  assert.match(textOf(box), /malformed: it has no version number/);
  assert.doesNotMatch(textOf(box), /update gradbook/);
  await renderer.renderModel(mimeModel(mime, { ...unversioned, locale: "ru" }));
  assert.match(textOf(box), /повреждены: в них нет номера версии/);
});

test("malformed payloads (not an object, missing lists, missing data) show the reason", async () => {
  for (const [data, reason] of [
    ["hello", /not an object/],
    [{ version: 1, parameters: [] }, /no "runs" list/],
    [undefined, /not an object/],
  ] as const) {
    const renderer = attach(new ProbeRenderer());
    await renderer.renderModel(mimeModel(mime, data));
    assert.match(textOf(renderer.node.querySelector(".gb-error")!), reason);
  }
});

test("an exception while drawing becomes an error box naming the view", async () => {
  const renderer = attach(new ProbeRenderer());
  renderer.failWith = "boom <b>";
  await renderer.renderModel(mimeModel(mime, sweep("a")));
  const box = renderer.node.querySelector(".gb-error")!;
  assert.match(textOf(box), /drawing the sweep view failed: boom <b>/);
  assert.equal(box.querySelector("b"), null);
});

test("labels are text: a <script> label renders as characters, no element is created", async () => {
  const renderer = attach(new ProbeRenderer());
  await renderer.renderModel(mimeModel(mime, sweep("t", ["<script>window.pwned = 1</script>", "<img src=x onerror=alert(1)>"])));
  assert.equal(renderer.node.querySelector("script"), null);
  assert.equal(renderer.node.querySelector("img"), null);
  assert.match(textOf(renderer.node), /<script>window.pwned = 1<\/script>/);
  assert.equal((globalThis as { pwned?: number }).pwned, undefined);
});

test("renders run one at a time and the latest waiting model wins", async () => {
  const renderer = attach(new ProbeRenderer());
  renderer.delay = 20;
  const first = renderer.renderModel(mimeModel(mime, sweep("1")));
  const second = renderer.renderModel(mimeModel(mime, sweep("2")));
  const third = renderer.renderModel(mimeModel(mime, sweep("3")));
  await Promise.all([first, second, third]);
  assert.deepEqual(renderer.rendered, ["1", "3"]);
  assert.deepEqual(renderer.contexts.map((c) => c.renderCount), [0, 1]);
});

test("untrusted models render the same view, with trusted=false in the context", async () => {
  const renderer = attach(new ProbeRenderer());
  await renderer.renderModel(mimeModel(mime, sweep("u", ["r1"]), false));
  assert.equal(textOf(renderer.node.querySelector(".gb-view-content")!), "r1");
  assert.equal(renderer.contexts[0]!.trusted, false);
});

test("the locale comes from the payload, else from JupyterLab's language", async () => {
  const translator = { languageCode: "ru-RU", load: () => ({}) } as unknown as IRenderMime.ITranslator;
  const fromLab = attach(new ProbeRenderer({ translator }));
  await fromLab.renderModel(mimeModel(mime, sweep("a")));
  assert.equal(fromLab.contexts[0]!.locale, "ru");
  await fromLab.renderModel(mimeModel(mime, { ...sweep("b"), locale: "en" }));
  assert.equal(fromLab.contexts[1]!.locale, "en");
  const error = attach(new ProbeRenderer({ translator }));
  await error.renderModel(mimeModel(mime, { version: 9 }));
  assert.match(textOf(error.node.querySelector(".gb-error")!), /не может показать/);
});
