// The ops that elementwise fusion makes: one op per distinct program, defined when the pass
// first meets the program, with a kernel from every backend that compiles programs.
import { findKernel, registerKernel } from "../../backend/backend.js";
import { programCompilers, type ElementwiseProgram } from "../../tensor/expression.js";
import { defineOp, type OpDef } from "../../tensor/op.js";
import { registerOpLoader } from "../serialize.js";

/** What a fused node keeps of the ops it replaced, for the graph view and summaries. */
export interface FusedMember {
  readonly op: string;
  readonly scope: readonly string[];
}

/** The attributes of a fused node. */
export interface FusedAttrs {
  readonly program: ElementwiseProgram;
  /** The original ops, in the order they are computed. */
  readonly members: readonly FusedMember[];
}

const opsByProgram = new Map<string, OpDef<FusedAttrs>>();
const fusedOps = new WeakSet<OpDef<any>>();

/**
 * The op that runs `program` (defined and given kernels on first use, under a generated name).
 * @example const op = fusedOpFor(program); op.name // "fused_3"
 */
export function fusedOpFor(program: ElementwiseProgram): OpDef<FusedAttrs> {
  const key = JSON.stringify(program);
  let op = opsByProgram.get(key);
  if (!op) {
    op = defineOp<FusedAttrs>({
      name: `fused_${opsByProgram.size}`,
      infer: () => program.outputs.map((step) => ({ shape: program.shape, dtype: program.steps[step]!.dtype })),
      describe: ({ members, program: p }) => ({ ops: members.map((m) => m.op), steps: p.steps.map((s) => s.expression), outputs: p.outputs }),
    });
    opsByProgram.set(key, op);
    fusedOps.add(op);
  }
  // Compilers that declined before may accept now (a GPU opened since binds more buffers).
  for (const [backend, compile] of programCompilers()) {
    if (findKernel(op.name, backend)) continue;
    const kernel = compile(program, op.name);
    if (kernel) registerKernel(op.name, backend, kernel);
  }
  return op;
}

/**
 * Whether an op is one that fusion made (its nodes' attrs list the original ops).
 * @example isFused(node.op) && node.attrs.members.length // 7
 */
export function isFused(op: OpDef<any>): op is OpDef<FusedAttrs> {
  return fusedOps.has(op);
}

// A saved graph names its fused ops as the process that optimised it did; a fresh process
// rebuilds each one from the program saved in its attributes.
registerOpLoader((name, attrs) => (name.startsWith("fused_") ? fusedOpFor((attrs as FusedAttrs).program) : undefined));
