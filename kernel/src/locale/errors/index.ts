/**
 * Every error translation, one file per top-level folder of kernel/src (so translators of
 * different areas edit different files), merged per locale.
 *
 * Example: `errorCatalogues.ru["{0}: inner dimensions differ: a is {1}, b is {2}{3}"]` → "{0}: внутренние размерности …".
 */
import type { Locale } from "../locale.js";
import type { ErrorCatalogue } from "./catalogue.js";
import * as tensor from "./tensor.js";
import * as autograd from "./autograd.js";
import * as backend from "./backend.js";
import * as graph from "./graph.js";
import * as nn from "./nn.js";
import * as train from "./train.js";
import * as optim from "./optim.js";
import * as data from "./data.js";
import * as check from "./check.js";
import * as viz from "./viz.js";
import * as jupyter from "./jupyter.js";
import * as misc from "./misc.js";

export type { ErrorCatalogue } from "./catalogue.js";

/** The catalogue files by area, as the test that keeps them complete reads them. */
export const errorCatalogueAreas = { tensor, autograd, backend, graph, nn, train, optim, data, check, viz, jupyter, misc };

export const errorCatalogues: Record<Exclude<Locale, "en">, ErrorCatalogue> = {
  ru: Object.assign({}, ...Object.values(errorCatalogueAreas).map((area) => area.ru)),
};
