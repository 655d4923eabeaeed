/**
 * SIGINT seen from the I/O thread. Node delivers signals only to the main thread's
 * `process.on("SIGINT")`, which cannot run while a cell's synchronous code holds that
 * thread (after an `await`, or in a timer, `breakOnSigint` is not in force); so a raw
 * SIGINT could not stop `await null; while (true) {}`. libuv delivers a signal to every
 * event loop that watches it, the worker's included: this watches SIGINT with Node's
 * signal handle (the same one `process.on` uses; workers only lack the JavaScript wiring)
 * so the I/O thread can raise the interrupt flag at once.
 *
 * `vm`'s `breakOnSigint` replaces the process's SIGINT handler while it runs and leaves
 * Node's "exit on SIGINT" handler behind; libuv re-installs its own only when a watcher
 * starts while none is active, so after every such run the watcher is restarted (`rearm`),
 * and the main thread must have no SIGINT listener of its own.
 *
 * Example (in the worker): `const watch = watchSigint(() => interrupt()); ... watch?.rearm();`
 */

interface SignalHandle {
  onsignal: () => void;
  start(signal: number): number;
  close(): void;
  unref(): void;
}

/** The process's SIGINT number (2 on every POSIX system Node runs on). */
const SIGINT = 2;

/** Starts watching SIGINT; undefined where Node's signal handle is not available. */
export function watchSigint(onSignal: () => void): { rearm(): void } | undefined {
  const Signal = signalHandleClass();
  if (!Signal) return undefined;
  let handle: SignalHandle | undefined;
  const arm = (): boolean => {
    handle?.close();
    handle = new Signal();
    handle.onsignal = onSignal;
    handle.unref();
    return handle.start(SIGINT) === 0;
  };
  return arm() ? { rearm: () => void arm() } : undefined;
}

function signalHandleClass(): (new () => SignalHandle) | undefined {
  const quiet = process.noDeprecation;
  // process.binding is deprecated (a warning on the kernel's stderr otherwise) but is the only door to it.
  process.noDeprecation = true;
  try {
    const binding = (process as unknown as { binding(name: string): { Signal?: new () => SignalHandle } }).binding("signal_wrap");
    return binding.Signal;
  } catch {
    return undefined;
  } finally {
    process.noDeprecation = quiet;
  }
}
