/**
 * One execute_request: execute_input, the cell's output, execute_result or error,
 * and the content of its execute_reply.
 *
 * Example: `const content = await execute(context, request); // content.status: "ok" | "error"`.
 */
import type { KernelContext } from "./context.js";
import type { Message } from "./wire.js";
import { diagnosticsError, errorContent, type ErrorContent } from "./errors.js";
import { InterruptedError, isInterrupt } from "./interrupt.js";
import { pageHelp } from "./introspection.js";
import { mimeBundleOf } from "./display/mimebundle.js";
import type { ExecutionReport } from "./tslab.js";
import { evaluateUserExpressions, type UserExpressionResult } from "./user-expressions.js";

export type ExecuteReply =
  | ({ status: "error"; execution_count: number } & ErrorContent)
  | { status: "ok"; execution_count: number; user_expressions: Record<string, UserExpressionResult>; payload: PagePayload[] };

/** A pager payload (the answer to `name?`). */
interface PagePayload {
  source: "page";
  data: { "text/plain": string };
  start: number;
}

interface ExecuteContent {
  code?: string;
  silent?: boolean;
  store_history?: boolean;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
  user_expressions?: Record<string, string>;
}

/** Runs the cell; resolves with the execute_reply content (the caller sends it). */
export async function execute(context: KernelContext, request: Message<ExecuteContent>): Promise<ExecuteReply> {
  const { outbox, cells, interrupts } = context;
  const code = String(request.content.code ?? "");
  const silent = request.content.silent === true;
  const storeHistory = !silent && request.content.store_history !== false;
  if (storeHistory) context.executionCount++;
  const count = context.executionCount;

  outbox.beginCell(request.header);
  if (!silent) outbox.publish("execute_input", { code, execution_count: count });
  context.stdin.setRequest(request);
  if (storeHistory) context.history.add(count, code);
  const name = cells.begin(code, storeHistory ? count : undefined);
  context.runningCell = name;
  context.cellFailures = [];
  interrupts.beginCell();

  // `name?` shows the name's documentation in the pager instead of running anything.
  const help = pageHelp(context.engine, code);
  let report: ExecutionReport;
  try {
    if (interrupts.raised) throw new InterruptedError(); // sent while the kernel was starting
    report = help === undefined ? await context.engine.execute(code) : { ok: true, hasValue: false, diagnostics: [], threw: false };
  } catch (error) {
    report = { ok: false, hasValue: false, diagnostics: [], threw: true, error };
  }
  await settled();
  const cellFailed = report.diagnostics.length > 0 || report.threw || !report.ok || (context.cellFailures?.length ?? 0) > 0;
  const expressions = cellFailed ? {} : await evaluateUserExpressions(context, request.content.user_expressions);
  const late = context.cellFailures ?? [];
  context.cellFailures = undefined;
  interrupts.endCell();
  context.runningCell = undefined;

  let error: ErrorContent | undefined;
  if (report.diagnostics.length > 0) {
    error = diagnosticsError(report.diagnostics, code, name);
  } else if (report.threw) {
    error = isInterrupt(report.error) ? interruptedContent(context, report.error) : errorContent(report.error, cells);
  } else if (late.length > 0) {
    error = errorContent(late[0]!.error, cells, late[0]!.where);
  } else if (!report.ok) {
    error = { ename: "Error", evalue: "the cell failed", traceback: ["the cell failed without an error value"] };
  } else if (report.hasValue && !silent) {
    try {
      outbox.publish("execute_result", { execution_count: count, data: mimeBundleOf(report.value), metadata: {} });
    } catch (failure) {
      error = errorContent(failure, cells, "The cell ran, but showing its value failed:");
    }
  }
  // The other errors the cell's code raised in the background are shown as before.
  const failedWithLate = late.length > 0 && report.diagnostics.length === 0 && !report.threw;
  for (const { error: other, where } of late.slice(failedWithLate ? 1 : 0)) {
    outbox.stream("stderr", errorContent(other, cells, where).traceback.join("\n") + "\n");
  }
  if (error) outbox.publish("error", error);
  outbox.endCell();
  context.stdin.setRequest(undefined);
  return error
    ? { status: "error", execution_count: count, ...error }
    : { status: "ok", execution_count: count, user_expressions: expressions, payload: help === undefined ? [] : [{ source: "page", data: { "text/plain": help }, start: 0 }] };
}

/**
 * Resolves once the cell's pending microtasks have run and Node has dealt with the promise
 * rejections nobody handled (both happen before the next macrotask), so an error the cell
 * caused after its last statement (`(async () => { throw e })()`) fails the cell.
 */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function interruptedContent(context: KernelContext, thrown: unknown): ErrorContent {
  const details = errorContent(thrown, context.cells);
  const where = details.traceback.filter((line) => /^\s+at .*cell\[/.test(line));
  const evalue = new InterruptedError().message; // in the notebook's language
  return { ename: "Interrupted", evalue, traceback: [`Interrupted: ${evalue}`, ...where] };
}
