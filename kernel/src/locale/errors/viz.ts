// Russian for the errors thrown under kernel/src/viz (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "gradientFlow: got {0} gradient(s) for {1} variable(s)":
    "gradientFlow: получено градиентов: {0}, а переменных: {1}",
  "showGraph: a list must hold tensors or variables":
    "showGraph: список должен содержать тензоры или переменные",
  "showGraph: {0} is not built yet and has no inputShape; pass { inputs: tensor(...) } to call it on":
    "showGraph: {0} ещё не построен и не имеет inputShape; передайте входы, на которых его вызвать: { inputs: tensor(...) }",
  "showGraph: the function takes {0} argument(s); pass them as { inputs: [...] } so it can be traced":
    "showGraph: функция принимает аргументов: {0}; передайте их как { inputs: [...] }, чтобы её можно было трассировать",
  "showGraph: the function must return a tensor or a list of tensors":
    "showGraph: функция должна возвращать тензор или список тензоров",
  "showGraph: expected a tensor, a list of tensors, a function of tensors or a model/layer, got {0}":
    "showGraph: ожидался тензор, список тензоров, функция от тензоров или модель/слой, получено {0}",
  "showGraph: gradients need a float output, got {0}":
    "showGraph: для градиентов нужен выход вещественного типа (float), получено {0}",
  "metricsPlot.log: expected an object of metric values like { loss: 0.3 }, got {0}":
    "metricsPlot.log: ожидался объект со значениями метрик вида { loss: 0.3 }, получено {0}",
  "metricsPlot.log: {0} must be a number ≥ 0, got {1}":
    "metricsPlot.log: {0} должно быть числом ≥ 0, получено {1}",
  "surfacePlot: f must return one number per point, got {0}":
    "surfacePlot: f должна возвращать по одному числу на точку, получено {0}",
  "surfacePlot: expected a function of a point [2] or of (x, y), got {0}":
    "surfacePlot: ожидалась функция от точки [2] или от (x, y), получено {0}",
  "surfacePlot: xRange and yRange must be [low, high] with low < high, got [{0}, {1}] and [{2}, {3}]":
    "surfacePlot: xRange и yRange должны быть вида [low, high] с low < high, получено [{0}, {1}] и [{2}, {3}]",
  "{0}: needs low < high, got {1} and {2}":
    "{0}: нужно low < high, получено {1} и {2}",
  "logUniform: low must be > 0, got {0}":
    "logUniform: low должно быть > 0, получено {0}",
  "intUniform: needs integers, got {0} and {1}":
    "intUniform: нужны целые числа, получено {0} и {1}",
  "sweep: parameters must name at least one parameter, e.g. { learningRate: [0.1, 0.01] }":
    "sweep: в parameters должен быть хотя бы один параметр, например { learningRate: [0.1, 0.01] }",
  "sweep: parameter \"{0}\" needs a non-empty list of values or a distribution like logUniform(1e-4, 1e-1), got {1}":
    "sweep: параметру \"{0}\" нужен непустой список значений или распределение вида logUniform(1e-4, 1e-1), получено {1}",
  "sweep: grid search needs a list of values for \"{0}\"; {1}({2}, …) is for search: \"random\"":
    "sweep: для поиска по сетке нужен список значений \"{0}\"; {1}({2}, …) предназначено для search: \"random\"",
  "sweep: trials must be a whole number ≥ 1, got {0}":
    "sweep: trials должно быть целым числом ≥ 1, получено {0}",
  "sweep: search must be \"grid\" or \"random\", got {0}":
    "sweep: search должно быть \"grid\" или \"random\", получено {0}",
  "sweep: give build (params → compiled model) and fit ({ x, y, epochs, ... }), or train (params → curves)":
    "sweep: задайте build (params → скомпилированная модель) и fit ({ x, y, epochs, ... }) или train (params → кривые)",
  "sweep: the runs log {0}, not \"{1}\"; choose one as metric":
    "sweep: запуски записывают в лог {0}, а не \"{1}\"; выберите одно из них как metric",
  "sweep: the runs log nothing, not \"{0}\"; log a metric to compare runs by":
    "sweep: запуски ничего не записывают в лог, в том числе \"{0}\"; записывайте метрику, по которой сравнивать запуски",
};
