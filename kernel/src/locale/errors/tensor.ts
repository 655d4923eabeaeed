// Russian for the errors thrown under kernel/src/tensor (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "{0}: inner dimensions differ: a is {1}, b is {2}{3}":
    "{0}: внутренние размерности не совпадают: a имеет форму {1}, b — {2}{3}",
  "{0}: shapes {1} and {2} cannot be broadcast together (axis {3}: {4} vs {5})":
    "{0}: формы {1} и {2} нельзя согласовать (broadcast) (ось {3}: {4} против {5})",
  "{0}: shapes cannot be broadcast together: {1} (axis {2})":
    "{0}: формы нельзя согласовать (broadcast): {1} (ось {2})",
  "{0}: batch dimensions {1} and {2} cannot be broadcast together: a is {3}, b is {4}":
    "{0}: пакетные размерности {1} и {2} нельзя согласовать (broadcast): a имеет форму {3}, b — {4}",
  "{0}: {1} must be a finite number, got {2}":
    "{0}: {1} должно быть конечным числом, получено {2}",
  "{0}: {1} must have rank 4 [batch, height, width, channels], got shape {2}":
    "{0}: {1} должен иметь ранг 4 [batch, height, width, channels], получена форма {2}",
};
