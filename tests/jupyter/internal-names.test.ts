import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { internalNames, internalNamesIn } from "../../kernel/src/jupyter/internal-names.js";

const declarations = `export declare class Layer {
    /** Calls the layer. */
    apply(x: Tensor): Tensor;
    /** @internal Builds the layer (apply calls it). */
    ensureBuilt(shape: number[]): void;
    /**
     * Weights.
     * @internal
     */
    protected readonly weightsCache: Tensor[];
    /** @internal comms are made by the manager. */
    constructor(id: string);
}
/**
 * Converts.
 * @internal used by the writers
 * @example tensorToEntry(t)
 */
export declare function tensorToEntry(t: Tensor): Entry;
/** Public. */
export declare function tensor(values: number[]): Tensor;
`;

test("names whose doc comment carries @internal, after any modifiers; public names and constructors are not listed", () => {
  assert.deepEqual(internalNames(declarations), ["ensureBuilt", "weightsCache", "tensorToEntry"]);
});

test("every .d.ts file under the roots is read; other files and node_modules are not", () => {
  const dir = mkdtempSync(join(tmpdir(), "gradbook-internal-"));
  try {
    mkdirSync(join(dir, "nn"));
    mkdirSync(join(dir, "node_modules"));
    writeFileSync(join(dir, "nn", "layer.d.ts"), declarations);
    writeFileSync(join(dir, "nn", "layer.js"), "/** @internal */ function hiddenJs() {}");
    writeFileSync(join(dir, "node_modules", "x.d.ts"), "/** @internal */ declare function other(): void;");
    assert.deepEqual([...internalNamesIn([dir, join(dir, "missing")])].sort(), ["ensureBuilt", "tensorToEntry", "weightsCache"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
