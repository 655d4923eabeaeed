// Catches the one-line notices gradbook prints on stdout ("gradbook: …"); other output
// passes through.

/**
 * Runs `fn`, returning its result and the gradbook lines it printed meanwhile.
 * @example const [ok, line] = await printedBy(() => useWebGpu()); // line: "gradbook: webgpu backend on …\n"
 */
export async function printedBy<T>(fn: () => T | Promise<T>): Promise<[T, string]> {
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string, ...rest: never[]) => (String(chunk).startsWith("gradbook:") ? (printed.push(String(chunk)), true) : write(chunk, ...rest))) as typeof process.stdout.write;
  try {
    return [await fn(), printed.join("")];
  } finally {
    process.stdout.write = write;
  }
}
