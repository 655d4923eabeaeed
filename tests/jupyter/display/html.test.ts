import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeHtml, htmlToText } from "../../../kernel/src/jupyter/display/html.js";

test("escapeHtml escapes the five HTML-special characters", () => {
  assert.equal(escapeHtml(`<script>alert("x" & 'y')</script>`), "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
  assert.equal(escapeHtml("plain text"), "plain text");
  assert.equal(escapeHtml("&amp;"), "&amp;amp;"); // escaping twice shows the entity, not the character
});

test("htmlToText drops tags and scripts, keeps block breaks, decodes entities", () => {
  assert.equal(htmlToText("<p>a &amp; b</p><p>c&lt;d</p>"), "a & b\nc<d");
  assert.equal(htmlToText("<b>x</b><script>evil()</script><style>p{}</style>"), "x");
  assert.equal(htmlToText("<table><tr><td>1</td><td>2</td></tr></table>"), "1\t2");
  assert.equal(htmlToText("&#65;&#x42;&nbsp;&unknown;"), "AB &unknown;");
});
