/**
 * Maps a position in a cell's compiled JavaScript back to the cell's TypeScript.
 * tslab's converter emits no source map, so we align the two token streams (longest
 * common subsequence): type annotations exist only in the TypeScript, `exports.`
 * bookkeeping and interrupt checks only in the JavaScript, and everything else lines
 * up. An error position almost always sits on a token both sides share (a call, `new`,
 * `throw`, a property access), which maps exactly; others map to the nearest shared
 * token before them.
 *
 * Example:
 *   const map = createPositionMap("const a: number = f();", "const a = f();\nexports.a = a;");
 *   map(1, 11) // → { line: 1, column: 19 } (the `f` in the TypeScript)
 */

interface Token {
  text: string;
  line: number; // 1-based
  column: number; // 1-based
  offset: number;
}

const TOKEN = /[A-Za-z_$][\w$]*|\d[\w.]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|\S/g;
/** Above this many DP cells the alignment falls back to a greedy walk (memory bound). */
const MAX_TABLE = 4_000_000;

function tokenize(source: string): Token[] {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const tokens: Token[] = [];
  let line = 0;
  for (const match of source.matchAll(TOKEN)) {
    const offset = match.index!;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
    tokens.push({ text: match[0], line: line + 1, column: offset - lineStarts[line]! + 1, offset });
  }
  return tokens;
}

/** For each token of `b`, the index of the token of `a` it is aligned with, or -1. */
function align(a: Token[], b: Token[]): Int32Array {
  const matches = new Int32Array(b.length).fill(-1);
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_TABLE) {
    // Greedy: take the next equal token within a short window ahead.
    let i = 0;
    for (let j = 0; j < m && i < n; j++) {
      for (let k = i; k < Math.min(n, i + 64); k++) {
        if (a[k]!.text === b[j]!.text) {
          matches[j] = k;
          i = k + 1;
          break;
        }
      }
    }
    return matches;
  }
  // Classic LCS table over suffixes, then walk it forward.
  const width = m + 1;
  const table = new Int32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i]!.text === b[j]!.text
          ? table[(i + 1) * width + j + 1]! + 1
          : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i]!.text === b[j]!.text) {
      matches[j++] = i++;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  return matches;
}

export interface CellPosition {
  line: number;
  column: number;
}

/**
 * Builds the JS → TS mapping for one cell (cost grows with the product of the token
 * counts, so the kernel builds it lazily, only when a stack trace needs it).
 */
export function createPositionMap(typescript: string, javascript: string): (line: number, column: number) => CellPosition | undefined {
  const tsTokens = tokenize(typescript);
  const jsTokens = tokenize(javascript);
  const matches = align(tsTokens, jsTokens);
  return (line, column) => {
    // The JS token at or just before the position.
    let index = -1;
    for (let k = 0; k < jsTokens.length; k++) {
      const token = jsTokens[k]!;
      if (token.line < line || (token.line === line && token.column <= column)) index = k;
      else break;
    }
    if (index < 0) return undefined;
    const token = jsTokens[index]!;
    const inside = token.line === line ? Math.max(0, Math.min(column - token.column, token.text.length - 1)) : 0;
    if (matches[index]! >= 0) {
      const target = tsTokens[matches[index]!]!;
      return { line: target.line, column: target.column + inside };
    }
    // Unmatched (bookkeeping the compiler added): the next shared token on the same JS
    // line is the statement the position belongs to; failing that, the previous one.
    for (let k = index + 1; k < jsTokens.length && jsTokens[k]!.line === token.line; k++) {
      if (matches[k]! >= 0) return { line: tsTokens[matches[k]!]!.line, column: tsTokens[matches[k]!]!.column };
    }
    for (let k = index - 1; k >= 0; k--) {
      if (matches[k]! >= 0) return { line: tsTokens[matches[k]!]!.line, column: tsTokens[matches[k]!]!.column };
    }
    return undefined;
  };
}
