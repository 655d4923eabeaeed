/**
 * The Int32Array shared by the main thread and the I/O thread for interrupts:
 * - pending: 0, or the serial of the cell an interrupt is for (ANY_CELL: whatever runs);
 *   raised by the I/O thread when an interrupt arrives; loops in cell code check it;
 * - acknowledged: counted up by the main thread each time it acts on an interrupt;
 * - cell: serial number of the cell running now (0 between cells), so an interrupt meant
 *   for one cell is never applied to the next.
 */
export const INTERRUPT_SLOTS = { pending: 0, acknowledged: 1, cell: 2 } as const;

/** The pending value of an interrupt that is not aimed at one cell (shutdown, or none ran). */
export const ANY_CELL = -1;

/**
 * Whether the pending interrupt is for the cell running now. Naming the cell in the flag
 * itself closes the race where a cell ends and the next starts between the I/O thread
 * reading the running cell and raising the flag.
 * @example if (interruptIsForThisCell(flag)) throw new InterruptedError();
 */
export function interruptIsForThisCell(flag: Int32Array): boolean {
  const pending = Atomics.load(flag, INTERRUPT_SLOTS.pending);
  return pending === ANY_CELL || (pending !== 0 && pending === Atomics.load(flag, INTERRUPT_SLOTS.cell));
}

/** A zeroed flag array for Interrupts and startTransport. */
export function createInterruptFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * 3));
}
