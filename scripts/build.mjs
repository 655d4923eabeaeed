// `npm run build`: compiles kernel/ with the project's TypeScript (node_modules/.bin/tsc
// is tslab's older copy), links the `gradbook` command, then builds the JupyterLab
// extension (extension/labextension/). Each step skips when nothing changed.
import { ensureBuild, ensureExtensionBuild } from "./ensure.mjs";

try {
  ensureBuild();
  ensureExtensionBuild();
} catch {
  process.exit(1); // tsc or the extension builder has already printed the errors
}
