// Every op front-end; importing a family also installs its chainable Tensor methods.
export { add, sub, mul, div, neg } from "./arithmetic.js";
export { cast } from "./cast.js";
export { sum } from "./reduce.js";
export { reshape, broadcastTo } from "./shape-ops.js";
