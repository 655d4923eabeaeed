/**
 * What a failed cell leaves behind. tslab keeps the types of every earlier cell's top-level
 * declarations as a .d.ts text (its "previous declarations") and replaces it only after a
 * cell succeeded, so a cell that threw or was interrupted lost every declaration it made,
 * although their values had been assigned. IPython keeps the assignments that ran before
 * the exception; so do we: from the declarations the failed cell would have left
 * (`converted`), keep those that came from earlier cells, the type-only ones (interfaces,
 * type aliases), and the values whose assignment ran (`assigned`); for a value whose
 * assignment did not run, the earlier cell's declaration of that name stays, if any.
 *
 * Example:
 *   survivingDeclarations(ts, "declare const a = 1;\n", "declare const s = 1;\ndeclare const t: number;\ndeclare const a = 1;\n", new Set(["s"]))
 *   // → "declare const s = 1;\ndeclare const a = 1;\n"   (t's initialiser never ran)
 */
import type { TypeScriptApi } from "./tslab.js";

/** One top-level declaration (a variable statement is split into one per declarator). */
interface Unit {
  text: string;
  names: string[];
  typeOnly: boolean;
}

/** The declarations to keep after a cell failed; see the module comment. */
export function survivingDeclarations(ts: TypeScriptApi, previous: string, converted: string, assigned: ReadonlySet<string>): string {
  const before = units(ts, previous);
  const earlier = new Set(before.map((unit) => unit.text));
  const kept: Unit[] = [];
  const dropped = new Set<string>();
  for (const unit of units(ts, converted)) {
    if (earlier.has(unit.text) || unit.typeOnly || unit.names.some((name) => assigned.has(name))) kept.push(unit);
    else unit.names.forEach((name) => dropped.add(name));
  }
  const declared = new Set(kept.flatMap((unit) => unit.names));
  for (const unit of before) {
    if (!unit.typeOnly && unit.names.some((name) => dropped.has(name) && !declared.has(name))) kept.push(unit);
  }
  return kept.map((unit) => unit.text + "\n").join("");
}

function units(ts: TypeScriptApi, text: string): Unit[] {
  const file = ts.createSourceFile("__prev__.d.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Unit[] = [];
  for (const statement of file.statements) {
    const full = text.slice(statement.getFullStart(), statement.end).trim();
    if (ts.isVariableStatement(statement)) {
      const list = statement.declarationList;
      const keyword = list.flags & ts.NodeFlags.Const ? "const" : list.flags & ts.NodeFlags.Let ? "let" : "var";
      const declare = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword) ? "declare " : "";
      for (const declaration of list.declarations) {
        const names = ts.isIdentifier(declaration.name) ? [declaration.name.text] : [];
        const single = `${declare}${keyword} ${declaration.getText(file)};`;
        out.push({ text: list.declarations.length === 1 ? full : single, names, typeOnly: false });
      }
    } else if (ts.isImportDeclaration(statement)) {
      out.push({ text: full, names: importedNames(ts, statement), typeOnly: statement.importClause?.isTypeOnly === true });
    } else {
      const name = (statement as { name?: { text?: unknown } }).name?.text;
      const typeOnly = ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement);
      out.push({ text: full, names: typeof name === "string" ? [name] : [], typeOnly: typeOnly || typeof name !== "string" });
    }
  }
  return out;
}

function importedNames(ts: TypeScriptApi, statement: import("@tslab/typescript-for-tslab").ImportDeclaration): string[] {
  const clause = statement.importClause;
  if (!clause) return [];
  const names = clause.name ? [clause.name.text] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((element) => element.name.text));
  return names;
}
