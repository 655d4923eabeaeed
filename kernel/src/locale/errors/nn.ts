// Russian for the errors thrown under kernel/src/nn (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "{0} expects predictions with a class axis, got a scalar":
    "{0}: нужны предсказания с осью классов, получен скаляр",
  "{0}: expected inputs with a batch axis, got a scalar":
    "{0}: нужны входы с осью пакета (batch), получен скаляр",
};
