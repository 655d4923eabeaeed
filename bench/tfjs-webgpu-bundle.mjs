// Bundles tfjs-core with tfjs-backend-webgpu (bench/tfjs-webgpu-entry.mjs) into
// build/tfjs-webgpu.cjs, one file that bench/gpu.mjs loads without node_modules (the GPU
// machine has none). bench/gpu-carry.sh runs it; bench/gpu.mjs calls it when the file is missing.
//   node bench/tfjs-webgpu-bundle.mjs
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The bundle's path, bundled first with esbuild (a devDependency) when it does not exist.
 * @example const tf = (await import(await tfjsWebGpuBundle())).default;
 */
export async function tfjsWebGpuBundle() {
  const outfile = join(root, "build", "tfjs-webgpu.cjs");
  if (existsSync(outfile)) return outfile;
  mkdirSync(dirname(outfile), { recursive: true });
  const { build } = await import("esbuild");
  await build({ entryPoints: [join(root, "bench", "tfjs-webgpu-entry.mjs")], bundle: true, platform: "node", format: "cjs", logLevel: "warning", outfile });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await tfjsWebGpuBundle());
