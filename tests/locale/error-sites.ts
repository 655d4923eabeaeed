/**
 * Finds every error message the library can throw, by reading kernel/src with the TypeScript
 * compiler: each `new <ErrorClass>(message, …)` and each message an error class writes for
 * itself (`super(…)`). A message's key is its English template: the cooked text of its string
 * or template literal (or a `+` of those), each `${…}` (or non-literal `+` operand) written
 * `{0}`, `{1}`, … in source order. A conditional (`a ? "x" : "y"`) at the top of a message or
 * as a `+` operand gives one key per branch, and a call to a function of the same file gives
 * the keys of its `return`s.
 */
import ts from "typescript";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const sourceRoot = fileURLToPath(new URL("../../kernel/src/", import.meta.url));

/** One place an error is made. `keys` is empty when its message is not a literal the rule can read. */
export interface ErrorSite {
  /** Path under kernel/src, e.g. "tensor/ops/matmul.ts". */
  readonly file: string;
  readonly line: number;
  /** The error class, e.g. "ShapeError". */
  readonly error: string;
  /** The message argument's source text. */
  readonly argument: string;
  readonly keys: readonly string[];
  /** Whether the class translates its message (a GradbookError, or one that calls localizeError). */
  readonly localized: boolean;
}

const builtinErrors = ["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // AssemblyScript (compiled to WebAssembly): its aborts are not JavaScript errors.
    if (entry.isDirectory()) return path.endsWith(join("wasm", "assembly")) ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** A template as parts: literal text, or the number of a placeholder (renumbered when joined). */
type Parts = (string | null)[];

function keyOf(parts: Parts): string {
  let n = 0;
  return parts.map((part) => (part === null ? `{${n++}}` : part)).join("");
}

/** Every template `node` can produce, or undefined when it is not made of literals. */
function templatesOf(node: ts.Expression, functions: Map<string, ts.FunctionDeclaration>, operand = false): Parts[] | undefined {
  if (ts.isParenthesizedExpression(node)) return templatesOf(node.expression, functions, operand);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [[node.text]];
  if (ts.isTemplateExpression(node)) return [[node.head.text, ...node.templateSpans.flatMap((span) => [null, span.literal.text])]];
  if (ts.isConditionalExpression(node)) {
    const [whenTrue, whenFalse] = [templatesOf(node.whenTrue, functions, operand), templatesOf(node.whenFalse, functions, operand)];
    return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : operand ? [[null]] : undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = templatesOf(node.left, functions, true)!;
    const right = templatesOf(node.right, functions, true)!;
    return left.flatMap((l) => right.map((r) => [...l, ...r]));
  }
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
    const declaration = functions.get(node.expression.text);
    if (node.expression.text === "localizeError" && node.arguments[0]) return templatesOf(node.arguments[0], functions, operand);
    if (declaration) {
      const returned = returnsOf(declaration).map((expression) => templatesOf(expression, functions));
      if (returned.length > 0 && returned.every((t) => t !== undefined)) return returned.flat() as Parts[];
    }
  }
  return operand ? [[null]] : undefined;
}

/** The expressions a function returns (not those of functions nested in it). */
function returnsOf(declaration: ts.FunctionDeclaration): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  if (declaration.body) ts.forEachChild(declaration.body, visit);
  return found;
}

/** The keys of a message argument: none when it is not literal, or has no literal letter to match on. */
function keysOf(node: ts.Expression, functions: Map<string, ts.FunctionDeclaration>): string[] {
  const keys = (templatesOf(node, functions) ?? []).map(keyOf);
  return keys.every((key) => /\p{L}/u.test(key.replace(/\{\d+\}/g, ""))) ? [...new Set(keys)] : [];
}

interface ErrorClass {
  readonly base: string;
  readonly declaration?: ts.ClassDeclaration;
  readonly file?: ts.SourceFile;
}

function superCallOf(declaration: ts.ClassDeclaration): { call: ts.CallExpression; parameter?: string } | undefined {
  const constructor = declaration.members.find(ts.isConstructorDeclaration);
  if (!constructor?.body) return undefined;
  let call: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) call ??= node;
    ts.forEachChild(node, visit);
  };
  visit(constructor.body);
  const first = constructor.parameters[0]?.name;
  return call && { call, parameter: first && ts.isIdentifier(first) ? first.text : undefined };
}

/** Whether a class's constructor passes its first parameter on as the message (or inherits one that does). */
function takesMessage(name: string, classes: Map<string, ErrorClass>): boolean {
  const found = classes.get(name);
  if (!found?.declaration) return true;
  const constructed = superCallOf(found.declaration);
  if (!constructed) return takesMessage(found.base, classes);
  // The message is the parameter itself, or passed through calls: super(withLocation(localizeError(message))).
  let argument = constructed.call.arguments[0];
  while (argument && ts.isCallExpression(argument)) argument = argument.arguments[0];
  return argument !== undefined && ts.isIdentifier(argument) && argument.text === constructed.parameter;
}

function localizes(name: string, classes: Map<string, ErrorClass>): boolean {
  const found = classes.get(name);
  if (!found?.declaration) return false;
  if (superCallOf(found.declaration)?.call.getText().includes("localizeError(")) return true;
  return localizes(found.base, classes);
}

/**
 * Every error site under kernel/src, in file order.
 * @example errorSites().filter((site) => site.keys.length === 0) // the sites whose message is not a literal
 */
export function errorSites(): ErrorSite[] {
  const files = sourceFiles(sourceRoot).map((path) => ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true));
  const classes = new Map<string, ErrorClass>(builtinErrors.map((name) => [name, { base: "" }]));
  // Classes extending an error class, by name, until no new one appears.
  for (let grew = true; grew; ) {
    grew = false;
    for (const file of files) {
      for (const statement of file.statements) {
        if (!ts.isClassDeclaration(statement) || !statement.name || classes.has(statement.name.text)) continue;
        const base = statement.heritageClauses?.find((c) => c.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        if (base && ts.isIdentifier(base) && classes.has(base.text)) {
          classes.set(statement.name.text, { base: base.text, declaration: statement, file });
          grew = true;
        }
      }
    }
  }
  const sites: ErrorSite[] = [];
  for (const file of files) {
    const functions = new Map(file.statements.filter(ts.isFunctionDeclaration).filter((f) => f.name).map((f) => [f.name!.text, f]));
    const add = (node: ts.Node, error: string, argument: ts.Expression): void => {
      sites.push({
        file: relative(sourceRoot, file.fileName).split("\\").join("/"),
        line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1,
        error,
        argument: argument.getText(),
        keys: keysOf(argument, functions),
        localized: localizes(error, classes),
      });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && classes.has(node.expression.text)) {
        const argument = node.arguments?.[0];
        if (argument && takesMessage(node.expression.text, classes)) add(node, node.expression.text, argument);
      }
      if (ts.isClassDeclaration(node) && node.name && classes.get(node.name.text)?.declaration === node && !takesMessage(node.name.text, classes)) {
        const argument = superCallOf(node)?.call.arguments[0];
        if (argument) add(node, node.name.text, argument);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return sites;
}
