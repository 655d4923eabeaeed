// Russian for the errors thrown under kernel/src/train (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "{0}: loops over batches and reads values, so it cannot be part of a graph (a function compiled with jit, or placeholders); build it with model.apply(x) instead":
    "{0}: перебирает батчи и читает значения, поэтому не может быть частью графа (функции, скомпилированной jit, или графа на заполнителях); стройте граф через model.apply(x)",
  "{0}: the {1} backend reads asynchronously, so evaluate on tensors cannot return its logs at once; evaluate a Dataset: await model.evaluate(Dataset.fromTensors(x, y).batch(32))":
    "{0}: бэкенд {1} читает данные асинхронно, поэтому evaluate на тензорах не может сразу вернуть результаты; оцените модель на Dataset: await model.evaluate(Dataset.fromTensors(x, y).batch(32))",
  "{0}: the {1} backend reads asynchronously, so trainOnBatch cannot return its logs at once; train one step with await model.fit(x, y, { epochs: 1, batchSize: x.shape[0] })":
    "{0}: бэкенд {1} читает данные асинхронно, поэтому trainOnBatch не может сразу вернуть результаты; сделайте один шаг обучения через await model.fit(x, y, { epochs: 1, batchSize: x.shape[0] })",
  "EarlyStopping: patience must be a non-negative integer, got {0}":
    "EarlyStopping: patience должно быть неотрицательным целым числом, получено {0}",
  "EarlyStopping: minDelta must be a finite number, got {0}":
    "EarlyStopping: minDelta должно быть конечным числом, получено {0}",
  "LearningRateScheduler: expected a function (epoch, lr) => newLr, got {0}":
    "LearningRateScheduler: ожидалась функция (epoch, lr) => newLr, получено {0}",
  "LearningRateScheduler: the model has no optimizer; compile it first":
    "LearningRateScheduler: у модели нет оптимизатора; сначала скомпилируйте её (compile)",
  "LearningRateScheduler: the optimizer's learning rate is a schedule ({0}); use a number, or the schedule alone":
    "LearningRateScheduler: скорость обучения оптимизатора задана расписанием ({0}); задайте число или используйте только расписание",
  "LearningRateScheduler: the schedule returned {0} for epoch {1}; it must return a finite number ≥ 0":
    "LearningRateScheduler: расписание вернуло {0} для эпохи {1}; оно должно возвращать конечное число ≥ 0",
  "ModelCheckpoint: the path uses {0} but the logs have no \"{1}\" (they have {2})":
    "ModelCheckpoint: путь использует {0}, но в логах нет \"{1}\" (в них есть {2})",
  "weightsFromJson: not a gradbook weights file (expected format \"gradbook-weights\")":
    "weightsFromJson: это не файл весов gradbook (ожидался формат \"gradbook-weights\")",
  "weightsFromJson: the file has {0} weights, the model {1}":
    "weightsFromJson: весов в файле: {0}, а в модели: {1}",
  "weightsFromJson: weight {0} (\"{1}\") has shape [{2}] in the file but [{3}] in the model (\"{4}\")":
    "weightsFromJson: вес {0} (\"{1}\") имеет форму [{2}] в файле, но [{3}] в модели (\"{4}\")",
  "ModelCheckpoint: saveFreq must be \"epoch\" or a positive number of batches, got {0}":
    "ModelCheckpoint: saveFreq должно быть \"epoch\" или положительным числом пакетов (batch), получено {0}",
  "{0}: mode must be \"auto\", \"min\" or \"max\", got {1}":
    "{0}: mode должно быть \"auto\", \"min\" или \"max\", получено {1}",
  "{0}: cannot tell whether \"{1}\" should go down or up; pass mode: \"min\" or mode: \"max\"":
    "{0}: непонятно, должно ли \"{1}\" уменьшаться или расти; передайте mode: \"min\" или mode: \"max\"",
  "ReduceLROnPlateau: factor must be in [0, 1) (the new rate is lr × factor), got {0}":
    "ReduceLROnPlateau: factor должно лежать в [0, 1) (новая скорость равна lr × factor), получено {0}",
  "ReduceLROnPlateau: the model has no optimizer; compile it first":
    "ReduceLROnPlateau: у модели нет оптимизатора; сначала скомпилируйте её (compile)",
  "ReduceLROnPlateau: the optimizer's learning rate is a schedule ({0}); ReduceLROnPlateau changes a constant learning rate. Compile with a number (learningRate: 0.01) or let the schedule alone set the rate":
    "ReduceLROnPlateau: скорость обучения оптимизатора задана расписанием ({0}); ReduceLROnPlateau меняет постоянную скорость обучения. Скомпилируйте модель с числом (learningRate: 0.01) или оставьте управление скоростью одному расписанию",
  "compile: expected options like { optimizer: \"adam\", loss: \"mse\", metrics: [\"mae\"] }, got {0}":
    "compile: ожидались параметры вида { optimizer: \"adam\", loss: \"mse\", metrics: [\"mae\"] }, получено {0}",
  "compile: give a loss, e.g. model.compile({ optimizer: \"adam\", loss: \"sparseCategoricalCrossentropy\", metrics: [\"accuracy\"] })":
    "compile: укажите функцию потерь, например model.compile({ optimizer: \"adam\", loss: \"sparseCategoricalCrossentropy\", metrics: [\"accuracy\"] })",
  "compile: the model's outputs are not known yet":
    "compile: выходы модели пока неизвестны",
  "compile: lossWeights has {0} entries but the model has {1} output(s) ({2})":
    "compile: в lossWeights элементов: {0}, а у модели выходов: {1} ({2})",
  "compile: lossWeights names unknown output(s) {0}; the outputs are {1}":
    "compile: lossWeights называет неизвестные выходы {0}; выходы модели: {1}",
  "compile: the loss weight of output {0} must be a finite number, got {1}":
    "compile: вес функции потерь выхода {0} должен быть конечным числом, получено {1}",
  "compile: two metrics of output {0} are both named \"{1}\"; give one of them another name":
    "compile: две метрики выхода {0} названы одинаково — \"{1}\"; дайте одной из них другое имя",
  "compile: two log entries would both be named \"{0}\"; rename an output or a metric":
    "compile: две записи в логах получили бы одно имя \"{0}\"; переименуйте выход или метрику",
  "{0}: the model returned {1} output(s) but was compiled for {2}":
    "{0}: модель вернула выходов: {1}, а при компиляции их было {2}",
  "{0}: the model has {1} output(s) ({2}) but y has {3} tensor(s); give one target per output, as a list or a record by output name":
    "{0}: у модели выходов: {1} ({2}), а в y тензоров: {3}; задайте по одной цели на выход — списком или объектом по именам выходов",
  "{0}: the model has {1} output(s) but y has {2} tensor(s)":
    "{0}: у модели выходов: {1}, а в y тензоров: {2}",
  "compile: {0} has {1} entries but the model has {2} output(s) ({3}); give one per output":
    "compile: в {0} элементов: {1}, а у модели выходов: {2} ({3}); задайте по одному на выход",
  "compile: {0} names unknown output(s) {1}; the model's outputs are {2}":
    "compile: {0} называет неизвестные выходы {1}; выходы модели: {2}",
  "compile: {0} has no entry for output \"{1}\"; give one for each of {2}":
    "compile: в {0} нет элемента для выхода \"{1}\"; задайте его для каждого из {2}",
  "compile: metrics must be a list like [\"accuracy\"] (or a record by output name), got {0}":
    "compile: metrics должно быть списком вида [\"accuracy\"] (или объектом по именам выходов), получено {0}",
  "{0}: {1} has key(s) {2}, but the model's names are {3}":
    "{0}: у {1} ключи {2}, а имена в модели — {3}",
  "{0}: {1} has no entry for {2}; give one tensor per name ({3})":
    "{0}: в {1} нет элемента для {2}; задайте по одному тензору на имя ({3})",
  "{0}: {1} must be a tensor, nested arrays of numbers, a list of tensors (one per model input/output) or a record of them by name; {2}":
    "{0}: {1} должно быть тензором, вложенными массивами чисел, списком тензоров (по одному на вход/выход модели) или объектом из них по именам; {2}",
  "{0}: {1} is a scalar; it needs a first (batch) axis with one row per sample":
    "{0}: {1} — скаляр; нужна первая ось (пакета, batch) с одной строкой на пример",
  "{0}: {1} has {2} samples but {3} has {4} (shapes {5} and {6}); they need one row per sample, in the same order":
    "{0}: в {1} примеров: {2}, а в {3} — {4} (формы {5} и {6}); нужна одна строка на пример, в одном и том же порядке",
  "{0}: the data has no samples":
    "{0}: в данных нет ни одного примера",
  "{0}: {1} contains {2} in row {3}; remove or fill in missing values before training (drop the row, or replace NaN by the column's mean)":
    "{0}: {1} содержит {2} в строке {3}; перед обучением удалите или заполните пропущенные значения (удалите строку или замените NaN средним по столбцу)",
  "{0}: {1} contains {2} in row {3} (element {4} of that row); remove or fill in missing values before training (drop the row, or replace NaN by the column's mean)":
    "{0}: {1} содержит {2} в строке {3} (элемент {4} этой строки); перед обучением удалите или заполните пропущенные значения (удалите строку или замените NaN средним по столбцу)",
  "{0}: sampleWeight must have one weight per sample, shape [{1}], got {2}":
    "{0}: в sampleWeight должен быть один вес на пример, форма [{1}], получено {2}",
  "{0}: classWeight works for models with one output; for {1} outputs give sampleWeight instead":
    "{0}: classWeight работает для моделей с одним выходом; для модели с несколькими выходами ({1}) задайте вместо него sampleWeight",
  "{0}: classWeight has no weight for class {1} (row {2}); it has classes {3}. Give a weight for every class":
    "{0}: в classWeight нет веса для класса {1} (строка {2}); в нём есть классы {3}. Задайте вес для каждого класса",
  "{0}: batchSize must be a positive integer, got {1}":
    "{0}: batchSize должно быть положительным целым числом, получено {1}",
  "{0}: validationSplit must be a fraction between 0 and 1 (exclusive), got {1}":
    "{0}: validationSplit должно быть долей строго между 0 и 1, получено {1}",
  "{0}: validationSplit {1} of {2} samples leaves no training samples; use a smaller validationSplit":
    "{0}: validationSplit {1} при числе примеров {2} не оставляет примеров для обучения; уменьшите validationSplit",
  "{0}: validationSplit {1} of {2} samples leaves no validation samples (floor({3} × {4}) = {5}); use a larger validationSplit or more data":
    "{0}: validationSplit {1} при числе примеров {2} не оставляет примеров для валидации (floor({3} × {4}) = {5}); увеличьте validationSplit или возьмите больше данных",
  "{0}: a Dataset for training must yield batches {x, y} (or [x, y]); got {1}. Use Dataset.fromTensors(x, y).batch(32)":
    "{0}: набор данных (Dataset) для обучения должен выдавать пакеты {x, y} (или [x, y]); получено {1}. Используйте Dataset.fromTensors(x, y).batch(32)",
  "{0}: the Dataset's batches have no y; use Dataset.fromTensors(x, y)":
    "{0}: в пакетах набора данных (Dataset) нет y; используйте Dataset.fromTensors(x, y)",
  "{0}: the model is not compiled; call model.compile({ optimizer: \"adam\", loss: \"mse\" }) first (pick the loss for your task)":
    "{0}: модель не скомпилирована; сначала вызовите model.compile({ optimizer: \"adam\", loss: \"mse\" }) (выберите функцию потерь под свою задачу)",
  "{0}: y is a Dataset; pass the Dataset of {x, y} batches as x and leave y out":
    "{0}: y — это набор данных (Dataset); передайте набор данных с пакетами {x, y} как x, а y не указывайте",
  "{0}: give the targets y (one row per sample of x), or a Dataset of {x, y} batches as x":
    "{0}: задайте целевые значения y (по одной строке на пример из x) или передайте как x набор данных (Dataset) с пакетами {x, y}",
  "{0}: the Dataset is endless (repeat() without a count); give stepsPerEpoch":
    "{0}: набор данных (Dataset) бесконечен (repeat() без числа повторов); задайте stepsPerEpoch",
  "{0}: the Dataset yielded no batches":
    "{0}: набор данных (Dataset) не выдал ни одного пакета",
  "{0}: epochs must be a non-negative integer, got {1}":
    "{0}: epochs должно быть неотрицательным целым числом, получено {1}",
  "{0}: initialEpoch must be a non-negative integer, got {1}":
    "{0}: initialEpoch должно быть неотрицательным целым числом, получено {1}",
  "{0}: stepsPerEpoch must be a positive integer, got {1}":
    "{0}: stepsPerEpoch должно быть положительным целым числом, получено {1}",
  "{0}: with a Dataset as x the targets come from its {x, y} batches; leave y out (pass undefined)":
    "{0}: когда x — набор данных (Dataset), целевые значения берутся из его пакетов {x, y}; не указывайте y (передайте undefined)",
  "{0}: validationSplit needs tensors; with a Dataset pass validationData (e.g. another Dataset) instead":
    "{0}: validationSplit работает только с тензорами; для набора данных (Dataset) передайте вместо него validationData (например, другой Dataset)",
  "{0}: with a Dataset, put the sample weights in its batches ({x, y, sampleWeight})":
    "{0}: при обучении на наборе данных (Dataset) веса примеров кладите в его пакеты ({x, y, sampleWeight})",
  "{0}: callbacks must be Callback instances (e.g. new EarlyStopping({ patience: 3 })), got {1}":
    "{0}: callbacks должны быть экземплярами Callback (например, new EarlyStopping({ patience: 3 })), получено {1}",
  "{0}: trainStep must return logs like { loss: 0.25 }, got {1}":
    "{0}: trainStep должен возвращать логи вида { loss: 0.25 }, получено {1}",
  "{0}: trainStep returned {1} = {2}; log values must be numbers or one-element tensors":
    "{0}: trainStep вернул {1} = {2}; значения в логах должны быть числами или тензорами из одного элемента",
  "{0}: validationData must be [xVal, yVal], [xVal, yVal, sampleWeight], { x, y } or a Dataset":
    "{0}: validationData должно быть [xVal, yVal], [xVal, yVal, sampleWeight], { x, y } или набором данных (Dataset)",
  "{0}: the Dataset is endless (repeat() without a count); take(n) batches of it to evaluate":
    "{0}: набор данных (Dataset) бесконечен (repeat() без числа повторов); для оценки возьмите из него take(n) пакетов",
  "{0}: with a Dataset as x the targets come from its batches; leave y out":
    "{0}: когда x — набор данных (Dataset), целевые значения берутся из его пакетов; не указывайте y",
  "{0}: the model has {1} outputs ({2}) and predict returns one tensor; use predictAll(x), which returns them as a list in output order":
    "{0}: у модели выходов: {1} ({2}), а predict возвращает один тензор; используйте predictAll(x), который возвращает их списком в порядке выходов",
  "{0}: no samples to predict":
    "{0}: нет примеров для предсказания",
  "LambdaCallback: {0} must be a function, got {1}":
    "LambdaCallback: {0} должен быть функцией, получено {1}",
  "LearningRateScheduler: verbose must be 0 or 1, got {0}":
    "LearningRateScheduler: verbose должен быть 0 или 1, получено {0}",
};
