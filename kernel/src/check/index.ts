// The assignment-checking API, preloaded in every notebook. The kernel keeps every name
// exported here from being redefined by cells (jupyter/protect.ts), so a student cannot
// pass a test cell by replacing the checker or its helpers.
export { check } from "./check.js";
export { expectShape, expectDType, expectClose, expectEqual, expectDecreasing, expectAtLeast, expectAtMost, expectTrue, type Tolerance } from "./expect.js";
export { answerHash, expectHash } from "./hash.js";
export { CheckError } from "./error.js";
