// Russian for the errors thrown under kernel/src/graph (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "run: no value fed for placeholder \"{0}\" (shape {1}, {2}); pass it in the feeds":
    "run: для заполнителя (placeholder) \"{0}\" (форма {1}, {2}) не передано значение; передайте его в feeds",
  "run: placeholder \"{0}\" has shape {1}, the value fed has {2}":
    "run: заполнитель (placeholder) \"{0}\" имеет форму {1}, а переданное значение — {2}",
  "run: placeholder \"{0}\" is {1}, the value fed is {2}; cast() it first":
    "run: заполнитель (placeholder) \"{0}\" имеет тип {1}, а переданное значение — {2}; сначала приведите его через cast()",
  "run: a tensor the graph captured (shape {0}, {1}) was disposed after the graph was made; keep it while the graph is used, or make it an argument or a variable":
    "run: тензор, захваченный графом (форма {0}, {1}), был освобождён после создания графа; сохраняйте его, пока граф используется, или сделайте его аргументом или переменной",
  "grad: cannot differentiate through what a compiled function returned (jit: \"{0}\"): its graph ran without the eager ops autograd follows; take the gradient inside it (jit(() => gradient(...))), or call the function without jit":
    "grad: нельзя дифференцировать через результат скомпилированной функции (jit: \"{0}\"): её граф выполнился без eager-операций, по которым идёт autograd; берите градиент внутри неё (jit(() => gradient(...))) или вызывайте функцию без jit",
  "compiledCall: recorded only for the results of a compiled function's run":
    "compiledCall: записывается только для результатов выполнения скомпилированной функции",
  "exportOnnx: {0} is a kernel that graph.optimize() fused, and ONNX has no op for it; export the graph as traced, before optimize() (ONNX runtimes fuse on their own)":
    "exportOnnx: {0} — ядро, слитое graph.optimize(), и в ONNX для него нет операции; экспортируйте граф в том виде, в каком он был трассирован, до optimize() (среды выполнения ONNX сливают операции сами)",
  "optimize: this graph was disposed":
    "optimize: этот граф уже освобождён",
  "run: this graph was disposed":
    "run: этот граф уже освобождён",
  "run: \"{0}\" is not a placeholder of this graph; its placeholders are {1}":
    "run: \"{0}\" не является заполнителем (placeholder) этого графа; его заполнители: {1}",
  "run: feeds are keyed by placeholders or their names, got a tensor of shape [{0}] made by {1}":
    "run: ключами feeds должны быть заполнители (placeholder) или их имена, получен тензор формы [{0}], созданный {1}",
  "graph: a symbolic tensor (shape [{0}]) has no maker":
    "graph: у символьного тензора (форма [{0}]) нет создавшей его операции",
  "jit: expected a function, got {0}":
    "jit: ожидалась функция, получено {0}",
  "jit: argument {0} is symbolic; graphFor and prepare take values (called on symbolic tensors, a compiled function runs as part of the graph being built)":
    "jit: аргумент {0} символьный; graphFor и prepare принимают значения (на символьных тензорах скомпилированная функция выполняется как часть строящегося графа)",
  "jit: argument {0} is a function; capture it in the compiled function instead of passing it":
    "jit: аргумент {0} — функция; вместо передачи захватите её внутри компилируемой функции",
  "jit: {0} returned a Promise; compiled functions must be synchronous (await outside them)":
    "jit: {0} вернула Promise; скомпилированные функции должны быть синхронными (используйте await вне их)",
  "loadGraph: {0} does not exist; graph.save(dir) writes graph.json and weights.safetensors into dir":
    "loadGraph: {0} не существует; graph.save(dir) записывает graph.json и weights.safetensors в dir",
  "loadGraph: {0} is not valid JSON ({1})":
    "loadGraph: {0} — некорректный JSON ({1})",
  "exportOnnx: {0} over several axes ({1}) has no ONNX mapping; ONNX's {2} takes one axis":
    "exportOnnx: у {0} по нескольким осям ({1}) нет соответствия в ONNX; {2} в ONNX принимает одну ось",
  "exportOnnx: this graph assigns variables or runs host code (a training step); only inference graphs can be exported — trace the forward pass alone":
    "exportOnnx: этот граф присваивает переменные или выполняет код на хосте (шаг обучения); экспортировать можно только графы вывода (inference) — трассируйте только прямой проход",
  "exportOnnx: {0} produces values with host code at each run (random ops, per-step scalars); ONNX export needs an inference graph without them":
    "exportOnnx: {0} вычисляет значения кодом на хосте при каждом запуске (случайные операции, скаляры каждого шага); для экспорта в ONNX нужен граф вывода (inference) без них",
  "exportOnnx: {0} has no ONNX mapping; the ops exported are {1}":
    "exportOnnx: у {0} нет соответствия в ONNX; экспортируются операции {1}",
  "placeholder: unknown dtype {0}; expected float32, float64, int32 or bool":
    "placeholder: неизвестный тип данных (dtype) {0}; ожидался float32, float64, int32 или bool",
  "graph.save: two different variables are both named \"{0}\"; loading recreates variables by name, so give them distinct names":
    "graph.save: две разные переменные названы \"{0}\"; при загрузке переменные создаются заново по именам, поэтому дайте им разные имена",
  "loadGraph: {0} is not a saved gradbook graph (its \"format\" is {1}, expected \"{2}\")":
    "loadGraph: {0} не является сохранённым графом gradbook (его \"format\" — {1}, ожидалось \"{2}\")",
  "loadGraph: {0} has format version {1}; this gradbook reads versions up to {2} — update gradbook":
    "loadGraph: у {0} версия формата {1}; эта версия gradbook читает версии до {2} — обновите gradbook",
  "loadGraph: {0} refers to the weight \"{1}\", which is not in {2}":
    "loadGraph: {0} ссылается на вес \"{1}\", которого нет в {2}",
  "loadGraph: the variable \"{0}\" given has {1}[{2}], the saved graph reads {3}[{4}]":
    "loadGraph: переданная переменная \"{0}\" имеет {1}[{2}], а сохранённый граф читает {3}[{4}]",
  "loadGraph: {0}: {1} reads value {2} before any node writes it":
    "loadGraph: {0}: {1} читает значение {2} раньше, чем его записывает какой-либо узел",
  "loadGraph: {0}: {1} writes value {2}, which has no shape in \"values\"":
    "loadGraph: {0}: {1} записывает значение {2}, у которого нет формы в \"values\"",
  "loadGraph: {0}: {1} reads the variable \"{2}\", which is not listed in \"variables\"":
    "loadGraph: {0}: {1} читает переменную \"{2}\", которой нет в \"variables\"",
  "loadGraph: {0}: {1} names an op this gradbook does not define":
    "loadGraph: {0}: {1} называет операцию, которой в этой версии gradbook нет",
  "loadGraph: {0}: output value {1} is written by no node":
    "loadGraph: {0}: выходное значение {1} не записывает ни один узел",
  "loadGraph: unknown typed array \"{0}\" in an attribute":
    "loadGraph: неизвестный типизированный массив \"{0}\" в атрибуте",
  "graph.save: this graph assigns the variables {0} (a training step); only inference graphs can be saved — trace the forward pass alone (e.g. jit((x) => model.apply(x)))":
    "graph.save: этот граф присваивает переменные {0} (шаг обучения); сохранять можно только графы вывода (inference) — трассируйте только прямой проход (например, jit((x) => model.apply(x)))",
  "graph.save: this graph runs host code after each run (a training step); only inference graphs can be saved — trace the forward pass alone (e.g. jit((x) => model.apply(x)))":
    "graph.save: этот граф выполняет код на хосте после каждого запуска (шаг обучения); сохранять можно только графы вывода (inference) — трассируйте только прямой проход (например, jit((x) => model.apply(x)))",
  "graph.save: {0} has the attribute {1} that is a function (a closure: its code and captured values cannot be written to a file); this graph cannot be saved":
    "graph.save: у {0} атрибут {1} — функция (замыкание: её код и захваченные значения нельзя записать в файл); этот граф нельзя сохранить",
  "graph.save: {0} has the attribute {1} that is an object of class {2}; this graph cannot be saved":
    "graph.save: у {0} атрибут {1} — объект класса {2}; этот граф нельзя сохранить",
  "exportOnnx: this graph has an unknown batch dimension ([?, ...] placeholders); ONNX export needs every shape — export a graph traced for one batch size (jit(f) without batchPolymorphic, or placeholder([32, 784]))":
    "exportOnnx: у этого графа неизвестная размерность пакета (batch) (заполнители [?, ...]); для экспорта в ONNX нужны все формы — экспортируйте граф, построенный для одного размера пакета (jit(f) без batchPolymorphic или placeholder([32, 784]))",
  "placeholder: shape must list every dimension as a non-negative integer, except that the first may be null (an unknown batch size), got {0}":
    "placeholder: форма должна задавать каждую размерность неотрицательным целым числом (только первая может быть null — неизвестный размер пакета), получено {0}",
  "graph.save: {0} computes \"{1}\" values with host code at each run (an optimizer's per-step scalar, or a hostTensor()); that code is a closure and cannot be saved — trace the forward pass alone, or make the value a variable or a placeholder":
    "graph.save: {0} вычисляет значения \"{1}\" кодом на стороне JavaScript при каждом запуске (скаляр оптимизатора для каждого шага или hostTensor()); этот код — замыкание, его нельзя сохранить: постройте граф только прямого прохода или сделайте это значение переменной или заполнителем (placeholder)",
  "loadGraph: {0}: {1} has no \"random\" attribute; only random draws are saved as host values":
    "loadGraph: {0}: у {1} нет атрибута \"random\"; из значений, вычисляемых на стороне JavaScript, сохраняются только случайные выборки",
  "loadGraph: {0}: {1}: {2}":
    "loadGraph: {0}: {1}: {2}",
  "graph: the batch size is unknown (placeholders made with null as their first dimension), but the graph holds numbers computed from it — {0}. x.shape[0] stands for any batch size while the graph is built: use it in shapes (reshape([x.shape[0], -1])), not in arithmetic (x.sum().div(x.shape[0]) → x.mean(0).sum()), or give the batch size in the placeholder":
    "graph: размер пакета (batch) неизвестен (заполнители с null в первой размерности), но граф содержит числа, вычисленные из него — {0}. Пока граф строится, x.shape[0] обозначает любой размер пакета: используйте его в формах (reshape([x.shape[0], -1])), а не в арифметике (x.sum().div(x.shape[0]) → x.mean(0).sum()), или задайте размер пакета в заполнителе",
  "run: placeholder \"{0}\" has shape {1} (? is any batch size), the value fed has {2}":
    "run: заполнитель (placeholder) \"{0}\" имеет форму {1} (? — любой размер пакета), а переданное значение — {2}",
  "run: placeholders \"{0}\" and \"{1}\" share the unknown batch dimension, but the values fed have batch sizes {2} and {3}":
    "run: у заполнителей \"{0}\" и \"{1}\" общая неизвестная размерность пакета, но у переданных значений размеры пакета {2} и {3}",
};
