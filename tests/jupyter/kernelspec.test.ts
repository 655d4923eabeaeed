import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installKernelspec, kernelJson, kernelsDir, sysPrefix, uninstallKernelspec, userDataDir } from "../../kernel/src/jupyter/kernelspec.js";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "gradbook-kernelspec-"));
}

test("kernel.json runs the launcher with absolute paths and no Python", () => {
  const spec = kernelJson({ node: "/opt/node/bin/node", launcher: "/repo/kernel/dist/jupyter/launcher.js" });
  assert.deepEqual(spec.argv, ["/opt/node/bin/node", "/repo/kernel/dist/jupyter/launcher.js", "{connection_file}"]);
  assert.equal(spec.display_name, "TypeScript (gradbook)");
  assert.equal(spec.language, "typescript");
  assert.equal(spec.interrupt_mode, "message");
  assert.match(String((spec.metadata.gradbook as { version: string }).version), /^\d+\.\d+\.\d+/);
  const defaults = kernelJson();
  assert.equal(defaults.argv[0], process.execPath);
  assert.match(defaults.argv[1] as string, /[/\\]jupyter[/\\]launcher\.js$/);
});

test("the user data folder follows jupyter_core's rules", () => {
  const home = "/home/ada";
  assert.equal(userDataDir({ env: {}, platform: "linux", home }), "/home/ada/.local/share/jupyter");
  assert.equal(userDataDir({ env: { XDG_DATA_HOME: "/xdg" }, platform: "linux", home }), "/xdg/jupyter");
  assert.equal(userDataDir({ env: { JUPYTER_DATA_DIR: "/custom", XDG_DATA_HOME: "/xdg" }, platform: "linux", home }), "/custom");
  assert.equal(userDataDir({ env: {}, platform: "darwin", home }), "/home/ada/Library/Jupyter");
  assert.equal(kernelsDir({ kind: "user" }, { env: {}, platform: "linux", home }), "/home/ada/.local/share/jupyter/kernels");
});

test("--prefix and --sys-prefix put the spec under <prefix>/share/jupyter/kernels", () => {
  const environment = { env: { VIRTUAL_ENV: "/work/.venv" }, platform: "linux" as const, home: "/home/ada" };
  assert.equal(kernelsDir({ kind: "prefix", prefix: "/opt/env" }, environment), "/opt/env/share/jupyter/kernels");
  assert.equal(kernelsDir({ kind: "sys-prefix" }, environment), "/work/.venv/share/jupyter/kernels");
  assert.equal(sysPrefix(undefined, { CONDA_PREFIX: "/conda" }), "/conda");
});

test("--sys-prefix asks the interpreter when no environment is active, and says so when it cannot", () => {
  const prefix = sysPrefix(process.platform === "win32" ? "python" : "python3", {});
  assert.ok(prefix.length > 0 && existsSync(prefix), prefix);
  assert.throws(() => sysPrefix("no-such-python-gradbook", {}), /could not be asked for sys\.prefix .*use --prefix <dir> instead/);
});

test("install writes kernel.json and a logo, replaces an old copy, and uninstall removes it", () => {
  const prefix = scratch();
  try {
    const launcher = join(prefix, "launcher.js");
    writeFileSync(launcher, "");
    const stale = join(prefix, "share", "jupyter", "kernels", "gradbook");
    const first = installKernelspec({ location: { kind: "prefix", prefix }, launcher });
    assert.equal(first.directory, stale);
    writeFileSync(join(stale, "leftover.txt"), "old");
    installKernelspec({ location: { kind: "prefix", prefix }, launcher });
    assert.equal(existsSync(join(stale, "leftover.txt")), false);
    const written = JSON.parse(readFileSync(join(stale, "kernel.json"), "utf8"));
    assert.deepEqual(written.argv, [process.execPath, launcher, "{connection_file}"]);
    assert.match(readFileSync(join(stale, "logo-svg.svg"), "utf8"), /^<svg /);
    assert.equal(uninstallKernelspec({ location: { kind: "prefix", prefix } }), stale);
    assert.equal(existsSync(stale), false);
    assert.equal(uninstallKernelspec({ location: { kind: "prefix", prefix } }), undefined);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
});

test("install refuses when the launcher has not been built", () => {
  const prefix = scratch();
  try {
    assert.throws(() => installKernelspec({ location: { kind: "prefix", prefix }, launcher: join(prefix, "missing.js") }), /launcher .*missing\.js does not exist yet: build the kernel first/);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
});
