/**
 * The `user_expressions` of an execute_request: after the cell ran without error, each
 * expression is evaluated in the cell's scope and its value sent back as a MIME bundle
 * (`{ status: "ok", data, metadata }`), or its error (`{ status: "error", ename, evalue,
 * traceback }`), as the Jupyter protocol says. Nothing is published on IOPub for them.
 *
 * Example:
 *   await evaluateUserExpressions(context, { n: "1 + 1" })
 *   // → { n: { status: "ok", data: { "text/plain": "2" }, metadata: {} } }
 */
import type { KernelContext } from "./context.js";
import { diagnosticsError, errorContent, type ErrorContent } from "./errors.js";
import { mimeBundleOf } from "./display/mimebundle.js";

export type UserExpressionResult =
  | { status: "ok"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | ({ status: "error" } & ErrorContent);

/** Evaluates each expression in turn; a failing one does not stop the others. */
export async function evaluateUserExpressions(context: KernelContext, expressions: unknown): Promise<Record<string, UserExpressionResult>> {
  const results: Record<string, UserExpressionResult> = {};
  if (expressions === null || typeof expressions !== "object") return results;
  for (const [key, expression] of Object.entries(expressions)) {
    results[key] = await evaluate(context, String(expression));
  }
  return results;
}

async function evaluate(context: KernelContext, expression: string): Promise<UserExpressionResult> {
  const name = context.cells.begin(expression, undefined);
  try {
    const report = await context.engine.execute(expression);
    if (report.diagnostics.length > 0) return { status: "error", ...diagnosticsError(report.diagnostics, expression, name) };
    if (report.threw || !report.ok) return { status: "error", ...errorContent(report.error, context.cells) };
    return { status: "ok", data: mimeBundleOf(report.value), metadata: {} };
  } catch (error) {
    return { status: "error", ...errorContent(error, context.cells) };
  }
}
