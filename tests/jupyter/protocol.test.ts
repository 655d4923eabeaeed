// Protocol tests for the gradbook kernel: one kernel (preloading a small fixture
// library instead of the real one, so these tests do not depend on it) serves every
// test in this file, in order. Run: node --import tsx --test tests/jupyter/protocol.test.ts
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { KernelClient, type ExecuteResult } from "./helpers/kernel-client.js";
import type { Message } from "../../kernel/src/jupyter/wire.js";

const fixture = fileURLToPath(new URL("./helpers/fixture-library.js", import.meta.url));
let kernel: KernelClient;

const ofType = (result: ExecuteResult, type: string): Message[] => result.outputs.filter((m) => m.header.msg_type === type);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Submits `code`, waits until it is running, interrupts it one way or the other, returns its result. */
async function interrupted(code: string, mode: "message" | "signal"): Promise<ExecuteResult> {
  const header = kernel.submit(code);
  await kernel.waitIopub((m) => m.parent_header.msg_id === header.msg_id && m.header.msg_type === "execute_input");
  await sleep(150);
  if (mode === "message") {
    const reply = await kernel.request("control", "interrupt_request", {});
    assert.equal(reply.header.msg_type, "interrupt_reply");
    assert.equal(reply.content.status, "ok");
  } else {
    kernel.process.kill("SIGINT");
  }
  return kernel.collect(header, 5000);
}

function assertInterrupted(result: ExecuteResult): void {
  assert.equal(result.reply.content.status, "error");
  assert.equal(result.reply.content.ename, "Interrupted");
  assert.equal(ofType(result, "error").length, 1);
}

before(async () => {
  kernel = await KernelClient.start({ env: { GRADBOOK_LIBRARY: fixture } });
});

after(async () => {
  await kernel?.close();
});

describe("kernel_info", () => {
  test("reply describes the kernel and the TypeScript version tslab uses", async () => {
    const reply = await kernel.request("shell", "kernel_info_request", {});
    assert.equal(reply.header.msg_type, "kernel_info_reply");
    const c = reply.content;
    assert.equal(c.status, "ok");
    assert.equal(c.implementation, "gradbook");
    assert.match(c.implementation_version, /^\d+\.\d+\.\d+/);
    assert.equal(c.protocol_version, "5.3");
    assert.equal(c.language_info.name, "typescript");
    assert.equal(c.language_info.version, "5.0.4");
    assert.equal(c.language_info.mimetype, "text/typescript");
    assert.equal(c.language_info.file_extension, ".ts");
    assert.equal(c.language_info.codemirror_mode, "typescript");
    assert.ok(c.banner.length > 0);
    assert.ok(Array.isArray(c.help_links) && c.help_links.length > 0);
  });

  test("is also answered on the control channel", async () => {
    const reply = await kernel.request("control", "kernel_info_request", {});
    assert.equal(reply.content.implementation, "gradbook");
  });
});

describe("execute", () => {
  test("last expression becomes execute_result; execution_count increments; busy/idle wrap the request", async () => {
    const first = await kernel.execute("1 + 1");
    const second = await kernel.execute("6 * 7");
    assert.equal(first.reply.content.status, "ok");
    assert.equal(second.reply.content.execution_count, first.reply.content.execution_count + 1);
    const input = ofType(second, "execute_input")[0]!;
    assert.equal(input.content.code, "6 * 7");
    assert.equal(input.content.execution_count, second.reply.content.execution_count);
    const [result] = ofType(second, "execute_result");
    assert.deepEqual(result!.content.data, { "text/plain": "42" });
    assert.equal(result!.content.execution_count, second.reply.content.execution_count);
    const statuses = kernel.iopubMessages.filter((m) => m.parent_header.msg_id === second.reply.parent_header.msg_id && m.header.msg_type === "status");
    assert.deepEqual(statuses.map((m) => m.content.execution_state), ["busy", "idle"]);
  });

  test("no execute_result for undefined, for declarations, or when silent", async () => {
    assert.equal(ofType(await kernel.execute("const declared = 5;"), "execute_result").length, 0);
    assert.equal(ofType(await kernel.execute("undefined"), "execute_result").length, 0);
    const silent = await kernel.execute("declared + 1", { silent: true });
    assert.equal(silent.outputs.length, 0);
  });

  test("values with a MIME-bundle hook or toHTML() give rich results with a text/plain fallback", async () => {
    const rich = ofType(await kernel.execute('new Rich("loss")'), "execute_result")[0]!;
    assert.equal(rich.content.data["text/html"], "<b>loss</b>");
    assert.deepEqual(rich.content.data["application/vnd.gradbook.test.v1+json"], { label: "loss" });
    assert.equal(typeof rich.content.data["text/plain"], "string");
    const html = ofType(await kernel.execute("new Html()"), "execute_result")[0]!;
    assert.equal(html.content.data["text/html"], "<i>html</i>");
    assert.equal(typeof html.content.data["text/plain"], "string");
  });

  test("console output is streamed to the running cell; a successful cell writes nothing to stderr", async () => {
    const ok = await kernel.execute('console.log("hello", 1); process.stdout.write("raw\\n");');
    assert.equal(ok.stdout, "hello 1\nraw\n");
    assert.equal(ok.stderr, "");
    const err = await kernel.execute('console.error("oops")');
    assert.equal(err.stderr, "oops\n");
  });

  test("the preloaded library is in scope with its types", async () => {
    const value = ofType(await kernel.execute("fixtureAnswer + 1"), "execute_result")[0]!;
    assert.equal(value.content.data["text/plain"], "43");
    const typed = await kernel.execute("const wrong: string = fixtureAnswer;");
    assert.equal(typed.reply.content.ename, "TypeScriptError");
  });

  test("user_expressions are evaluated after the cell, each to a MIME bundle or its own error", async () => {
    const result = await kernel.execute("const base = 20;", {
      user_expressions: { sum: "base + 22", text: '"a" + "b"', bad: "base.nope()", thrown: '(() => { throw new RangeError("no"); })()' },
    });
    const expressions = result.reply.content.user_expressions;
    assert.deepEqual(expressions.sum, { status: "ok", data: { "text/plain": "42" }, metadata: {} });
    assert.deepEqual(expressions.text, { status: "ok", data: { "text/plain": "'ab'" }, metadata: {} });
    assert.equal(expressions.bad.status, "error");
    assert.equal(expressions.bad.ename, "TypeScriptError");
    assert.equal(expressions.thrown.status, "error");
    assert.equal(expressions.thrown.ename, "RangeError");
    assert.ok(Array.isArray(expressions.thrown.traceback));
    assert.equal(ofType(result, "execute_result").length, 0, "nothing is published for them");
  });

  test("top-level await works", async () => {
    const result = await kernel.execute("await new Promise((resolve) => setTimeout(() => resolve(5), 20))");
    assert.equal(ofType(result, "execute_result")[0]!.content.data["text/plain"], "5");
  });
});

describe("errors", () => {
  test("a runtime error gives ename, evalue and a traceback with the cell's own lines", async () => {
    const code = ["const a: number = 1;", "function fail(why: string): never {", '  throw new RangeError("bad " + why);', "}", 'fail("shape");'].join("\n");
    const result = await kernel.execute(code);
    const c = result.reply.content;
    assert.equal(c.status, "error");
    assert.equal(c.ename, "RangeError");
    assert.equal(c.evalue, "bad shape");
    const cell = `cell[${c.execution_count}]`;
    assert.ok(c.traceback.some((line: string) => line.includes(`at fail (${cell}:3:9)`)), c.traceback.join("\n"));
    // V8 places a call frame at the call's parenthesis: `fail(` is line 5, column 5.
    assert.ok(c.traceback.some((line: string) => line.includes(`at ${cell}:5:5`)), c.traceback.join("\n"));
    const [error] = ofType(result, "error");
    assert.deepEqual(error!.content, { ename: c.ename, evalue: c.evalue, traceback: c.traceback });
  });

  test("the traceback shows the user's frames only: no library or built-in frames, no `Proxy.` on earlier cells' functions", async () => {
    await kernel.execute('function mse(x: number): number {\n  throw new Error("bad " + x);\n}');
    const c = (await kernel.execute("each([1], (x) => mse(x));")).reply.content;
    const frames = c.traceback.filter((line: string) => /^\s+at /.test(line));
    assert.ok(frames.length >= 2, c.traceback.join("\n"));
    assert.ok(frames.every((line: string) => /cell\[\d+\]:\d+:\d+/.test(line)), c.traceback.join("\n"));
    assert.ok(frames.some((line: string) => /^\s+at mse \(cell\[\d+\]:2:9\)$/.test(line)), c.traceback.join("\n"));
  });

  test("a type error fails the cell with line:column, and nothing runs", async () => {
    const result = await kernel.execute('console.log("ran");\nlet label: string = 5;');
    const c = result.reply.content;
    assert.equal(c.status, "error");
    assert.equal(c.ename, "TypeScriptError");
    assert.match(c.evalue, /^2:5 - Type 'number' is not assignable to type 'string'/);
    assert.ok(c.traceback.some((line: string) => line.includes("let label: string = 5;")));
    assert.equal(result.stdout, "");
    assert.equal(ofType(result, "error").length, 1);
  });

  test("a syntax error fails the cell the same way", async () => {
    const c = (await kernel.execute("const = 3")).reply.content;
    assert.equal(c.ename, "TypeScriptError");
    assert.match(c.evalue, /^1:7 - /);
  });

  test("throw 5 and throw null are reported, and the kernel carries on", async () => {
    const five = (await kernel.execute("throw 5")).reply.content;
    assert.equal(five.status, "error");
    assert.equal(five.ename, "Uncaught");
    assert.equal(five.evalue, "5");
    const none = (await kernel.execute("throw null")).reply.content;
    assert.equal(none.ename, "Uncaught");
    assert.equal(none.evalue, "null");
    assert.equal((await kernel.execute("2")).reply.content.status, "ok");
  });

  test("infinite recursion is a RangeError, not a dead kernel", async () => {
    const c = (await kernel.execute("function down(n: number): number { return down(n + 1) + 1; }\ndown(0)")).reply.content;
    assert.equal(c.ename, "RangeError");
    assert.match(c.evalue, /call stack/);
    assert.equal((await kernel.execute("3")).reply.content.status, "ok");
  });

  test("process.exit() is refused with a message", async () => {
    const c = (await kernel.execute("process.exit(1)")).reply.content;
    assert.equal(c.status, "error");
    assert.equal(c.ename, "ProcessExitRefused");
    assert.match(c.evalue, /Restart/);
    assert.equal(kernel.process.exitCode, null);
    assert.equal((await kernel.execute("4")).reply.content.status, "ok");
  });

  test("an exception from a timer after its cell ended is shown, labelled with that cell", async () => {
    const first = await kernel.execute('setTimeout(() => { throw new Error("late failure"); }, 100); "scheduled"');
    const origin = `cell[${first.reply.content.execution_count}]`;
    const second = await kernel.execute("await new Promise((resolve) => setTimeout(resolve, 400))");
    assert.equal(second.reply.content.status, "ok");
    assert.match(second.stderr, /late failure/);
    assert.ok(second.stderr.includes(`from an earlier cell (${origin})`), second.stderr);
  });

  test("an unhandled rejection the cell caused while it ran fails the cell", async () => {
    const result = await kernel.execute('void Promise.reject(new Error("nobody caught me")); await new Promise((resolve) => setTimeout(resolve, 100))');
    const c = result.reply.content;
    assert.equal(c.status, "error");
    assert.equal(c.evalue, "nobody caught me");
    assert.match(c.traceback[0], /Unhandled promise rejection in a callback started by this cell/);
    assert.equal(ofType(result, "error").length, 1);
  });

  test("an error the cell causes after its last statement fails that cell, not a later one", async () => {
    const result = await kernel.execute('(async () => { throw new Error("after the end"); })();\n"returned"');
    const c = result.reply.content;
    assert.equal(c.status, "error");
    assert.equal(c.evalue, "after the end");
    assert.equal(ofType(result, "execute_result").length, 0);
    const chained = await kernel.execute('Promise.resolve().then(() => null).then(() => { throw new RangeError("two ticks later"); });\n1');
    assert.equal(chained.reply.content.evalue, "two ticks later");
    const next = await kernel.execute("2");
    assert.equal(next.reply.content.status, "ok");
    assert.equal(next.stderr, "");
  });
});

describe("state after a failed cell (as IPython keeps assignments that ran)", () => {
  const valueOf = async (code: string) => ofType(await kernel.execute(code), "execute_result")[0]?.content.data["text/plain"];

  test("declarations whose initialisers ran survive a throw, with their types; the rest do not exist", async () => {
    const failed = await kernel.execute('const kept = 1;\nlet box = { n: 2 };\nthrow new Error("x");\nconst notReached = 3;');
    assert.equal(failed.reply.content.ename, "Error");
    assert.equal(await valueOf("kept + box.n"), "3");
    const typed = await kernel.execute("const wrong: string = kept;");
    assert.equal(typed.reply.content.ename, "TypeScriptError", "kept keeps its type (number)");
    const missing = await kernel.execute("notReached");
    assert.match(missing.reply.content.evalue, /Cannot find name 'notReached'/);
  });

  test("a name declared again keeps its earlier value and type when the new initialiser did not run", async () => {
    await kernel.execute('const again = "old";');
    const failed = await kernel.execute('function boom(): number { throw new Error("no"); }\nconst again = boom();');
    assert.equal(failed.reply.content.status, "error");
    assert.equal(await valueOf("again.toUpperCase()"), "'OLD'");
  });

  test("an interrupted cell keeps what it declared before the interrupt", async () => {
    const result = await interrupted("const model = { ready: true };\nawait new Promise(() => {});", "message");
    assertInterrupted(result);
    assert.equal(await valueOf("model.ready"), "true");
  });
});

describe("output", () => {
  test("a million lines are truncated with a note, in few messages", async () => {
    const result = await kernel.execute("for (let i = 0; i < 1_000_000; i++) console.log(i);", {}, 60_000);
    assert.equal(result.reply.content.status, "ok");
    const streams = ofType(result, "stream");
    assert.ok(streams.length < 60, `${streams.length} stream messages`);
    assert.ok(result.stdout.startsWith("0\n1\n2\n"));
    assert.match(result.stdout, /output truncated: [\d,]+ more characters \([\d,]+ lines\) were not shown/);
    assert.ok(result.stdout.length < 1_100_000);
    assert.equal(result.stderr, "");
  });

  test("display_data then update_display_data with one display_id; clear_output", async () => {
    const result = await kernel.execute('show({ "text/plain": "epoch 1" }, "progress-1");\nshow({ "text/plain": "epoch 2" }, "progress-1", true);\nclear(true);');
    const [display] = ofType(result, "display_data");
    const [update] = ofType(result, "update_display_data");
    assert.deepEqual(display!.content.data, { "text/plain": "epoch 1" });
    assert.deepEqual(display!.content.transient, { display_id: "progress-1" });
    assert.deepEqual(update!.content.data, { "text/plain": "epoch 2" });
    assert.deepEqual(update!.content.transient, { display_id: "progress-1" });
    assert.deepEqual(ofType(result, "clear_output")[0]!.content, { wait: true });
  });

  test("output keeps flowing during a long synchronous loop", async () => {
    const code = "for (let i = 0; i < 5; i++) { console.log(`step ${i}`); const t = Date.now(); while (Date.now() - t < 200) {} }";
    const header = kernel.submit(code);
    const first = await kernel.waitIopub((m) => m.parent_header.msg_id === header.msg_id && m.header.msg_type === "stream");
    const firstAt = performance.now();
    const result = await kernel.collect(header);
    const doneAt = performance.now();
    assert.match(first.content.text, /^step 0/);
    assert.ok(doneAt - firstAt > 400, `first output only ${Math.round(doneAt - firstAt)} ms before the end`);
    assert.equal(result.stdout, "step 0\nstep 1\nstep 2\nstep 3\nstep 4\n");
  });
});

describe("heartbeat", () => {
  test("is answered while a cell runs a synchronous loop", async () => {
    const header = kernel.submit("const t0 = Date.now(); while (Date.now() - t0 < 2500) {}");
    await kernel.waitIopub((m) => m.parent_header.msg_id === header.msg_id && m.header.msg_type === "execute_input");
    const pings: number[] = [];
    for (let i = 0; i < 8; i++) {
      pings.push(await kernel.ping());
      await sleep(150);
    }
    assert.ok(Math.max(...pings) < 500, `heartbeat round trips ${pings.map(Math.round).join(", ")} ms`);
    assert.equal((await kernel.collect(header)).reply.content.status, "ok");
  });
});

describe("stop_on_error", () => {
  test("requests queued behind a failure are aborted unless they ask to run", async () => {
    const failing = kernel.submit('await new Promise((resolve) => setTimeout(resolve, 300)); throw new Error("first fails")');
    const queued = kernel.submit("'should not run'");
    const runs = kernel.submit("'runs anyway'", { stop_on_error: false });
    const results = await Promise.all([failing, queued, runs].map((h) => kernel.collect(h)));
    assert.equal(results[0]!.reply.content.status, "error");
    assert.equal(results[1]!.reply.content.status, "aborted");
    assert.equal(ofType(results[1]!, "execute_result").length, 0);
    assert.equal(results[2]!.reply.content.status, "ok");
    assert.equal(ofType(results[2]!, "execute_result")[0]!.content.data["text/plain"], "'runs anyway'");
    // Sent after the error was seen: runs normally.
    assert.equal((await kernel.execute("5")).reply.content.status, "ok");
  });

  test("a failing request with stop_on_error false does not abort the queue", async () => {
    const failing = kernel.submit('await new Promise((resolve) => setTimeout(resolve, 200)); throw new Error("x")', { stop_on_error: false });
    const next = kernel.submit("7");
    const [a, b] = await Promise.all([kernel.collect(failing), kernel.collect(next)]);
    assert.equal(a.reply.content.status, "error");
    assert.equal(b.reply.content.status, "ok");
  });
});

describe("interrupt", () => {
  for (const mode of ["message", "signal"] as const) {
    test(`${mode}: stops a busy synchronous loop, and the kernel stays usable`, async () => {
      assertInterrupted(await interrupted("while (true) {}", mode));
      assert.equal((await kernel.execute("1")).reply.content.status, "ok");
    });

    test(`${mode}: stops a pending await`, async () => {
      assertInterrupted(await interrupted("await new Promise(() => {})", mode));
      assert.equal((await kernel.execute("1")).reply.content.status, "ok");
    });

    test(`${mode}: stops an async loop so it does not carry on in the background`, async () => {
      await kernel.execute("let ticks = 0;");
      const result = await interrupted("for (;;) { ticks++; await new Promise((r) => setTimeout(r, 10)); }", mode);
      assertInterrupted(result);
      const before = Number(ofType(await kernel.execute("ticks"), "execute_result")[0]!.content.data["text/plain"]);
      await sleep(100);
      const later = Number(ofType(await kernel.execute("ticks"), "execute_result")[0]!.content.data["text/plain"]);
      assert.equal(later, before);
    });
  }

  for (const mode of ["message", "signal"] as const) {
    test(`${mode}: stops a synchronous loop that runs after an await`, async () => {
      const result = await interrupted("await null; while (true) {}", mode);
      assertInterrupted(result);
      assert.ok(result.reply.content.traceback.some((line: string) => /cell\[\d+\]:1:\d+/.test(line)));
      assert.equal((await kernel.execute("1")).reply.content.status, "ok");
    });
  }

  test("signal: the kernel survives signals after many cells, at top level and after an await", async () => {
    for (let i = 0; i < 3; i++) {
      assertInterrupted(await interrupted("while (true) {}", "signal"));
      assertInterrupted(await interrupted("await null; while (true) {}", "signal"));
      assertInterrupted(await interrupted("setTimeout(() => {}, 0); await new Promise(() => {})", "signal"));
    }
    assert.equal((await kernel.execute("1")).reply.content.status, "ok");
  });
});

describe("stdin", () => {
  test("input request round trip, with the password flag", async () => {
    const requests: Message[] = [];
    kernel.onInput((request) => {
      requests.push(request);
      return request.content.password ? "secret" : "ada";
    });
    const result = await kernel.execute('const who = await ask("Name? ");\nconst key = await ask("Key? ", true);\n`${who.toUpperCase()}/${key.length}`');
    assert.deepEqual(
      requests.map((r) => [r.header.msg_type, r.content.prompt, r.content.password]),
      [
        ["input_request", "Name? ", false],
        ["input_request", "Key? ", true],
      ],
    );
    assert.equal(ofType(result, "execute_result")[0]!.content.data["text/plain"], "'ADA/6'");
  });

  test("without allow_stdin, input fails with a clear error", async () => {
    const c = (await kernel.execute('await ask("x")', { allow_stdin: false })).reply.content;
    assert.equal(c.status, "error");
    assert.match(c.evalue, /allow_stdin/);
  });
});

describe("comms", () => {
  test("a registered target receives comm_open and echoes comm_msg; comm_info lists it; comm_close runs the handler", async () => {
    await kernel.execute(
      'const closed: unknown[] = [];\ncomms.registerTarget("echo", (comm, data) => {\n  comm.send({ opened: data });\n  comm.onMessage((d) => comm.send({ echo: d }));\n  comm.onClose((d) => closed.push(d));\n});',
    );
    const commId = "c0ffee";
    const open = kernel.send(kernel.shell, "comm_open", { comm_id: commId, target_name: "echo", data: { hello: 1 } });
    const opened = await kernel.waitIopub((m) => m.header.msg_type === "comm_msg" && m.parent_header.msg_id === open.msg_id);
    assert.deepEqual(opened.content, { comm_id: commId, data: { opened: { hello: 1 } } });
    const message = kernel.send(kernel.shell, "comm_msg", { comm_id: commId, data: { x: 2 } });
    const echoed = await kernel.waitIopub((m) => m.header.msg_type === "comm_msg" && m.parent_header.msg_id === message.msg_id);
    assert.deepEqual(echoed.content.data, { echo: { x: 2 } });

    const info = await kernel.request("shell", "comm_info_request", { target_name: "echo" });
    assert.equal(info.header.msg_type, "comm_info_reply");
    assert.equal(info.content.status, "ok");
    assert.deepEqual(info.content.comms[commId], { target_name: "echo" });

    const close = kernel.send(kernel.shell, "comm_close", { comm_id: commId, data: { bye: true } });
    await kernel.waitIopub((m) => m.parent_header.msg_id === close.msg_id && m.content.execution_state === "idle");
    assert.equal(ofType(await kernel.execute("closed"), "execute_result")[0]!.content.data["text/plain"], "[ { bye: true } ]");
    const after = await kernel.request("shell", "comm_info_request", {});
    assert.equal(after.content.comms[commId], undefined);
  });

  test("the kernel can open a comm; an unknown target is closed at once", async () => {
    const result = await kernel.execute('const mine = comms.open("frontend.widget", { value: 1 });\nmine.send({ value: 2 });\nmine.id');
    const [open] = ofType(result, "comm_open");
    assert.equal(open!.content.target_name, "frontend.widget");
    assert.deepEqual(open!.content.data, { value: 1 });
    assert.deepEqual(ofType(result, "comm_msg")[0]!.content, { comm_id: open!.content.comm_id, data: { value: 2 } });
    const unknown = kernel.send(kernel.shell, "comm_open", { comm_id: "nobody", target_name: "no.such.target", data: {} });
    const closed = await kernel.waitIopub((m) => m.header.msg_type === "comm_close" && m.parent_header.msg_id === unknown.msg_id);
    assert.equal(closed.content.comm_id, "nobody");
  });
});

describe("introspection", () => {
  test("complete sees globals, members and the preloaded library", async () => {
    const math = await kernel.request("shell", "complete_request", { code: "Math.fl", cursor_pos: 7 });
    assert.equal(math.content.status, "ok");
    assert.ok(math.content.matches.includes("floor"));
    assert.equal(math.content.cursor_start, 5);
    assert.equal(math.content.cursor_end, 7);
    const library = await kernel.request("shell", "complete_request", { code: "fixtureAn", cursor_pos: 9 });
    assert.ok(library.content.matches.includes("fixtureAnswer"));
  });

  test("complete leaves out members the library marks @internal, and sends each match's type", async () => {
    const code = "new Gadget().";
    const reply = await kernel.request("shell", "complete_request", { code, cursor_pos: code.length });
    assert.ok(reply.content.matches.includes("spin"), JSON.stringify(reply.content.matches));
    assert.ok(!reply.content.matches.includes("rebuildInternals"), "an @internal member is not offered");
    const types = reply.content.metadata._jupyter_types_experimental as Array<{ text: string; type: string; start: number; end: number }>;
    assert.deepEqual(types.map((t) => t.text), reply.content.matches);
    assert.equal(types.find((t) => t.text === "spin")!.type, "function");
    assert.ok(types.every((t) => t.start === reply.content.cursor_start && t.end === reply.content.cursor_end));
    const globals = await kernel.request("shell", "complete_request", { code: "fixtureAn", cursor_pos: 9 });
    assert.equal(globals.content.metadata._jupyter_types_experimental[0].type, "instance", "fixtureAnswer is a number");
    const functions = await kernel.request("shell", "complete_request", { code: "sho", cursor_pos: 3 });
    assert.equal(functions.content.metadata._jupyter_types_experimental.find((t: { text: string }) => t.text === "show").type, "function");
    const classes = await kernel.request("shell", "complete_request", { code: "Gadg", cursor_pos: 4 });
    assert.equal(classes.content.metadata._jupyter_types_experimental.find((t: { text: string }) => t.text === "Gadget").type, "class");
  });

  test("complete counts cursor_pos in code points", async () => {
    const reply = await kernel.request("shell", "complete_request", { code: '"😀"; Math.ab', cursor_pos: 12 });
    assert.ok(reply.content.matches.includes("abs"));
    assert.equal(reply.content.cursor_start, 10);
  });

  test("inspect shows the type and doc comment", async () => {
    const reply = await kernel.request("shell", "inspect_request", { code: "fixtureAnswer", cursor_pos: 5, detail_level: 0 });
    assert.equal(reply.content.status, "ok");
    assert.equal(reply.content.found, true);
    assert.match(reply.content.data["text/plain"], /fixtureAnswer: 42/);
    assert.match(reply.content.data["text/plain"], /The answer, preloaded/);
    const nothing = await kernel.request("shell", "inspect_request", { code: "   ", cursor_pos: 1, detail_level: 0 });
    assert.equal(nothing.content.found, false);
  });

  test("`name?` answers with the documentation in a pager payload and runs nothing", async () => {
    const result = await kernel.execute("Math.max?");
    assert.equal(result.reply.content.status, "ok");
    const [page] = result.reply.content.payload;
    assert.equal(page.source, "page");
    assert.match(page.data["text/plain"], /max\(\.\.\.values: number\[\]\): number/);
    assert.equal(ofType(result, "execute_result").length, 0);
    const unknown = await kernel.execute("noSuchName??");
    assert.match(unknown.reply.content.payload[0].data["text/plain"], /No documentation found for noSuchName/);
  });

  test("is_complete: complete, incomplete with indent, invalid", async () => {
    const ask = async (code: string) => (await kernel.request("shell", "is_complete_request", { code })).content;
    assert.deepEqual(await ask("let x = 1"), { status: "complete" });
    assert.deepEqual(await ask("function f() {"), { status: "incomplete", indent: "  " });
    assert.equal((await ask("let y = ")).status, "incomplete");
    assert.deepEqual(await ask("const s = `multi\nline"), { status: "incomplete", indent: "" });
    assert.deepEqual(await ask("1 +* 2"), { status: "invalid" });
  });

  test("history: tail, range and search over this session", async () => {
    const marker = await kernel.execute("const historyMarker = 'h1'");
    await kernel.execute("historyMarker + '2'");
    const line = marker.reply.content.execution_count;
    const tail = await kernel.request("shell", "history_request", { hist_access_type: "tail", n: 2, output: false, raw: true });
    assert.deepEqual(
      tail.content.history.map((entry: unknown[]) => entry[2]),
      ["const historyMarker = 'h1'", "historyMarker + '2'"],
    );
    const range = await kernel.request("shell", "history_request", { hist_access_type: "range", session: 0, start: line, stop: line + 1, output: false, raw: true });
    assert.deepEqual(range.content.history, [[1, line, "const historyMarker = 'h1'"]]);
    const search = await kernel.request("shell", "history_request", { hist_access_type: "search", pattern: "*historyMarker*", n: 10, unique: true, output: false, raw: true });
    assert.equal(search.content.history.length, 2);
  });
});

describe("hygiene", () => {
  test("a message with a bad signature is dropped, and the kernel carries on", async () => {
    const header = kernel.send(kernel.shell, "kernel_info_request", {}, undefined, [
      "<IDS|MSG>",
      "0".repeat(64),
      JSON.stringify({ msg_id: "forged", session: kernel.session, username: "x", date: new Date().toISOString(), msg_type: "kernel_info_request", version: "5.3" }),
      "{}",
      "{}",
      "{}",
    ]);
    await assert.rejects(kernel.waitReply("forged", 500));
    void header;
    assert.equal((await kernel.execute("1")).reply.content.status, "ok");
  });

  test("the kernel process itself wrote nothing to stdout or stderr", () => {
    assert.equal(kernel.processOutput, "");
  });
});
