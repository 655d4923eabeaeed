import { test } from "node:test";
import assert from "node:assert/strict";
import { isMimeBundle, mimeBundleOf, mimeBundleSymbol, withTextFallback } from "../../../kernel/src/jupyter/display/mimebundle.js";

test("the hook key is the registered symbol anyone can implement", () => {
  assert.equal(mimeBundleSymbol, Symbol.for("gradbook.mimebundle"));
});

test("mimeBundleOf uses util.inspect text for ordinary values", () => {
  assert.deepEqual(mimeBundleOf(2), { "text/plain": "2" });
  assert.deepEqual(mimeBundleOf("hi"), { "text/plain": "'hi'" });
  assert.deepEqual(mimeBundleOf(undefined), { "text/plain": "undefined" });
  assert.deepEqual(mimeBundleOf(null), { "text/plain": "null" });
  assert.deepEqual(mimeBundleOf({ a: [1, 2] }), { "text/plain": "{ a: [ 1, 2 ] }" });
});

test("mimeBundleOf prefers the value's own bundle and adds text/plain when it lacks one", () => {
  const withText = { [mimeBundleSymbol]: () => ({ "text/html": "<i>x</i>", "text/plain": "x!" }) };
  assert.deepEqual(mimeBundleOf(withText), { "text/html": "<i>x</i>", "text/plain": "x!" });
  const htmlOnly = { [mimeBundleSymbol]: () => ({ "text/html": "<p>a &lt; b</p>" }) };
  assert.deepEqual(mimeBundleOf(htmlOnly), { "text/html": "<p>a &lt; b</p>", "text/plain": "a < b" });
});

test("mimeBundleOf calls the hook with the value as this", () => {
  class Point {
    constructor(readonly x: number) {}
    [mimeBundleSymbol]() {
      return { "text/plain": `Point(${this.x})` };
    }
  }
  assert.deepEqual(mimeBundleOf(new Point(3)), { "text/plain": "Point(3)" });
});

test("mimeBundleOf uses toHTML() when there is no hook", () => {
  const value = { toHTML: () => "<b>bold</b>" };
  const bundle = mimeBundleOf(value);
  assert.equal(bundle["text/html"], "<b>bold</b>");
  assert.match(String(bundle["text/plain"]), /toHTML/);
});

test("a hook that returns no object is reported with what it returned", () => {
  const bad = { [mimeBundleSymbol]: () => 42 };
  assert.throws(() => mimeBundleOf(bad), /must return an object of MIME type → data, got 42/);
});

test("isMimeBundle accepts only plain objects keyed by MIME types", () => {
  assert.equal(isMimeBundle({ "text/plain": "x", "application/vnd.gradbook.graph.v1+json": {} }), true);
  assert.equal(isMimeBundle({}), false);
  assert.equal(isMimeBundle({ text: "x" }), false);
  assert.equal(isMimeBundle(["text/plain"]), false);
  assert.equal(isMimeBundle(new (class { "text/plain" = "x"; })()), false);
});

test("withTextFallback derives text from markdown, JSON, or names the content", () => {
  assert.equal(withTextFallback({ "text/markdown": "# T" })["text/plain"], "# T");
  assert.equal(withTextFallback({ "application/json": { a: 1 } })["text/plain"], '{\n  "a": 1\n}');
  assert.equal(withTextFallback({ "image/png": "AAAA" })["text/plain"], "[image/png, 4 B]");
  assert.equal(withTextFallback({ "text/plain": "kept", "text/html": "<b>no</b>" })["text/plain"], "kept");
});
