// One line per layer file.
export { Dense, type DenseConfig } from "./dense.js";
