// Russian for the errors thrown under kernel/src/*.ts and kernel/src/locale (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
};
