/**
 * The error a failed check throws. `reason` is the sentence without the cell location, so
 * `check` can put its own name in front of it.
 *
 * Example: `throw new CheckError("wrong shape: expected [2], got [3]")`.
 */
import { GradbookError } from "../tensor/errors.js";

export class CheckError extends GradbookError {
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}
