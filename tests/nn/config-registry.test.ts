import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigRegistry, camelCase, serialize, type SerializedObject } from "../../kernel/src/nn/config-registry.js";
import { ArgumentError, getInitializer, getLoss, GlorotUniform, getRegularizer, L1L2 } from "../../kernel/src/index.js";

class Thing {
  readonly className: string;
  constructor(readonly config: Record<string, unknown>, className = "MaxThing") {
    this.className = className;
  }
  getConfig(): Record<string, unknown> {
    return { ...this.config };
  }
}

function registry(): { things: ConfigRegistry<Thing>; calls: Record<string, unknown>[] } {
  const calls: Record<string, unknown>[] = [];
  const things = new ConfigRegistry<Thing>("thing");
  things.register(["maxThing", "MaxThing", "max_thing"], (c) => (calls.push(c), new Thing(c)));
  things.register(["other"], (c) => new Thing(c, "Other"));
  return { things, calls };
}

test("names resolve in any case, with or without underscores, hyphens or spaces", () => {
  const { things, calls } = registry();
  for (const name of ["maxThing", "MaxThing", "max_thing", "MAX_THING", "maxthing", "max-thing", "Max Thing", "m_a_x_t_h_i_n_g"]) {
    assert.equal(things.get(name).className, "MaxThing", name);
  }
  assert.ok(calls.every((c) => Object.keys(c).length === 0), "a bare name gets an empty config");
  assert.equal(things.get("OTHER").className, "Other");
});

test("a { className, config } object passes its config to the factory (missing config: {})", () => {
  const { things, calls } = registry();
  const made = things.get({ className: "max_thing", config: { size: 3 } });
  assert.deepEqual(made.getConfig(), { size: 3 });
  assert.deepEqual(calls.at(-1), { size: 3 });
  things.get({ className: "MaxThing" } as SerializedObject);
  assert.deepEqual(calls.at(-1), {});
});

test("an instance is returned as is", () => {
  const { things, calls } = registry();
  const instance = new Thing({ a: 1 }, "Unregistered");
  assert.equal(things.get(instance), instance);
  assert.equal(calls.length, 0);
});

test("serialize gives className and config, and get() rebuilds an equal object (also through JSON)", () => {
  const { things } = registry();
  const original = new Thing({ size: 2, nested: { k: [1, 2] } });
  const saved = serialize(original);
  assert.deepEqual(saved, { className: "MaxThing", config: { size: 2, nested: { k: [1, 2] } } });
  const back = things.get(JSON.parse(JSON.stringify(saved)));
  assert.notEqual(back, original);
  assert.deepEqual(back.getConfig(), original.getConfig());
});

test("an unknown name names the kind and lists the known names in camelCase", () => {
  const { things } = registry();
  assert.deepEqual(things.names(), ["maxThing", "other"], "aliases that normalise alike count once");
  assert.throws(() => things.get("minThing"), (e: unknown) => e instanceof ArgumentError && e.message.startsWith('unknown thing "minThing"; known: maxThing, other'));
  assert.throws(() => things.get({ className: "Nope", config: {} }), (e: unknown) => e instanceof ArgumentError && e.message.startsWith('unknown thing "Nope"; known: maxThing, other'));
});

test("a value that is neither a name, an instance nor a serialised object is refused", () => {
  const { things } = registry();
  for (const bad of [42, null, undefined, {}, { config: {} }, { className: 3 }]) {
    assert.throws(
      () => things.get(bad as never),
      (e: unknown) => e instanceof ArgumentError && e.message.startsWith(`unknown thing ${JSON.stringify(bad)}; use a name (maxThing, other) or an object`),
      JSON.stringify(bad),
    );
  }
});

test("a later registration under the same alias replaces the earlier one", () => {
  const { things } = registry();
  things.register(["Other"], (c) => new Thing(c, "Replacement"));
  assert.equal(things.get("other").className, "Replacement");
});

test("the built-in registries use it: Keras snake_case names and serialised objects", () => {
  assert.ok(getInitializer("glorot_uniform") instanceof GlorotUniform);
  assert.ok(getInitializer("GLOROTUNIFORM") instanceof GlorotUniform);
  const reg = getRegularizer({ className: "l1_l2", config: { l1: 0.1, l2: 0.2 } });
  assert.ok(reg instanceof L1L2);
  assert.deepEqual(reg.getConfig(), { l1: 0.1, l2: 0.2 });
  assert.throws(() => getInitializer("glorot"), (e: unknown) => e instanceof ArgumentError && /unknown initializer "glorot"; known: .*glorotUniform/.test(e.message));
});

test("unknown names are answered with the known ones in camelCase, as a student types them", () => {
  assert.equal(camelCase("SparseCategoricalCrossentropy"), "sparseCategoricalCrossentropy");
  assert.equal(camelCase("KLDivergence"), "klDivergence");
  assert.equal(camelCase("huber_loss"), "huberLoss");
  assert.equal(camelCase("mse"), "mse");
  let message = "";
  assert.throws(() => getLoss("meanSquareError"), (e: unknown) => e instanceof ArgumentError && Boolean((message = e.message)));
  const known = message.replace(/^.*known: /, "").replace(/ \(.*$/, "").split(", ");
  for (const name of ["mse", "meanSquaredError", "sparseCategoricalCrossentropy", "huberLoss", "klDivergence"]) assert.ok(known.includes(name), `${name} in ${message}`);
  assert.ok(known.every((name) => /^[a-z][a-zA-Z0-9]*$/.test(name)), message);
  assert.ok(!known.includes("sparsecategoricalcrossentropy"));
});
