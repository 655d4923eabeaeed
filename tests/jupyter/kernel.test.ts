// The request loop's idle-time work (Kernel.whenIdle): start-up work left for later runs
// only once the kernel is started and no request is waiting or running, in order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Kernel } from "../../kernel/src/jupyter/kernel.js";
import type { KernelContext } from "../../kernel/src/jupyter/context.js";

function waitFor(condition: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (condition()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > 30_000) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 10);
  });
}

test("idle work waits for start(), then runs once per job, in order", async () => {
  const kernel = new Kernel(() => assert.fail("no request arrives") as KernelContext, () => {});
  const ran: string[] = [];
  kernel.whenIdle(() => ran.push("first"));
  kernel.whenIdle(() => {
    throw new Error("a failing job does not stop the others");
  });
  kernel.whenIdle(() => ran.push("third"));
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(ran, [], "nothing runs before the kernel started");
  kernel.start();
  await waitFor(() => ran.length === 2, "both jobs");
  assert.deepEqual(ran, ["first", "third"]);
});

test("cancelIdleWork drops the jobs not yet run (a shutdown does not wait for them)", async () => {
  const kernel = new Kernel(() => assert.fail("no request arrives") as KernelContext, () => {});
  const ran: string[] = [];
  kernel.whenIdle(() => {
    ran.push("first");
    kernel.cancelIdleWork();
  });
  kernel.whenIdle(() => ran.push("cancelled"));
  kernel.start();
  await waitFor(() => ran.length === 1, "the first job");
  // Jobs run in order: a job added now runs after any that survived the cancel.
  kernel.whenIdle(() => ran.push("added later"));
  await waitFor(() => ran.length === 2, "the job added later");
  assert.deepEqual(ran, ["first", "added later"]);
});
