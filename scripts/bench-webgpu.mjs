// The "gradbook webgpu" column of scripts/bench-cpu.mjs, in a process of its own so that a
// missing adapter, a hang or a crash in Dawn's native module cannot stop the CPU benchmark:
//   node scripts/bench-webgpu.mjs <bench-data folder> [--quick]
// Prints gradbook's notice naming the adapter (or why there is none), then one JSON line:
// the column (the CPU columns' workloads, plus `adapter`) or { "error": why it is empty }.
import { importBuiltLibrary } from "./ensure.mjs";
import { conversionWorkload, gradbookColumn, readBenchData, timer } from "./bench-gradbook.mjs";

const quick = process.argv.includes("--quick");
const dataDir = process.argv[2];
const gb = await importBuiltLibrary({ setUp: false });

// useWebGpu prints one line: the adapter, or why it stays on the CPU (kept as the error).
const notices = [];
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => (notices.push(String(chunk)), write(chunk, ...rest));
const opened = await gb.useWebGpu();
process.stdout.write = write;

let column;
if (!opened) column = { error: notices.join("").replace(/^gradbook: /, "").trim() || "no WebGPU adapter" };
else {
  column = await gradbookColumn(gb, readBenchData(dataDir), timer(quick), conversionWorkload(quick));
  column.adapter = gb.getBackend().runtime.gpu.adapterName;
}
console.log(JSON.stringify(column));
// Dawn's threads would keep Node alive until the device is destroyed: exit now.
process.exit(0);
