import { test } from "node:test";
import assert from "node:assert/strict";
import { History } from "../../kernel/src/jupyter/history.js";

/** A session that ran: 1 `a = 1`, 2 `print(a)`, 3 `a = 1`, 4 `b = a + 1`, 5 a two-line cell, 6 `print(a)`. */
function session(): History {
  const history = new History();
  ["a = 1", "print(a)", "a = 1", "b = a + 1", "for (x of y)\n  print(x)", "print(a)"].forEach((input, index) => history.add(index + 1, input));
  return history;
}

const lines = (reply: { history: Array<[number, number, unknown]> }) => reply.history.map(([, line]) => line);

test("a reply is status ok with [session, line, input] entries; output: true pairs each input with null output", () => {
  const history = new History();
  history.add(1, "1 + 1");
  history.add(2, "x");
  assert.deepEqual(history.reply({ hist_access_type: "tail", n: 10 }), { status: "ok", history: [[1, 1, "1 + 1"], [1, 2, "x"]] });
  assert.deepEqual(history.reply({ hist_access_type: "tail", n: 10, output: true }).history, [[1, 1, ["1 + 1", null]], [1, 2, ["x", null]]]);
  assert.deepEqual(new History().reply({ hist_access_type: "tail", n: 3 }), { status: "ok", history: [] });
});

test("tail returns the last n entries in order, all of them when n is missing, 0 or null", () => {
  const history = session();
  assert.deepEqual(lines(history.reply({ hist_access_type: "tail", n: 2 })), [5, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "tail", n: 100 })), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "tail" })), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "tail", n: 0 })), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "tail", n: null })), [1, 2, 3, 4, 5, 6]);
});

test("range is start ≤ line < stop in this session (1, or 0 for the current one); other sessions are empty", () => {
  const history = session();
  assert.deepEqual(lines(history.reply({ hist_access_type: "range", session: 1, start: 2, stop: 4 })), [2, 3]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "range", session: 0, start: 5 })), [5, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "range", start: 3, stop: null })), [3, 4, 5, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "range" })), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "range", start: 4, stop: 4 })), []);
  assert.deepEqual(history.reply({ hist_access_type: "range", session: 2, start: 1 }).history, []);
  assert.deepEqual(history.reply({ hist_access_type: "range", session: -1, start: 1 }).history, []);
});

test("search matches glob patterns against the whole input: * is any text (newlines too), ? one character", () => {
  const history = session();
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "print*" })), [2, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "*= 1" })), [1, 3]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "a" })), []);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "? = *" })), [1, 3, 4]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "for*print(x)" })), [5]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search" })), [1, 2, 3, 4, 5, 6]);
});

test("search treats regular-expression characters in the pattern literally", () => {
  const history = new History();
  ["f(x) + 1", "fx + 1", "a.b", "axb", "^$|[]{}\\"].forEach((input, index) => history.add(index + 1, input));
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "f(x)*" })), [1]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "a.b" })), [3]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "*+ 1" })), [1, 2]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "^$|[]{}\\" })), [5]);
});

test("search with unique keeps only the latest run of each input; n keeps the last n matches", () => {
  const history = session();
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "*", unique: true })), [3, 4, 5, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "*a*", unique: true })), [3, 4, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "*", n: 2 })), [5, 6]);
  assert.deepEqual(lines(history.reply({ hist_access_type: "search", pattern: "*", unique: true, n: 3 })), [4, 5, 6]);
  // Searching does not disturb the history itself.
  assert.deepEqual(lines(history.reply({ hist_access_type: "tail" })), [1, 2, 3, 4, 5, 6]);
});

test("an unknown or missing access type gives an empty history", () => {
  const history = session();
  assert.deepEqual(history.reply({ hist_access_type: "everything" }), { status: "ok", history: [] });
  assert.deepEqual(history.reply({}), { status: "ok", history: [] });
});
