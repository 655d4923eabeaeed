// `npm run build`: installs the npm dependencies when they are missing or stale (so it works
// on a fresh clone), compiles kernel/ with the project's TypeScript (node_modules/.bin/tsc
// is tslab's older copy), links the `gradbook` command, then builds the JupyterLab
// extension (extension/labextension/). Each step skips when nothing changed.
import { ensureBuild, ensureExtensionBuild, ensureNodeModules } from "./ensure.mjs";

try {
  ensureNodeModules();
  ensureBuild();
  ensureExtensionBuild();
} catch {
  process.exit(1); // tsc or the extension builder has already printed the errors
}
