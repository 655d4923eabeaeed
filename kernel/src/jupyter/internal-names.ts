/**
 * Names the library marks as internal (a `@internal` tag in their doc comment), read from
 * the declaration files cells are typed against, so completion can leave them out: they
 * stay usable, they are just not offered to students. tsc keeps doc comments in .d.ts
 * files, so a scan of the comment and the name after it is enough (no type checker).
 *
 * Example:
 *   internalNamesIn(["/abs/kernel/dist/"]) // Set { "ensureBuilt", "deliver", ... }
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A doc comment carrying @internal, then the declared name (modifiers and keywords skipped). */
const INTERNAL_DECLARATION =
  /\/\*\*(?:(?!\*\/)[\s\S])*?@internal\b[\s\S]*?\*\/\s*(?:(?:export|declare|static|readonly|protected|public|abstract|async|get|set|function|class|const|let|var|interface|type)\s+)*([A-Za-z_$][\w$]*)/g;

/** The internal names declared in `text` (a .d.ts file). */
export function internalNames(text: string): string[] {
  return [...text.matchAll(INTERNAL_DECLARATION)].map((match) => match[1]!).filter((name) => name !== "constructor");
}

/** The internal names of every .d.ts file under `roots` (unreadable folders are skipped). */
export function internalNamesIn(roots: string[]): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") visit(path);
      else if (entry.name.endsWith(".d.ts")) internalNames(readFileSync(path, "utf8")).forEach((name) => names.add(name));
    }
  };
  roots.forEach(visit);
  return names;
}
