import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { localizeError, setLocale } from "../../kernel/src/locale/index.js";
import { resetLocale } from "../../kernel/src/locale/locale.js";
import { errorCatalogueAreas } from "../../kernel/src/locale/errors/index.js";
import { ArgumentError } from "../../kernel/src/tensor/errors.js";
import { tensor } from "../../kernel/src/index.js";
import { progress } from "../../kernel/src/jupyter/display/progress.js";
import { display } from "../../kernel/src/jupyter/display/display.js";
import { errorSites, type ErrorSite } from "./error-sites.js";

afterEach(() => resetLocale());

type Area = keyof typeof errorCatalogueAreas;

/** Sites whose message stays English (or is translated elsewhere), each with why. `file` is a path prefix under kernel/src. */
const exemptions: { file: string; error?: string; argument?: RegExp; reason: string }[] = [
  { file: "check/", error: "CheckError", argument: /^say\(\)\./, reason: "the checking API words its messages in both languages itself (check/messages.ts)" },
  { file: "jupyter/protect.ts", error: "ProtectedNameError", reason: "picks its language itself (checkLocale), since graders may run without setLocale" },
  { file: "locale/locale.ts", argument: /setLocale: unknown locale/, reason: "errors.ts imports the locale, so the locale cannot import the error classes" },
  { file: "autograd/backprop.ts", argument: /^`internal:/, reason: "internal invariant" },
  { file: "tensor/ops/reduce.ts", argument: /^`internal:/, reason: "internal invariant" },
  { file: "graph/executor.ts", argument: /^`internal:/, reason: "internal invariant" },
  { file: "tensor/memory.ts", argument: /closeScope without openScope/, reason: "internal invariant: scopes are opened and closed by tidy()" },
  { file: "tensor/op.ts", argument: /is defined twice/, reason: "internal invariant: ops are defined by the library" },
  { file: "backend/backend.ts", argument: /is already registered/, reason: "internal invariant: kernels are registered by the library" },
  { file: "backend/wasm/heap.ts", argument: /is not an allocated block/, reason: "internal invariant of the WebAssembly heap" },
  { file: "backend/wasm/worker-main.ts", argument: /^"abort"$/, reason: "a worker's signal to its pool, never shown" },
  { file: "backend/webgpu/kernels/fused.ts", error: "Error", reason: "internal invariants of the fused-kernel compiler (its expressions are the library's)" },
  { file: "backend/wasm/codegen/fused-kernel.ts", error: "Error", reason: "internal invariants of the fused-kernel compiler, which catches them (its expressions are the library's)" },
  { file: "tensor/expression-tree.ts", error: "Error", reason: "the fused-kernel compilers' parser; they catch its errors (the expressions are the library's)" },
  { file: "backend/webgpu/runtime.ts", argument: /uniform words exceed/, reason: "internal invariant: programs are the library's" },
  { file: "jupyter/cli.ts", error: "UsageError", reason: "the command line (gradbook install) runs outside notebooks, where no locale is chosen" },
  { file: "jupyter/kernelspec.ts", error: "Error", reason: "the command line (gradbook install) runs outside notebooks, where no locale is chosen" },
  { file: "jupyter/connection.ts", error: "Error", reason: "Jupyter's connection file is written by Jupyter, not by a student" },
  { file: "jupyter/wire.ts", error: "Error", reason: "the Jupyter wire protocol, never a student's doing" },
  { file: "jupyter/kernel-sink.ts", error: "Error", reason: "internal invariant: display() checks the id first" },
];

const exemptionOf = (site: ErrorSite) =>
  exemptions.find(({ file, error, argument }) => site.file.startsWith(file) && (!error || error === site.error) && (!argument || argument.test(site.argument)));

const sites = errorSites();
const checked = sites.filter((site) => !exemptionOf(site));
const areas = Object.keys(errorCatalogueAreas) as Area[];
const areaOf = (file: string): Area => (areas.find((area) => area !== "misc" && file.startsWith(`${area}/`)) ?? "misc");
const where = (site: ErrorSite) => `${site.file}:${site.line}`;

/** Every key in the source, with the sites that throw it. */
const sitesByKey = new Map<string, ErrorSite[]>();
for (const site of checked) for (const key of site.keys) sitesByKey.set(key, [...(sitesByKey.get(key) ?? []), site]);

/** Every Russian entry, with the area file it is in. */
const entries = areas.flatMap((area) => Object.entries(errorCatalogueAreas[area].ru).map(([key, russian]) => ({ area, key, russian })));
const russianOf = new Map(entries.map(({ key, russian }) => [key, russian]));

const placeholdersOf = (template: string) => [...template.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));
/** Distinct sample values, some with the characters regular expressions treat specially. */
const sample = (n: number) => (n % 2 === 0 ? `X${n}` : `[${n}, 3]`);
const fill = (template: string) => template.replace(/\{(\d+)\}/g, (_, n: string) => sample(Number(n)));

test("the reader finds the library's error sites and derives their keys from the source", () => {
  const matmul = sites.find((site) => site.file === "tensor/ops/matmul.ts" && site.argument.includes("inner dimensions differ"));
  assert.deepEqual(matmul?.keys, ["{0}: inner dimensions differ: a is {1}, b is {2}{3}"]);
  assert.ok(sites.length > 600, `only ${sites.length} error sites found`);
  const unused = exemptions.filter((exemption) => !sites.some((site) => exemptionOf(site) === exemption));
  assert.deepEqual(unused, [], "exemptions that match no site any more");
});

test("every error the library throws translates its message (a GradbookError, or a class calling localizeError) or is listed as staying English", () => {
  const english = checked.filter((site) => !site.localized).map((site) => `${where(site)} new ${site.error}(${site.argument.slice(0, 80)}…)`);
  assert.deepEqual(english, [], "make these GradbookError subclasses (user errors) or list them in `exemptions` with a reason");
});

test("every error message is a template the catalogue can key (a literal, or a same-file function returning literals)", () => {
  const opaque = checked.filter((site) => site.keys.length === 0).map((site) => `${where(site)} ${site.argument.slice(0, 80)}`);
  assert.deepEqual(opaque, [], "write these messages as template literals where they are thrown, or list them in `exemptions` with a reason");
});

test("every error message has a Russian translation (the failure lists the missing ones by catalogue file)", () => {
  const missing = new Map<Area, string[]>();
  for (const [key, keySites] of sitesByKey) {
    if (russianOf.has(key)) continue;
    const area = areaOf(keySites[0]!.file);
    missing.set(area, [...(missing.get(area) ?? []), `  ${JSON.stringify(key)}:\n    "", // ${keySites.map(where).join(", ")}`]);
  }
  const total = [...missing.values()].reduce((sum, lines) => sum + lines.length, 0);
  const report = [...missing].map(([area, lines]) => `kernel/src/locale/errors/${area}.ts (${lines.length} missing):\n${lines.join("\n")}`);
  assert.equal(total, 0, `${total} of ${sitesByKey.size} error messages have no Russian translation:\n\n${report.join("\n\n")}\n`);
});

test("every catalogue entry is a key the source throws, in the file of an area that throws it, and in one file only", () => {
  const problems = entries.flatMap(({ area, key }) => {
    const keySites = sitesByKey.get(key);
    if (!keySites) return [`${area}.ts: ${JSON.stringify(key)} is thrown nowhere (stale: remove it, or update it to the new message)`];
    const owners = [...new Set(keySites.map((site) => areaOf(site.file)))];
    const copies = entries.filter((entry) => entry.key === key).length;
    return [
      ...(owners.includes(area) ? [] : [`${area}.ts: ${JSON.stringify(key)} belongs in ${owners.join(" or ")}.ts`]),
      ...(copies > 1 ? [`${area}.ts: ${JSON.stringify(key)} is in ${copies} catalogue files`] : []),
    ];
  });
  assert.deepEqual(problems, []);
});

test("every translation uses exactly the placeholders of its key", () => {
  const wrong = entries
    .filter(({ key, russian }) => [...new Set(placeholdersOf(russian))].sort().join() !== [...new Set(placeholdersOf(key))].sort().join())
    .map(({ area, key, russian }) => `${area}.ts: ${JSON.stringify(key)} → ${JSON.stringify(russian)}`);
  assert.deepEqual(wrong, []);
});

test("each catalogued message, values filled in, reads in Russian with the values in place, and stays as it is in English", () => {
  const english = entries.map(({ key }) => fill(key));
  assert.deepEqual(english.map(localizeError), english);
  setLocale("ru");
  const wrong = entries.filter(({ key, russian }) => localizeError(fill(key)) !== fill(russian)).map(({ area, key }) => `${area}.ts: ${fill(key)} → ${localizeError(fill(key))}`);
  assert.deepEqual(wrong, []);
});

test("mistakes with the notebook helpers are GradbookErrors too (they were plain TypeErrors), so they translate", () => {
  assert.throws(() => progress(-1), ArgumentError);
  assert.throws(() => display.json(() => 1), ArgumentError);
});

test("an op's error reads in Russian whole, values in place, and the user's line stays at the end", () => {
  setLocale("ru");
  assert.throws(
    () => tensor([1, 2]).sum(3),
    (e: unknown) => e instanceof ArgumentError && /^sum: ось 3 вне допустимого диапазона для тензора ранга 1 \(ожидалось -1 … 0\) \(.*error-catalogue\.test\.ts:\d+\)$/.test(e.message),
  );
});
