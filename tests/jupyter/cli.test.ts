import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../kernel/src/jupyter/cli.js";

function collect() {
  const out: string[] = [];
  const error: string[] = [];
  return { out, error, output: { out: (line: string) => out.push(line), error: (line: string) => error.push(line) } };
}

/** A stand-in launcher file, so these tests need no build. */
function fakeLauncher(folder: string): string {
  const launcher = join(folder, "launcher.js");
  writeFileSync(launcher, "");
  return launcher;
}

test("bad usage is explained, with exit code 2", () => {
  const cases: [string[], RegExp][] = [
    [["install", "--usr"], /gradbook install: unknown option '--usr'; the options are --user, --sys-prefix, --prefix <dir>/],
    [["install", "--user", "--prefix", "/tmp/x"], /choose one of --user, --sys-prefix and --prefix, not several/],
    [["install", "--prefix"], /gradbook install: --prefix needs a value/],
    [["install", "--prefix", "--user"], /--prefix needs a value/],
    [["uninstall", "somewhere"], /unexpected argument 'somewhere'; did you mean --prefix somewhere\?/],
    [["install", "--user", "--python", "python3"], /--python only goes with --sys-prefix/],
    [["frobnicate"], /gradbook: unknown command 'frobnicate'; the commands are install, uninstall and help/],
  ];
  for (const [args, message] of cases) {
    const { error, output } = collect();
    assert.equal(runCli(args, output), 2, args.join(" "));
    assert.match(error.join("\n"), message);
    assert.match(error.join("\n"), /Run 'gradbook help' for usage\./);
  }
});

test("help prints usage; no command prints usage and fails", () => {
  const help = collect();
  assert.equal(runCli(["help"], help.output), 0);
  assert.match(help.out.join("\n"), /gradbook install --user/);
  const none = collect();
  assert.equal(runCli([], none.output), 2);
  assert.match(none.out.join("\n"), /^Usage: gradbook <command>/);
});

test("install --prefix and uninstall --prefix=<dir> round-trip", () => {
  const prefix = mkdtempSync(join(tmpdir(), "gradbook-cli-"));
  try {
    const install = collect();
    const launcher = fakeLauncher(prefix);
    assert.equal(runCli(["install", "--prefix", prefix], install.output, { launcher }), 0, install.error.join("\n"));
    const directory = join(prefix, "share", "jupyter", "kernels", "gradbook");
    assert.match(install.out[0] as string, new RegExp(`Installed kernelspec gradbook \\("TypeScript \\(gradbook\\)"\\) in ${directory.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}`));
    assert.equal(install.out[1], `  starts: ${process.execPath} ${launcher} {connection_file}`);
    assert.deepEqual(JSON.parse(readFileSync(join(directory, "kernel.json"), "utf8")).argv, [process.execPath, launcher, "{connection_file}"]);
    const uninstall = collect();
    assert.equal(runCli(["uninstall", `--prefix=${prefix}`], uninstall.output), 0);
    assert.match(uninstall.out[0] as string, /^Removed kernelspec gradbook from /);
    assert.equal(existsSync(directory), false);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
});

test("with no location, install explains that it uses --user (JUPYTER_DATA_DIR respected)", () => {
  const data = mkdtempSync(join(tmpdir(), "gradbook-cli-user-"));
  const saved = process.env.JUPYTER_DATA_DIR;
  process.env.JUPYTER_DATA_DIR = data;
  try {
    const install = collect();
    assert.equal(runCli(["install"], install.output, { launcher: fakeLauncher(data) }), 0);
    assert.match(install.out[0] as string, /no location given, so installing for the current user \(--user\)/);
    assert.ok(existsSync(join(data, "kernels", "gradbook", "kernel.json")));
    const again = collect();
    assert.equal(runCli(["uninstall", "--user"], again.output), 0);
    assert.equal(existsSync(join(data, "kernels", "gradbook")), false);
    const nothing = collect();
    assert.equal(runCli(["uninstall", "--user"], nothing.output), 0);
    assert.match(nothing.out[0] as string, /nothing to remove/);
  } finally {
    if (saved === undefined) delete process.env.JUPYTER_DATA_DIR;
    else process.env.JUPYTER_DATA_DIR = saved;
    rmSync(data, { recursive: true, force: true });
  }
});
