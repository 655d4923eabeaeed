/**
 * Makes a cell's compiled JavaScript interruptible (see interrupt.ts for why): a check
 * of the interrupt flag at the top of every loop body and `__gradbook__.gate(...)`
 * around every awaited operand. Edits are text insertions at AST positions and never
 * add newlines, so line numbers stay those of the compiler output.
 *
 * Example: `makeInterruptible(ts, "while (a) b();")`
 *   → `"while (a) { if (__gradbook_flag__[0] !== 0) __gradbook__.tick(); b(); }"`.
 */
import type { TypeScriptApi } from "./tslab.js";
import { FLAG_GLOBAL, RUNTIME_GLOBAL } from "./interrupt.js";

const CHECK = `if (${FLAG_GLOBAL}[0] !== 0) ${RUNTIME_GLOBAL}.tick();`;

interface Insertion {
  at: number;
  text: string;
  /** Orders insertions at the same offset: closers of inner nodes, then openers of outer ones. */
  rank: number;
}

const MAY_NEED_REWRITE = /\b(?:for|while|do|await)\b/;

/** Adds interrupt checks to `js`; returns it unchanged when it has no loop or await. */
export function makeInterruptible(ts: TypeScriptApi, js: string): string {
  if (!MAY_NEED_REWRITE.test(js)) return js;
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const insertions: Insertion[] = [];
  let order = 0;
  const open = (at: number, text: string) => insertions.push({ at, text, rank: 1_000_000 + order++ });
  const close = (at: number, text: string) => insertions.push({ at, text, rank: -order++ });

  const visit = (node: import("@tslab/typescript-for-tslab").Node): void => {
    if (ts.isIterationStatement(node, false)) {
      const body = node.statement;
      if (ts.isBlock(body)) {
        open(body.getStart(file) + 1, ` ${CHECK}`);
      } else {
        open(body.getStart(file), `{ ${CHECK} `);
        close(body.end, " }");
      }
    } else if (ts.isAwaitExpression(node)) {
      open(node.expression.getStart(file), `${RUNTIME_GLOBAL}.gate(`);
      close(node.expression.end, ")");
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (insertions.length === 0) return js;
  // Closers were numbered after their openers; rank sorts closers (negative) before
  // openers at one offset, inner closers first, outer openers first.
  insertions.sort((a, b) => a.at - b.at || a.rank - b.rank);
  let out = "";
  let last = 0;
  for (const insertion of insertions) {
    out += js.slice(last, insertion.at) + insertion.text;
    last = insertion.at;
  }
  return out + js.slice(last);
}

/**
 * Names the script so stack frames say `cell[3]:2:5` instead of `evalmachine.<anonymous>`.
 * A `//# sourceURL` comment works anywhere in the script, also inside tslab's wrapper.
 */
export function withSourceUrl(js: string, name: string): string {
  return `${js}\n//# sourceURL=${name}`;
}
