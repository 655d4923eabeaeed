/**
 * The Int32Array shared by the main thread and the I/O thread for interrupts:
 * - pending: raised by the I/O thread when an interrupt arrives; loops in cell code check it;
 * - acknowledged: counted up by the main thread each time it acts on an interrupt;
 * - cell: serial number of the cell running now (0 between cells), so an interrupt meant
 *   for one cell is never applied to the next.
 */
export const INTERRUPT_SLOTS = { pending: 0, acknowledged: 1, cell: 2 } as const;

/** A zeroed flag array for Interrupts and startTransport. */
export function createInterruptFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * 3));
}
