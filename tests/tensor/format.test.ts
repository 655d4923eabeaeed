import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { tensor, scalar, arange, zeros, formatTensor, tensorToHTML, setPrintOptions, mimeBundleOf, ArgumentError } from "../../kernel/src/index.js";

test("small tensors print like NumPy, under a dtype and shape header", () => {
  assert.equal(String(tensor([[1, 2, 3], [4, 5, 6]])), "Tensor float32 [2, 3]\n[[1., 2., 3.],\n [4., 5., 6.]]");
  assert.equal(String(tensor([[1, -20], [300, 4]], "int32")), "Tensor int32 [2, 2]\n[[  1, -20],\n [300,   4]]");
  // Decimal points line up; digits are padded on the right, as NumPy does.
  assert.equal(String(tensor([0.1, 0.25, -3])), "Tensor float32 [3]\n[ 0.1 ,  0.25, -3.  ]");
  assert.equal(String(tensor([true, false])), "Tensor bool [2]\n[ true, false]");
  assert.equal(String(tensor([true, true])), "Tensor bool [2]\n[true, true]");
  assert.equal(String(scalar(3.5)), "Tensor float32 []\n3.5");
  assert.equal(String(scalar(7, "int32")), "Tensor int32 []\n7");
  assert.equal(String(scalar(2)), "Tensor float32 []\n2.");
  assert.equal(String(tensor([NaN, 1, Infinity, -Infinity])), "Tensor float32 [4]\n[ nan,   1.,  inf, -inf]");
  assert.equal(String(zeros([2, 0])), "Tensor float32 [2, 0]\n[]");
  assert.equal(String(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], "int32")), "Tensor int32 [2, 2, 2]\n[[[1, 2],\n  [3, 4]],\n\n [[5, 6],\n  [7, 8]]]");
});

test("floats show their shortest digits, at most `precision` of them, else scientific notation", () => {
  // float32 0.1 is 0.100000001490116…; it prints as 0.1.
  assert.equal(String(tensor([0.1, 0.2])), "Tensor float32 [2]\n[0.1, 0.2]");
  assert.equal(String(tensor([1 / 3, 2 / 3], "float64")), "Tensor float64 [2]\n[0.33333333, 0.66666667]");
  assert.equal(String(tensor([1e-5, 1.5e3])), "Tensor float32 [2]\n[1.0e-05, 1.5e+03]");
  assert.equal(String(tensor([1e9, 2e9], "float64")), "Tensor float64 [2]\n[1.e+09, 2.e+09]");
  const previous = setPrintOptions({ precision: 3 });
  try {
    assert.equal(String(tensor([Math.PI, 1], "float64")), "Tensor float64 [2]\n[3.142, 1.   ]");
  } finally {
    setPrintOptions(previous);
  }
  assert.throws(() => setPrintOptions({ edgeItems: 0 }), (e: unknown) => e instanceof ArgumentError && /setPrintOptions: edgeItems must be a positive integer, got 0/.test(e.message));
});

test("tensors beyond 1000 elements are summarised with an elided middle", () => {
  assert.equal(String(arange(2000)), "Tensor int32 [2000]\n[   0,    1,    2, ..., 1997, 1998, 1999]");
  assert.ok(!String(arange(1000)).includes("..."), "1000 elements print in full");
  assert.ok(String(arange(1001)).includes("..."));
  const big = String(arange(2000).reshape([40, 50]));
  assert.equal(
    big,
    [
      "Tensor int32 [40, 50]",
      "[[   0,    1,    2, ...,   47,   48,   49],",
      " [  50,   51,   52, ...,   97,   98,   99],",
      " [ 100,  101,  102, ...,  147,  148,  149],",
      " ...,",
      " [1850, 1851, 1852, ..., 1897, 1898, 1899],",
      " [1900, 1901, 1902, ..., 1947, 1948, 1949],",
      " [1950, 1951, 1952, ..., 1997, 1998, 1999]]",
    ].join("\n"),
  );
  assert.equal(String(arange(3000).reshape([3, 10, 100])).split("\n").filter((l) => l.trim() === "...,").length, 3);
});

test("long rows wrap at 75 characters, continuation lines indented", () => {
  const lines = String(arange(100)).split("\n").slice(1);
  assert.ok(lines.length > 1);
  for (const line of lines) assert.ok(line.length <= 75, `line too long: ${line}`);
  assert.equal(lines[0]!.slice(0, 8), "[ 0,  1,");
  assert.ok(lines.slice(1).every((l) => l.startsWith(" ") && !l.startsWith("  ")));
  const parsed = lines.join("").replace(/[[\]\s]/g, "").split(",").map(Number);
  assert.deepEqual(parsed, Array.from({ length: 100 }, (_, i) => i));
});

test("util.inspect and console.log show the same text; disposed tensors say so", () => {
  const t = tensor([1, 2]);
  assert.equal(inspect(t), t.toString());
  assert.equal(inspect({ t }), `{\n  t: Tensor float32 [2]\n  [1., 2.]\n}`);
  assert.equal(formatTensor(t), t.toString());
  t.dispose();
  assert.equal(String(t), "Tensor float32 [2] (disposed)");
});

test("the HTML table form: indices as headers, values formatted, everything escaped", () => {
  assert.equal(
    tensorToHTML(tensor([[1, 2], [3, 4.5]])),
    '<table class="gradbook-tensor" style="font-family: monospace; text-align: right"><caption style="text-align: left; white-space: nowrap">Tensor float32 [2, 2]</caption>' +
      "<thead><tr><th></th><th>0</th><th>1</th></tr></thead>" +
      "<tbody><tr><th>0</th><td>1.</td><td>2.</td></tr><tr><th>1</th><td>3.</td><td>4.5</td></tr></tbody></table>",
  );
  assert.match(tensorToHTML(tensor([true, false]))!, /<thead><tr><th>0<\/th><th>1<\/th><\/tr><\/thead><tbody><tr><td>true<\/td><td>false<\/td><\/tr><\/tbody>/);
  assert.match(tensorToHTML(scalar(5, "int32"))!, /<caption[^>]*>Tensor int32 \[\]<\/caption><tbody><tr><td>5<\/td><\/tr><\/tbody>/);
  assert.equal(tensorToHTML(zeros([2, 2, 2])), undefined);
  const named = tensor([1]);
  named.name = `<script>alert("x")</script>&'`;
  const html = tensorToHTML(named)!;
  assert.ok(!html.includes("<script"), html);
  assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"), html);
  // Big matrices elide rows and columns like the text form.
  const big = tensorToHTML(arange(2000).reshape([40, 50]))!;
  assert.equal((big.match(/<tr>/g) ?? []).length, 1 + 7);
  assert.ok(big.includes("<th>⋮</th>") && big.includes("<td>…</td>") && big.includes("<td>1999</td>"));
});

test("the display hook gives text/plain and, for ranks 0-2, text/html", () => {
  const t = tensor([[1, 2]]);
  const hook = (t as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("gradbook.mimebundle")]!;
  const bundle = hook.call(t);
  assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert.equal(bundle["text/plain"], t.toString());
  assert.equal(bundle["text/html"], tensorToHTML(t));
  assert.deepEqual(mimeBundleOf(t), bundle);
  assert.deepEqual(Object.keys(mimeBundleOf(zeros([1, 1, 1]))), ["text/plain"]);
});
