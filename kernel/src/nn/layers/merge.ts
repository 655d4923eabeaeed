import { ArgumentError } from "../../tensor/errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { add, concat, maximum, minimum, mul, sub } from "../../tensor/ops/index.js";
import { Layer, type LayerConfig, type Tensors } from "../layer.js";
import type { SymbolicShape } from "../symbolic.js";
import { registerLayer } from "../layer-registry.js";

const showShape = (s: SymbolicShape): string => `[${s.map((d) => d ?? "batch").join(", ")}]`;

/** The inputs of a merge layer: a list of tensors (checked, with a message that names the fix). */
function inputList(layer: Layer, inputs: Tensors | SymbolicShape[], count?: number): Tensor[] {
  if (!Array.isArray(inputs) || !(inputs.length === 0 || inputs[0] instanceof Tensor)) {
    throw new ArgumentError(`${layer.name}: ${layer.className} takes a list of tensors, e.g. layer.apply([a, b]); got a single tensor`);
  }
  const list = inputs as Tensor[];
  if (count !== undefined && list.length !== count) throw new ArgumentError(`${layer.name}: ${layer.className} takes exactly ${count} inputs, got ${list.length}`);
  if (list.length === 0) throw new ArgumentError(`${layer.name}: ${layer.className} needs at least one input, got an empty list`);
  return list;
}

function shapeList(layer: Layer, shapes: SymbolicShape | SymbolicShape[]): SymbolicShape[] {
  if (!Array.isArray(shapes[0])) throw new ArgumentError(`${layer.name}: ${layer.className} takes a list of tensors, e.g. layer.apply([a, b]); got a single tensor`);
  const list = shapes as SymbolicShape[];
  if (list.length === 0) throw new ArgumentError(`${layer.name}: ${layer.className} needs at least one input, got an empty list`);
  return list;
}

/** Broadcast-compatible shapes (NumPy rules, unknown sizes fit anything), or a message naming them. */
function checkBroadcastable(layer: Layer, shapes: SymbolicShape[]): void {
  const rank = Math.max(...shapes.map((s) => s.length));
  for (let k = 1; k <= rank; k++) {
    const sizes = shapes.map((s) => (k <= s.length ? s[s.length - k] : 1)).filter((d): d is number => d !== null && d !== 1);
    if (new Set(sizes).size > 1) {
      throw new ArgumentError(`${layer.name}: ${layer.className} needs inputs of the same shape (or shapes that broadcast), got ${shapes.map(showShape).join(", ")}`);
    }
  }
}

export interface ConcatenateConfig extends LayerConfig {
  /** The axis the inputs are joined along (default −1, the last). */
  axis?: number;
}

/**
 * Joins a list of tensors along `axis` (default the last); every other axis must agree.
 * @example new Concatenate().apply([zeros([2, 3]), ones([2, 1])]).shape // [2, 4]
 */
export class Concatenate extends Layer {
  readonly axis: number;

  constructor(readonly config: ConcatenateConfig = {}) {
    super(config);
    this.axis = config?.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ArgumentError(`Concatenate: axis must be an integer (default -1), got ${JSON.stringify(config?.axis)}`);
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    this.checkShapes(shapeList(this, inputShape));
  }

  private checkShapes(shapes: SymbolicShape[]): number {
    const rank = shapes[0]!.length;
    const shown = shapes.map(showShape).join(", ");
    if (shapes.some((s) => s.length !== rank)) throw new ArgumentError(`${this.name}: cannot concatenate shapes ${shown} along axis ${this.axis}: the inputs must have the same rank`);
    if (this.axis < -rank || this.axis >= rank) throw new ArgumentError(`${this.name}: cannot concatenate shapes ${shown} along axis ${this.axis}: the axis is out of range for rank ${rank}`);
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    for (let i = 0; i < rank; i++) {
      if (i === axis) continue;
      const sizes = new Set(shapes.map((s) => s[i]).filter((d) => d !== null));
      if (sizes.size > 1) {
        throw new ArgumentError(`${this.name}: cannot concatenate shapes ${shown} along axis ${this.axis}: axis ${i} differs (every axis but the concatenation axis must match)`);
      }
    }
    return axis;
  }

  call(inputs: Tensors): Tensor {
    const list = inputList(this, inputs);
    return concat(list, this.checkShapes(list.map((t) => t.shape)));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** A merge layer that combines same-shaped (or broadcastable) inputs elementwise. */
abstract class ElementwiseMerge extends Layer {
  constructor(
    readonly config: LayerConfig,
    private readonly count?: number,
  ) {
    super(config);
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shapes = shapeList(this, inputShape);
    if (this.count !== undefined && shapes.length !== this.count) throw new ArgumentError(`${this.name}: ${this.className} takes exactly ${this.count} inputs, got ${shapes.length}`);
    checkBroadcastable(this, shapes);
  }

  /** Combines the checked inputs. */
  protected abstract merge(inputs: Tensor[]): Tensor;

  call(inputs: Tensors): Tensor {
    const list = inputList(this, inputs, this.count);
    checkBroadcastable(this, list.map((t) => t.shape));
    return this.merge(list);
  }
}

/** Elementwise sum of a list of tensors (residual connections). @example new Add().apply([a, b]) */
export class Add extends ElementwiseMerge {
  constructor(config: LayerConfig = {}) {
    super(config);
  }
  protected merge(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => add(a, b));
  }
}

/** a − b, for exactly two inputs. @example new Subtract().apply([a, b]) */
export class Subtract extends ElementwiseMerge {
  constructor(config: LayerConfig = {}) {
    super(config, 2);
  }
  protected merge([a, b]: Tensor[]): Tensor {
    return sub(a!, b!);
  }
}

/** Elementwise product of a list of tensors (gating). @example new Multiply().apply([a, b]) */
export class Multiply extends ElementwiseMerge {
  constructor(config: LayerConfig = {}) {
    super(config);
  }
  protected merge(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => mul(a, b));
  }
}

/** Elementwise mean of a list of tensors (ensembles). @example new Average().apply([a, b]) */
export class Average extends ElementwiseMerge {
  constructor(config: LayerConfig = {}) {
    super(config);
  }
  protected merge(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => add(a, b)).mul(1 / inputs.length);
  }
}

/** Elementwise maximum of a list of tensors. @example new Maximum().apply([a, b]) */
export class Maximum extends ElementwiseMerge {
  constructor(config: LayerConfig = {}) {
    super(config);
  }
  protected merge(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => maximum(a, b));
  }
}

/** Elementwise minimum of a list of tensors. @example new Minimum().apply([a, b]) */
export class Minimum extends ElementwiseMerge {
  constructor(config: LayerConfig = {}) {
    super(config);
  }
  protected merge(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => minimum(a, b));
  }
}

registerLayer(Concatenate, (config) => new Concatenate(config as ConcatenateConfig));
registerLayer(Add, (config) => new Add(config as LayerConfig));
registerLayer(Subtract, (config) => new Subtract(config as LayerConfig));
registerLayer(Multiply, (config) => new Multiply(config as LayerConfig));
registerLayer(Average, (config) => new Average(config as LayerConfig));
registerLayer(Maximum, (config) => new Maximum(config as LayerConfig));
registerLayer(Minimum, (config) => new Minimum(config as LayerConfig));
