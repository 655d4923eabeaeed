// `npm run bench`: every benchmark, each against its peers measured in the same run
// (ratios, never timed assertions): the CPU library vs TensorFlow.js, graph mode vs eager
// mode (compiled training steps), the kernel vs tslab,
// and the kernel-side view bundles. The browser-side view timings come from the browser
// tests (tests/e2e/browser) and land in test-results/browser/bench-browser.json.
// `npm run bench -- --quick` runs smaller sizes. The Fashion-MNIST fit against Keras runs its
// short form (1,200 images, 2 epochs) unless `--fashion` asks for the whole run (minutes);
// `--peers` installs PyTorch and Keras into .venv first (see bench-cpu.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./ensure.mjs";

const quick = process.argv.includes("--quick");
const peers = process.argv.includes("--peers") ? ["--peers"] : [];
const fashion = process.argv.includes("--fashion") && !quick ? [] : ["--quick"];
let failed = false;
for (const [script, args] of [["bench-cpu.mjs", [...(quick ? ["--quick"] : []), ...peers]], ["bench-fashion.mjs", fashion], ["bench-graph.mjs", quick ? ["--quick"] : []], ["bench-kernel.mjs", quick ? ["--runs", "30", "--starts", "1"] : []], ["bench-viz.mjs", []]]) {
  console.log(`\n== ${script} ==`);
  const result = spawnSync(process.execPath, [join(root, "scripts", script), ...args], { cwd: root, stdio: "inherit" });
  failed ||= result.status !== 0;
}
const browser = join(root, "test-results", "browser", "bench-browser.json");
if (existsSync(browser)) console.log(`\n== browser (last browser test run) ==\n${readFileSync(browser, "utf8")}`);
process.exit(failed ? 1 : 0);
