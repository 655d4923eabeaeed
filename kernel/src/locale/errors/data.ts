// Russian for the errors thrown under kernel/src/data (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "{0}: x has {1} samples but {2} has {3}{4}; they must have one row per sample":
    "{0}: в x {1} примеров, а в {2} {3}{4}; нужно по одной строке на пример",
};
