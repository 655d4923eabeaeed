import { ArgumentError } from "../tensor/errors.js";

/** What save/load stores for any configurable object: its class name and plain config. */
export interface SerializedObject {
  className: string;
  config: Record<string, unknown>;
}

/**
 * A name → factory table for one kind of configurable object (initialisers, regularisers,
 * constraints, layers, losses...). Keras names (camelCase or snake_case, any case) resolve
 * to the same entry.
 */
export class ConfigRegistry<T extends { readonly className: string; getConfig(): Record<string, unknown> }> {
  private readonly factories = new Map<string, (config: Record<string, unknown>) => T>();
  /** The names as messages show them, by normalised name: camelCase, in the order registered. */
  private readonly shown = new Map<string, string>();

  constructor(private readonly kind: string) {}

  private static normalise(name: string): string {
    return name.replace(/[_\s-]/g, "").toLowerCase();
  }

  /** Registers a factory under its class name and aliases. */
  register(names: readonly string[], factory: (config: Record<string, unknown>) => T): void {
    for (const name of names) {
      const key = ConfigRegistry.normalise(name);
      this.factories.set(key, factory);
      if (!this.shown.has(key)) this.shown.set(key, camelCase(name));
    }
  }

  /** Whether `name` resolves (any case, with or without _). @example lossRegistry.has("mean_squared_error") // true */
  has(name: string): boolean {
    return this.factories.has(ConfigRegistry.normalise(name));
  }

  /** Known names in camelCase, as a student types them (for messages): "mse", "meanSquaredError", … */
  names(): string[] {
    return [...this.shown.values()];
  }

  /**
   * Resolves a name, a `{ className, config }` object or an instance.
   * @example initializers.get("glorotUniform")
   */
  get(spec: string | T | SerializedObject): T {
    if (typeof spec === "string") return this.create(spec, {});
    if (spec && typeof spec === "object" && "getConfig" in spec && typeof spec.getConfig === "function") return spec as T;
    if (spec && typeof spec === "object" && typeof (spec as SerializedObject).className === "string") {
      return this.create((spec as SerializedObject).className, (spec as SerializedObject).config ?? {});
    }
    throw new ArgumentError(`unknown ${this.kind} ${JSON.stringify(spec)}; use a name (${this.names().join(", ")}) or an object`);
  }

  private create(name: string, config: Record<string, unknown>): T {
    const factory = this.factories.get(ConfigRegistry.normalise(name));
    if (!factory) throw new ArgumentError(`unknown ${this.kind} "${name}"; known: ${this.names().join(", ")}`);
    return factory(config);
  }
}

/**
 * Keras names in camelCase: MeanSquaredError → meanSquaredError, KLDivergence → klDivergence,
 * huber_loss → huberLoss, mse → mse.
 * @example camelCase("SparseCategoricalCrossentropy") // "sparseCategoricalCrossentropy"
 */
export function camelCase(name: string): string {
  const joined = name.replace(/[_\s-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  return joined.replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (head) => head.toLowerCase());
}

/** Serialises a configurable object for save/load. */
export function serialize(object: { readonly className: string; getConfig(): Record<string, unknown> }): SerializedObject {
  return { className: object.className, config: object.getConfig() };
}
