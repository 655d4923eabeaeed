// Russian for the errors thrown under kernel/src/jupyter (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
};
