/// <reference types="@webgpu/types" />
import type { DType, TypedArray } from "../../tensor/dtype.js";
import type { GpuDevice } from "./device.js";
import { BufferPool } from "./pool.js";
import { MAX_PARAMS, prelude, wgslType, type GpuData, type Program } from "./program.js";
import { checkProgram, failureIn, LOG_WORDS, type PendingCheck } from "./checks.js";
import type { RejectionError, ValueRule } from "../value-rule.js";

// GPUBufferUsage and GPUMapMode bits (fixed by the WebGPU specification).
const MAP_READ = 0x1;
const COPY_SRC = 0x4;
const COPY_DST = 0x8;
const UNIFORM = 0x40;
const STORAGE = 0x80;

const UNIFORM_BYTES = MAX_PARAMS * 4;
/** Dispatches recorded before a submit, so the GPU starts while JavaScript records more. */
const BATCH = 128;
/** Bind groups kept for reuse before the cache starts over. */
const MAX_BIND_GROUPS = 4096;

/**
 * Runs programs on one device: pipelines cached by key, commands recorded into one shared
 * encoder and compute pass and submitted in batches (and before every read), uniform
 * parameters packed into one buffer per batch, storage and staging buffers pooled.
 * @example const rt = new GpuRuntime(gpu); const [out] = rt.run(program); await rt.read(out);
 */
export class GpuRuntime {
  private readonly storage: BufferPool;
  private readonly staging: BufferPool;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly layouts = new Map<string, GPUBindGroupLayout>();
  private readonly uniformData = new Uint32Array((BATCH * UNIFORM_BYTES) / 4);
  private readonly uniformBuffer: GPUBuffer;
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly bufferIds = new WeakMap<GPUBuffer, number>();
  private nextBufferId = 0;
  private encoder: GPUCommandEncoder | undefined;
  private pass: GPUComputePassEncoder | undefined;
  private recorded = 0;
  /** Checks recorded since the last read, and the log their first failure is written to. */
  private checks: PendingCheck[] = [];
  private checkLog: GpuData | undefined;
  /** Dispatches run since the runtime started (benchmarks divide time by it). */
  dispatches = 0;

  constructor(readonly gpu: GpuDevice) {
    const { device } = gpu;
    this.storage = new BufferPool(device, STORAGE | COPY_SRC | COPY_DST);
    this.staging = new BufferPool(device, MAP_READ | COPY_DST);
    this.uniformBuffer = device.createBuffer({ size: this.uniformData.byteLength, usage: UNIFORM | COPY_DST });
  }

  /** Bytes of GPU memory the pools hold (tensors in use and free buffers kept for reuse). */
  get bytes(): number {
    return this.storage.bytes + this.staging.bytes + this.uniformBuffer.size;
  }

  /** Memory for `length` words; `recorded`: first written by a recorded command. */
  allocate(dtype: DType, length: number, recorded = true): GpuData {
    return { buffer: this.storage.take(Math.max(length, 1) * 4, recorded), length, dtype };
  }

  /** Copies values into new GPU memory (bool bytes widen to 32-bit words). */
  upload(values: TypedArray, dtype: DType): GpuData {
    wgslType(dtype);
    const data = this.allocate(dtype, values.length, false);
    const words = values instanceof Uint8Array ? Uint32Array.from(values) : values;
    if (words.length > 0) this.gpu.device.queue.writeBuffer(data.buffer, 0, words.buffer, words.byteOffset, words.byteLength);
    return data;
  }

  release(data: GpuData): void {
    this.storage.give(data.buffer);
  }

  /** Records one dispatch and returns its outputs' memory (new, or `into` to write in place). */
  run(program: Program, into?: GpuData[]): GpuData[] {
    const outputs = into ?? program.outputs.map((o) => this.allocate(o.dtype, o.length));
    if (program.workgroups[0] === 0) return outputs;
    const pipeline = this.pipeline(program);
    const words = program.params.bytes();
    if (words.length > MAX_PARAMS) throw new Error(`${program.key}: ${words.length} uniform words exceed ${MAX_PARAMS}`);
    if (this.recorded === BATCH) this.flush();
    const offset = this.recorded * UNIFORM_BYTES;
    this.uniformData.set(words, offset / 4);
    const bindGroup = this.bindGroup(program.inputs.map((t) => t.data.buffer).concat(outputs.map((o) => o.buffer)), program.inputs.length);
    const pass = this.computePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup, [offset]);
    const [x, y = 1, z = 1] = program.workgroups;
    pass.dispatchWorkgroups(x, y, z);
    this.recorded++;
    this.dispatches++;
    return outputs;
  }

  /** Submits everything recorded so far. */
  flush(): void {
    if (!this.encoder) return;
    this.endPass();
    const { queue } = this.gpu.device;
    if (this.recorded > 0) queue.writeBuffer(this.uniformBuffer, 0, this.uniformData.buffer, 0, this.recorded * UNIFORM_BYTES);
    queue.submit([this.encoder.finish()]);
    this.encoder = undefined;
    this.recorded = 0;
    this.storage.submitted();
  }

  /**
   * Records a check of `data`'s values: if `rule` rejects one, the next read throws
   * `error(…)` ("checked on read"; the first failed check since the last read wins).
   */
  check(data: GpuData, rule: ValueRule, error: RejectionError): void {
    if (data.length === 0) return;
    this.checkLog ??= this.upload(new Int32Array(LOG_WORDS), "int32");
    this.run(checkProgram(data, rule, this.checks.length), [this.checkLog]);
    this.checks.push({ dtype: data.dtype, error });
  }

  /**
   * Reads memory back (copy into a pooled staging buffer, submit, map); the log of the checks
   * recorded before comes back in the same copy, and a failed check throws its error.
   */
  async read(data: GpuData): Promise<Uint32Array> {
    const checks = this.checks.splice(0);
    const bytes = data.length * 4;
    const total = bytes + (checks.length > 0 ? LOG_WORDS * 4 : 0);
    if (total === 0) return new Uint32Array(0);
    const staging = this.staging.take(total, true);
    this.endPass();
    const encoder = this.commandEncoder();
    if (bytes > 0) encoder.copyBufferToBuffer(data.buffer, 0, staging, 0, bytes);
    if (checks.length > 0) {
      encoder.copyBufferToBuffer(this.checkLog!.buffer, 0, staging, bytes, LOG_WORDS * 4);
      encoder.clearBuffer(this.checkLog!.buffer, 0, LOG_WORDS * 4);
    }
    this.flush();
    await staging.mapAsync(1 /* GPUMapMode.READ */, 0, total);
    const words = new Uint32Array(staging.getMappedRange(0, total).slice(0));
    staging.unmap();
    this.staging.give(staging);
    const failure = failureIn(words.subarray(data.length), checks);
    if (failure) throw failure;
    return words.subarray(0, data.length);
  }

  /** Waits until the GPU has run everything submitted (benchmarks time with it). */
  async sync(): Promise<void> {
    this.flush();
    await this.gpu.device.queue.onSubmittedWorkDone();
  }

  /** Frees the pooled buffers nobody uses. */
  trim(): void {
    this.flush();
    this.bindGroups.clear();
    this.storage.trim();
    this.staging.trim();
  }

  /**
   * The bind group of these buffers (inputs first), cached: a training loop reuses the same
   * pooled buffers step after step, and the uniforms' offset is dynamic, so most are hits.
   */
  private bindGroup(buffers: GPUBuffer[], inputs: number): GPUBindGroup {
    const key = buffers.map((b) => this.idOf(b)).join(",") + `/${inputs}`;
    let group = this.bindGroups.get(key);
    if (!group) {
      if (this.bindGroups.size >= MAX_BIND_GROUPS) this.bindGroups.clear();
      group = this.gpu.device.createBindGroup({
        layout: this.layout(inputs, buffers.length - inputs),
        entries: [
          ...buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
          { binding: buffers.length, resource: { buffer: this.uniformBuffer, offset: 0, size: UNIFORM_BYTES } },
        ],
      });
      this.bindGroups.set(key, group);
    }
    return group;
  }

  private idOf(buffer: GPUBuffer): number {
    let id = this.bufferIds.get(buffer);
    if (id === undefined) this.bufferIds.set(buffer, (id = this.nextBufferId++));
    return id;
  }

  private commandEncoder(): GPUCommandEncoder {
    this.encoder ??= this.gpu.device.createCommandEncoder();
    return this.encoder;
  }

  private computePass(): GPUComputePassEncoder {
    this.pass ??= this.commandEncoder().beginComputePass();
    return this.pass;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = undefined;
  }

  private pipeline(program: Program): GPUComputePipeline {
    const inputs = program.inputs.map((t) => t.dtype);
    const outputs = program.outputs.map((o) => o.dtype);
    const key = `${program.key}|${inputs.map(wgslType).join(",")}>${outputs.map(wgslType).join(",")}`;
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      const { device, subgroups } = this.gpu;
      const code = prelude(inputs, outputs, subgroups) + program.code();
      const module = device.createShaderModule({ code });
      const layout = device.createPipelineLayout({ bindGroupLayouts: [this.layout(inputs.length, outputs.length)] });
      pipeline = device.createComputePipeline({ layout, compute: { module, entryPoint: "main" } });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  private layout(inputs: number, outputs: number): GPUBindGroupLayout {
    const key = `${inputs}/${outputs}`;
    let layout = this.layouts.get(key);
    if (!layout) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (let i = 0; i < inputs + outputs; i++) {
        entries.push({ binding: i, visibility: 4 /* COMPUTE */, buffer: { type: i < inputs ? "read-only-storage" : "storage" } });
      }
      entries.push({ binding: inputs + outputs, visibility: 4, buffer: { type: "uniform", hasDynamicOffset: true } });
      layout = this.gpu.device.createBindGroupLayout({ entries });
      this.layouts.set(key, layout);
    }
    return layout;
  }
}
