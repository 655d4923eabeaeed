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

  constructor(private readonly kind: string) {}

  private static normalise(name: string): string {
    return name.replace(/[_\s-]/g, "").toLowerCase();
  }

  /** Registers a factory under its class name and aliases. */
  register(names: readonly string[], factory: (config: Record<string, unknown>) => T): void {
    for (const name of names) this.factories.set(ConfigRegistry.normalise(name), factory);
  }

  /** Known names (for messages). */
  names(): string[] {
    return [...this.factories.keys()];
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

/** Serialises a configurable object for save/load. */
export function serialize(object: { readonly className: string; getConfig(): Record<string, unknown> }): SerializedObject {
  return { className: object.className, config: object.getConfig() };
}
