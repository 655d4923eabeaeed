import { ConfigRegistry, type SerializedObject } from "./config-registry.js";
import type { Layer } from "./layer.js";

/** Layers by class name, so a saved architecture can be rebuilt (`layerFromConfig`). */
export const layerRegistry = new ConfigRegistry<Layer>("layer");

/**
 * Makes a layer class loadable by save/load. Built-in layers register themselves;
 * a custom layer registers once with its class.
 * @example registerLayer(MyLayer, (config) => new MyLayer(config));
 */
export function registerLayer(cls: { name: string }, factory: (config: Record<string, unknown>) => Layer): void {
  layerRegistry.register([cls.name], factory);
}

/**
 * Rebuilds a layer from `{ className, config }`.
 * @example layerFromConfig({ className: "Dense", config: { units: 4 } }) // a new Dense layer
 */
export function layerFromConfig(saved: SerializedObject): Layer {
  return layerRegistry.get(saved);
}
