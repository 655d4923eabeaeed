// Loaded into the test processes of `npm test`'s second pass (scripts/test.mjs): the op,
// gradient and training suites run again with the JavaScript reference backend as the
// active one, so both CPU backends pass the same tests. A test that picks its own backend
// still does.
import { setBackend } from "../../kernel/src/index.js";

setBackend("cpu-js");
