// Russian for the errors thrown under kernel/src/check (keys: see catalogue.ts). The checks' own
// verdicts (CheckError(say()…)) are worded in both languages by check/messages.ts, not here.
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "answerHash: digits must be an integer from 1 to 15, got {0}":
    "answerHash: digits должно быть целым числом от 1 до 15, получено {0}",
};
