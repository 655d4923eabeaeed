// Run by tests in a fresh `node` process: loads the graph saved in argv[2], feeds it the
// tensors of argv[3] (a safetensors file keyed by placeholder name) and prints its outputs
// and the names of the variables it recreated as JSON on stdout.
import { readFileSync } from "node:fs";
import { loadGraph, safetensorsToTensors } from "../../kernel/src/index.js";

const [dir, feedsFile] = process.argv.slice(2);
const graph = loadGraph(dir!);
const feeds = Object.fromEntries(safetensorsToTensors(readFileSync(feedsFile!)).tensors);
const outputs = graph.run(feeds).map((t) => ({ shape: [...t.shape], dtype: t.dtype, values: Array.from(t.dataSync()) }));
process.stdout.write(JSON.stringify({ outputs, variables: graph.variables.map((v) => v.name) }));
