// Russian for the errors thrown under kernel/src/nn (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "{0} expects predictions with a class axis, got a scalar":
    "{0}: нужны предсказания с осью классов, получен скаляр",
  "{0}: expected inputs with a batch axis, got a scalar":
    "{0}: нужны входы с осью пакета (batch), получен скаляр",
  "unknown activation \"{0}\"; known: {1}":
    "неизвестная функция активации \"{0}\"; известные: {1}",
  "a layer with a custom activation function cannot be saved; use an activation name or an Activation layer subclass":
    "слой с пользовательской функцией активации нельзя сохранить; используйте имя функции активации или подкласс слоя Activation",
  "unknown {0} {1}; use a name ({2}) or an object":
    "{0}: неизвестное значение {1}; используйте имя ({2}) или объект",
  "unknown {0} \"{1}\"; known: {2}":
    "{0}: неизвестное имя \"{1}\"; известные имена: {2}",
  "MaxNorm: maxValue must be a positive number, got {0}":
    "MaxNorm: maxValue должно быть положительным числом, получено {0}",
  "MaxNorm: axis must be an integer (the axis the norms run over, 0 for a Dense kernel), got {0}":
    "MaxNorm: axis должна быть целым числом (ось, по которой считаются нормы; 0 для ядра слоя Dense), получено {0}",
  "{0}: can only initialise float weights (float32 or float64), got {1}":
    "{0}: инициализировать можно только веса с плавающей точкой (float32 или float64), получено {1}",
  "{0}: stddev must be ≥ 0, got {1}":
    "{0}: stddev должно быть ≥ 0, получено {1}",
  "{0}: minval must be less than maxval, got minval {1} and maxval {2}":
    "{0}: minval должно быть меньше maxval, получены minval {1} и maxval {2}",
  "VarianceScaling: mode must be \"fanIn\", \"fanOut\" or \"fanAvg\", got {0}":
    "VarianceScaling: mode должен быть \"fanIn\", \"fanOut\" или \"fanAvg\", получено {0}",
  "VarianceScaling: distribution must be \"truncatedNormal\", \"untruncatedNormal\" or \"uniform\", got {0}":
    "VarianceScaling: distribution должно быть \"truncatedNormal\", \"untruncatedNormal\" или \"uniform\", получено {0}",
  "VarianceScaling: scale must be positive, got {0}":
    "VarianceScaling: scale должно быть положительным, получено {0}",
  "Orthogonal: the random matrix was rank-deficient; use another seed":
    "Orthogonal: случайная матрица оказалась неполного ранга; используйте другой seed",
  "Orthogonal: the weight must have rank ≥ 2 (a matrix), got shape [{0}]; use another initializer for biases":
    "Orthogonal: вес должен иметь ранг ≥ 2 (матрица), получена форма [{0}]; для смещений (bias) используйте другой инициализатор",
  "Identity: the weight must be a matrix (rank 2), got shape [{0}]":
    "Identity: вес должен быть матрицей (ранг 2), получена форма [{0}]",
  "{0}: cannot mix symbolic tensors and real tensors in one call":
    "{0}: нельзя смешивать символьные и обычные тензоры в одном вызове",
  "{0}.setWeights: the layer has {1} weight(s), got {2} value(s)":
    "{0}.setWeights: у слоя весов: {1}, а передано значений: {2}",
  "ReLU: maxValue must be ≥ 0, got {0}; leave it out for no upper bound":
    "ReLU: maxValue должно быть ≥ 0, получено {0}; чтобы не ограничивать сверху, не указывайте его",
  "ReLU: negativeSlope must be ≥ 0, got {0}":
    "ReLU: negativeSlope должно быть ≥ 0, получено {0}",
  "ReLU: threshold must be ≥ 0, got {0}":
    "ReLU: threshold должно быть ≥ 0, получено {0}",
  "LeakyReLU: negativeSlope must be ≥ 0, got {0}; the Keras default is 0.3":
    "LeakyReLU: negativeSlope должно быть ≥ 0, получено {0}; в Keras по умолчанию 0.3",
  "PReLU: sharedAxes are axes of the input counting the batch axis as 0, so each must be an integer ≥ 1, got {0}":
    "PReLU: sharedAxes — оси входа, где ось пакета (batch) имеет номер 0, поэтому каждая должна быть целым числом ≥ 1, получено {0}",
  "{0}: expected inputs with a batch axis and at least one feature axis, got shape [{1}]":
    "{0}: нужны входы с осью пакета (batch) и хотя бы одной осью признаков, получена форма [{1}]",
  "{0}: sharedAxes {1} include axis {2}, but the input has rank {3} (shape [{4}])":
    "{0}: sharedAxes {1} содержат ось {2}, но вход имеет ранг {3} (форма [{4}])",
  "{0}: axis {1} of the input must be known (or listed in sharedAxes), got shape [{2}]":
    "{0}: размер оси {1} входа должен быть известен (или ось должна быть в sharedAxes), получена форма [{2}]",
  "{0}: the layer was built for samples of shape [{1}], got input shape [{2}]":
    "{0}: слой построен для примеров формы [{1}], получен вход формы [{2}]",
  "Softmax: axis must be an integer or a non-empty list of integers, got {0}":
    "Softmax: axis должна быть целым числом или непустым списком целых чисел, получено {0}",
  "{0}: axis {1} is out of range for an input of rank {2} (shape [{3}])":
    "{0}: ось {1} вне допустимого диапазона для входа ранга {2} (форма [{3}])",
  "Activation: give an activation, e.g. new Activation({ activation: \"relu\" })":
    "Activation: укажите функцию активации, например new Activation({ activation: \"relu\" })",
  "BatchNormalization: axis must be an integer (the feature axis, e.g. -1), got {0}":
    "BatchNormalization: axis должна быть целым числом (ось признаков, например -1), получено {0}",
  "BatchNormalization: momentum must be in [0, 1] (Keras default 0.99), got {0}":
    "BatchNormalization: momentum должно лежать в [0, 1] (в Keras по умолчанию 0.99), получено {0}",
  "BatchNormalization: epsilon must be a positive number (Keras default 1e-3), got {0}":
    "BatchNormalization: epsilon должно быть положительным числом (в Keras по умолчанию 1e-3), получено {0}",
  "{0}: axis {1} is out of range for inputs of shape [{2}]; use the feature axis (e.g. -1), and give inputs with a batch axis":
    "{0}: ось {1} вне допустимого диапазона для входов формы [{2}]; используйте ось признаков (например -1) и подавайте входы с осью пакета (batch)",
  "{0}: axis {1} is the batch axis; normalise over a feature axis (e.g. -1)":
    "{0}: ось {1} — ось пакета (batch); нормализуйте по оси признаков (например -1)",
  "{0}: axis {1} of the input must be known, got shape [{2}]":
    "{0}: размер оси {1} входа должен быть известен, получена форма [{2}]",
  "{0}: the layer was built for inputs of rank {1} with {2} features on axis {3}, got shape [{4}]":
    "{0}: слой построен для входов ранга {1} с {2} признаками по оси {3}, получена форма [{4}]",
  "{0}: {1} must be a positive integer or a list of {2} positive integers {3}, got {4}":
    "{0}: {1} должно быть положительным целым числом или списком из {2} положительных целых чисел {3}, получено {4}",
  "{0}: filters must be a positive integer (the number of output channels), got {1}":
    "{0}: filters должно быть положительным целым числом (число выходных каналов), получено {1}",
  "{0}: filters ({1}) must be divisible by groups ({2})":
    "{0}: filters ({1}) должно делиться на groups ({2})",
  "{0}: the channel axis (last) of the input must be known, got shape [{1}]":
    "{0}: размер оси каналов (последней) входа должен быть известен, получена форма [{1}]",
  "{0}: the input's {1} channels must be divisible by groups ({2})":
    "{0}: число каналов входа ({1}) должно делиться на groups ({2})",
  "{0}: expected one input tensor, got a list of {1}":
    "{0}: нужен один входной тензор, получен список из {1}",
  "{0}: the layer was built for inputs with {1} channels, got shape [{2}]":
    "{0}: слой построен для входов с {1} каналами, получена форма [{2}]",
  "Dense: units must be a positive integer, got {0}":
    "Dense: units должно быть положительным целым числом, получено {0}",
  "{0}: the last axis of the input must be known, got shape [{1}]":
    "{0}: размер последней оси входа должен быть известен, получена форма [{1}]",
  "{0}: expected inputs with last axis {1}, got shape [{2}]":
    "{0}: нужны входы с размером последней оси {1}, получена форма [{2}]",
  "Dropout: rate must be a number in [0, 1) — the fraction of units to drop, e.g. 0.5 — got {0}":
    "Dropout: rate должно быть числом в [0, 1) — долей отбрасываемых нейронов, например 0.5, — получено {0}",
  "Dropout: noiseShape must be a list of non-negative integers or nulls, one per input axis, got {0}":
    "Dropout: noiseShape должно быть списком неотрицательных целых чисел или null, по одному на каждую ось входа, получено {0}",
  "Dropout: seed must be a non-negative integer, got {0}":
    "Dropout: seed должно быть неотрицательным целым числом, получено {0}",
  "{0}: noiseShape [{1}] has {2} axes but the input has shape [{3}]; give one entry per input axis":
    "{0}: в noiseShape [{1}] осей: {2}, а вход имеет форму [{3}]; укажите по одному элементу на каждую ось входа",
  "{0}: noiseShape [{1}] does not broadcast to the input shape [{2}]: each entry must be 1, null or the input's size":
    "{0}: noiseShape [{1}] не согласуется с формой входа [{2}] (broadcast): каждый элемент должен быть 1, null или размером входа по этой оси",
  "{0}: a saved random state must be a non-negative integer (masks drawn), got {1}":
    "{0}: сохранённое состояние генератора случайных чисел должно быть неотрицательным целым числом (число сгенерированных масок), получено {1}",
  "{0}: dropout needs float inputs, got {1}; cast() them first":
    "{0}: для dropout нужны входы с плавающей точкой, получено {1}; сначала приведите их через cast()",
  "Embedding: inputDim must be a positive integer (the vocabulary size), got {0}":
    "Embedding: inputDim должно быть положительным целым числом (размер словаря), получено {0}",
  "Embedding: outputDim must be a positive integer (the embedding length), got {0}":
    "Embedding: outputDim должно быть положительным целым числом (длина эмбеддинга), получено {0}",
  "{0}: expected integer indices (int32 or whole-number floats), got a bool tensor; cast() it to int32":
    "{0}: нужны целочисленные индексы (int32 или числа с плавающей точкой без дробной части), получен тензор типа bool; приведите его к int32 через cast()",
  "{0}: indices must be whole numbers, got {1} at flat position {2}":
    "{0}: индексы должны быть целыми числами, получено {1} в позиции {2} (в развёрнутом виде)",
  "{0}: index {1} (at flat position {2} of the input) is out of range: inputDim is {3}, so indices must be in 0 … {4}; make inputDim larger than the largest index":
    "{0}: индекс {1} (в позиции {2} развёрнутого входа) вне допустимого диапазона: inputDim равно {3}, поэтому индексы должны лежать в 0 … {4}; сделайте inputDim больше наибольшего индекса",
  "Flatten: dataFormat must be \"channelsLast\" or \"channelsFirst\", got {0}":
    "Flatten: dataFormat должен быть \"channelsLast\" или \"channelsFirst\", получено {0}",
  "LayerNormalization: axis must be an integer or a non-empty list of integers (e.g. -1), got {0}":
    "LayerNormalization: axis должна быть целым числом или непустым списком целых чисел (например -1), получено {0}",
  "LayerNormalization: epsilon must be a positive number (Keras default 1e-3), got {0}":
    "LayerNormalization: epsilon должно быть положительным числом (в Keras по умолчанию 1e-3), получено {0}",
  "{0}: axis {1} is out of range for inputs of shape [{2}]":
    "{0}: ось {1} вне допустимого диапазона для входов формы [{2}]",
  "{0}: axis {1} is the batch axis; layer normalisation is per sample, use feature axes (e.g. -1)":
    "{0}: ось {1} — ось пакета (batch); нормализация слоя выполняется для каждого примера отдельно, используйте оси признаков (например -1)",
  "{0}: axis {1} names an axis twice":
    "{0}: в axis {1} одна ось указана дважды",
  "{0}: the layer was built for inputs of shape [{1}], got [{2}]":
    "{0}: слой построен для входов формы [{1}], получено [{2}]",
  "{0}: {1} takes a list of tensors, e.g. layer.apply([a, b]); got a single tensor":
    "{0}: слой {1} принимает список тензоров, например layer.apply([a, b]); получен один тензор",
  "{0}: {1} takes exactly {2} inputs, got {3}":
    "{0}: слой {1} принимает ровно {2} входа(ов), получено {3}",
  "{0}: {1} needs at least one input, got an empty list":
    "{0}: слою {1} нужен хотя бы один вход, получен пустой список",
  "{0}: {1} needs inputs of the same shape (or shapes that broadcast), got {2}":
    "{0}: слою {1} нужны входы одной формы (или форм, согласуемых по правилам broadcast), получено {2}",
  "Concatenate: axis must be an integer (default -1), got {0}":
    "Concatenate: axis должна быть целым числом (по умолчанию -1), получено {0}",
  "{0}: padding must be \"valid\" or \"same\", got {1}":
    "{0}: padding должен быть \"valid\" или \"same\", получено {1}",
  "{0}: keepdims must be true or false, got {1}":
    "{0}: keepdims должно быть true или false, получено {1}",
  "{0}: the input has no positions to pool, got shape [{1}]":
    "{0}: во входе нет позиций для пулинга, получена форма [{1}]",
  "Reshape: targetShape must be a list of non-negative integers (one may be -1), the shape of one sample without the batch axis, got {0}":
    "Reshape: targetShape должна быть списком неотрицательных целых чисел (одно может быть -1) — формой одного примера без оси пакета (batch), получено {0}",
  "Reshape: targetShape {0} has more than one -1; only one size can be inferred":
    "Reshape: в targetShape {0} больше одного -1; вывести можно только один размер",
  "{0}: cannot reshape samples of shape [{1}] ({2} values) to targetShape [{3}]; the sizes must multiply to {4}":
    "{0}: нельзя изменить форму примеров [{1}] ({2} значений) на targetShape [{3}]; произведение размеров должно быть равно {4}",
  "{0}: units must be a positive integer (the size of the hidden state), got {1}":
    "{0}: units должно быть положительным целым числом (размер скрытого состояния), получено {1}",
  "{0}: {1} must be true or false, got {2}":
    "{0}: {1} должно быть true или false, получено {2}",
  "{0}: the feature axis (last) of the input must be known, got shape [{1}]":
    "{0}: размер оси признаков (последней) входа должен быть известен, получена форма [{1}]",
  "{0}: expected an input tensor [batch, timesteps, features], got an empty list":
    "{0}: нужен входной тензор [batch, timesteps, features], получен пустой список",
  "{0}: the layer was built for {1} features per time step, got inputs of shape [{2}]":
    "{0}: слой построен для {1} признаков на шаг по времени, получены входы формы [{2}]",
  "{0}: the input has no time steps (shape [{1}])":
    "{0}: во входе нет шагов по времени (форма [{1}])",
  "{0}: initial state {1} must have shape [{2}, {3}] ([batch, units]), got [{4}]":
    "{0}: начальное состояние {1} должно иметь форму [{2}, {3}] ([batch, units]), получено [{4}]",
  "LSTM: unitForgetBias must be true or false, got {0}":
    "LSTM: unitForgetBias должно быть true или false, получено {0}",
  "GRU: resetAfter must be true or false, got {0}":
    "GRU: resetAfter должно быть true или false, получено {0}",
  "{0}: the labels have {1} samples (shape {2}) but the predictions have {3} (shape {4}): pass one label per input sample":
    "{0}: в метках {1} примеров (форма {2}), а в предсказаниях — {3} (форма {4}): передайте по одной метке на каждый входной пример",
  "{0}: axis {1} is out of range for predictions of rank {2}":
    "{0}: ось {1} вне допустимого диапазона для предсказаний ранга {2}",
  "{0}: sample weights must have shape [{1}] (one weight per sample), got {2}":
    "{0}: веса примеров должны иметь форму [{1}] (по одному весу на пример), получено {2}",
  "{0}: labelSmoothing must be a number in [0, 1], got {1}":
    "{0}: labelSmoothing должно быть числом в [0, 1], получено {1}",
  "{0} expects one-hot labels of shape {1} but got integer class labels of shape {2}: use sparseCategoricalCrossentropy, or pass oneHot(labels, {3})":
    "{0}: нужны метки в one-hot-кодировке формы {1}, а получены целочисленные метки классов формы {2}: используйте sparseCategoricalCrossentropy или передайте oneHot(labels, {3})",
  "{0} expects labels of the same shape as the predictions, {1}, but got labels of shape {2}":
    "{0}: метки должны иметь ту же форму, что и предсказания, {1}, а получены метки формы {2}",
  "{0} expects integer class labels but got {1} (at index {2}): labels must be class indices 0 … {3}; for probabilities per class use categoricalCrossentropy":
    "{0}: нужны целочисленные метки классов, а получено {1} (по индексу {2}): метки должны быть номерами классов 0 … {3}; для вероятностей по классам используйте categoricalCrossentropy",
  "{0} expects integer class labels of shape {1} but got one-hot labels of shape {2}: use categoricalCrossentropy, or pass labels.argmax(-1)":
    "{0}: нужны целочисленные метки классов формы {1}, а получены метки в one-hot-кодировке формы {2}: используйте categoricalCrossentropy или передайте labels.argmax(-1)",
  "{0} expects integer class labels of shape {1} (or {2}) for predictions of shape {3}, but got labels of shape {4}":
    "{0}: для предсказаний формы {3} нужны целочисленные метки классов формы {1} (или {2}), а получены метки формы {4}",
  "klDivergence expects labels that are distributions of the same shape as the predictions, {0}, but got labels of shape {1}":
    "klDivergence: метки должны быть распределениями той же формы, что и предсказания, {0}, а получены метки формы {1}",
  "huber: delta must be a positive number, got {0}":
    "huber: delta должно быть положительным числом, получено {0}",
  "cosineSimilarity expects labels of the same shape as the predictions, {0}, but got labels of shape {1}":
    "cosineSimilarity: метки должны иметь ту же форму, что и предсказания, {0}, а получены метки формы {1}",
  "Huber: delta must be a positive number, got {0}":
    "Huber: delta должно быть положительным числом, получено {0}",
  "getLoss: no loss given; use a name such as \"mse\" or \"sparseCategoricalCrossentropy\", a Loss object or a function":
    "getLoss: функция потерь не указана; используйте имя, например \"mse\" или \"sparseCategoricalCrossentropy\", объект Loss или функцию",
  "{0}: k must be a positive integer, got {1}":
    "{0}: k должно быть положительным целым числом, получено {1}",
  "{0}: threshold must be a number, got {1}":
    "{0}: threshold должно быть числом, получено {1}",
  "Accuracy: kind must be \"binary\", \"categorical\" or \"sparseCategorical\", got {0}":
    "Accuracy: kind должен быть \"binary\", \"categorical\" или \"sparseCategorical\", получено {0}",
  "{0}: sample weights must have one weight per sample, shape [{1}], but got shape {2} for values of shape {3}":
    "{0}: веса примеров должны иметь форму [{1}] (по одному весу на пример), а получена форма {2} для значений формы {3}",
  "{0}: thresholds must be a number, got {1}":
    "{0}: thresholds должно быть числом, получено {1}",
  "AUC: numThresholds must be an integer ≥ 2, got {0}":
    "AUC: numThresholds должно быть целым числом ≥ 2, получено {0}",
  "AUC: curve {0} is not supported; only \"ROC\" is":
    "AUC: кривая {0} не поддерживается; поддерживается только \"ROC\"",
  "getMetric: no metric given; use a name such as \"accuracy\", a Metric object or a function":
    "getMetric: метрика не указана; используйте имя, например \"accuracy\", объект Metric или функцию",
  "getMetric: the \"loss\" metric needs the loss: pass { lossName } or { loss } in the context":
    "getMetric: метрике \"loss\" нужна функция потерь: передайте { lossName } или { loss } в контексте",
  "unknown metric \"{0}\"; known: {1}, or a loss name ({2})":
    "неизвестная метрика \"{0}\"; известные: {1}, или имя функции потерь ({2})",
  "model: the output depends on the input \"{0}\", which is not among the model's inputs":
    "model: выход зависит от входа \"{0}\", которого нет среди входов модели",
  "model: the layer graph has a cycle":
    "model: в графе слоёв есть цикл",
  "model: give both inputs and outputs (functional API), or neither (subclass and override call)":
    "model: укажите и inputs, и outputs (функциональный API) или ни то, ни другое (создайте подкласс и переопределите call)",
  "model: inputs and outputs must be symbolic tensors from input() and layer calls, got {0}":
    "model: inputs и outputs должны быть символьными тензорами, полученными из input() и вызовов слоёв, получено {0}",
  "{0}: no layer named \"{1}\"; layers: {2}":
    "{0}: нет слоя с именем \"{1}\"; слои: {2}",
  "{0}: a subclassed model must override call(inputs, options)":
    "{0}: модель-подкласс должна переопределить call(inputs, options)",
  "{0}: expects {1} input(s), got {2}":
    "{0}: модель ожидает входов: {1}, получено {2}",
  "{0}: input \"{1}\" expects shape [{2}], got [{3}]":
    "{0}: вход \"{1}\" ожидает форму [{2}], получено [{3}]",
  "{0}.add: expected a layer, got {1}":
    "{0}.add: ожидался слой, получено {1}",
  "{0}: a sequential model has one input":
    "{0}: у последовательной модели (Sequential) один вход",
  "{0}: the model has no layers; add some first":
    "{0}: в модели нет слоёв; сначала добавьте их",
  "{0}: \"{1}\" is a subclassed model ({2}): its call() is code, not a graph of layers, so its architecture cannot be saved. Save its weights instead with await model.saveWeights(\"{3}.weights.safetensors\"); to restore, construct a new {4}, call it once on a batch so its layers are built, then await model.loadWeights(path).":
    "{0}: \"{1}\" — модель-подкласс ({2}): её call() — это код, а не граф слоёв, поэтому её архитектуру нельзя сохранить. Вместо этого сохраните её веса: await model.saveWeights(\"{3}.weights.safetensors\"); чтобы восстановить, создайте новый {4}, вызовите его один раз на пакете (batch), чтобы построились слои, затем выполните await model.loadWeights(path).",
  "save: model \"{0}\" has two layers named \"{1}\"; give each layer its own name (the saved architecture refers to layers by name)":
    "save: в модели \"{0}\" два слоя с именем \"{1}\"; дайте каждому слою своё имя (сохранённая архитектура ссылается на слои по именам)",
  "save: model \"{0}\" has two inputs named \"{1}\"; give each input() its own name":
    "save: в модели \"{0}\" два входа с именем \"{1}\"; дайте каждому input() своё имя",
  "save: model \"{0}\": cannot find the layer call that produced {1}":
    "save: модель \"{0}\": не удаётся найти вызов слоя, создавший {1}",
  "loadModel: the model uses the layer class \"{0}\" (layer \"{1}\"), which is not registered. If it is a custom layer, define it and register it before loading: registerLayer({2}, (config) => new {3}(config)).":
    "loadModel: модель использует класс слоя \"{0}\" (слой \"{1}\"), который не зарегистрирован. Если это пользовательский слой, определите и зарегистрируйте его до загрузки: registerLayer({2}, (config) => new {3}(config)).",
  "safetensors: a tensor cannot be named \"__metadata__\" (the key is reserved for metadata)":
    "safetensors: тензор нельзя называть \"__metadata__\" (этот ключ зарезервирован для метаданных)",
  "safetensors: tensor \"{0}\" has dtype {1}; gradbook writes {2}":
    "safetensors: тензор \"{0}\" имеет тип данных (dtype) {1}; gradbook записывает {2}",
  "safetensors: tensor \"{0}\" has shape {1}; a shape is a list of non-negative integers":
    "safetensors: тензор \"{0}\" имеет форму {1}; форма — это список неотрицательных целых чисел",
  "safetensors: tensor \"{0}\" is {1}, so its data must be a {2}, got {3}":
    "safetensors: тензор \"{0}\" имеет тип {1}, поэтому его данные должны быть массивом {2}, получено {3}",
  "safetensors: tensor \"{0}\" has shape [{1}] ({2} elements) but {3} values":
    "safetensors: тензор \"{0}\" имеет форму [{1}] ({2} элементов), но значений {3}",
  "safetensors: tensor \"{0}\" is BOOL, so its bytes must be 0 or 1":
    "safetensors: тензор \"{0}\" имеет тип BOOL, поэтому его байты должны быть 0 или 1",
  "safetensors: metadata values must be strings; \"{0}\" is {1}":
    "safetensors: значения метаданных должны быть строками; \"{0}\" имеет тип {1}",
  "safetensors: \"{0}\" is not a tensor":
    "safetensors: \"{0}\" не является тензором",
  "loadModel: the saved random state in {0} is invalid; the file is corrupt: save again":
    "loadModel: сохранённое состояние генератора случайных чисел в {0} некорректно; файл повреждён: сохраните заново",
  "loadModel: {0} holds a random state for layer \"{1}\", which the model does not have; the file is corrupt: save again":
    "loadModel: {0} содержит состояние генератора случайных чисел для слоя \"{1}\", которого нет в модели; файл повреждён: сохраните заново",
  "{0}: model \"{1}\" has two weights named \"{2}\"; give its layers distinct names":
    "{0}: в модели \"{1}\" два веса с именем \"{2}\"; дайте её слоям разные имена",
  "{0}: two optimizer slots are both named \"{1}\"; give the variables (the model's layers) distinct names":
    "{0}: два слота оптимизатора названы \"{1}\"; дайте переменным (слоям модели) разные имена",
  "{0}: the saved optimizer state is invalid (it needs iterations, scalars and slots); the file is corrupt: save again":
    "{0}: сохранённое состояние оптимизатора некорректно (нужны iterations, scalars и slots); файл повреждён: сохраните заново",
  "{0}: {1} has no tensor \"{2}\" (the \"{3}\" slot of \"{4}\"); the file is corrupt: save again":
    "{0}: в {1} нет тензора \"{2}\" (слот \"{3}\" переменной \"{4}\"); файл повреждён: сохраните заново",
  "saveOptimizer: give a file path, e.g. await saveOptimizer(opt, \"adam.safetensors\"); got {0}":
    "saveOptimizer: укажите путь к файлу, например await saveOptimizer(opt, \"adam.safetensors\"); получено {0}",
  "loadOptimizer: {0} is not a gradbook optimizer file (its metadata lacks format \"{1}\")":
    "loadOptimizer: {0} не является файлом оптимизатора gradbook (в его метаданных нет format \"{1}\")",
  "loadOptimizer: {0} has corrupt metadata (the optimizer description is not JSON)":
    "loadOptimizer: у {0} повреждены метаданные (описание оптимизатора — не JSON)",
  "{0}: {1} has format version {2}, but this gradbook reads version {3}; it was saved by a newer gradbook: update gradbook to load it":
    "{0}: у {1} версия формата {2}, а эта версия gradbook читает версию {3}; файл сохранён более новой версией gradbook: обновите gradbook, чтобы загрузить его",
  "{0}: {1} has format version {2}, but this gradbook reads version {3}; the file is corrupt or not from gradbook: save it again":
    "{0}: у {1} версия формата {2}, а эта версия gradbook читает версию {3}; файл повреждён или создан не gradbook: сохраните его заново",
  "save: give a directory path, e.g. await model.save(\"models/mlp\"); got {0}":
    "save: укажите путь к каталогу, например await model.save(\"models/mlp\"); получено {0}",
  "{0}: cannot read {1}: {2}":
    "{0}: не удаётся прочитать {1}: {2}",
  "{0}: weight \"{1}\" has shape [{2}] in the model but [{3}] in {4}":
    "{0}: вес \"{1}\" имеет форму [{2}] в модели, но [{3}] в {4}",
  "{0}: weight \"{1}\" is {2} in the model but {3} in {4}":
    "{0}: вес \"{1}\" имеет тип {2} в модели, но {3} в {4}",
  "loadModel: give the directory a model was saved to, e.g. await loadModel(\"models/mlp\"); got {0}":
    "loadModel: укажите каталог, в который была сохранена модель, например await loadModel(\"models/mlp\"); получено {0}",
  "loadModel: the directory {0} does not exist; give the path a model was saved to with await model.save(dir)":
    "loadModel: каталог {0} не существует; укажите путь, по которому модель была сохранена через await model.save(dir)",
  "loadModel: {0} is a file, not a directory; a saved model is a directory (model.save(dir)). For a weights file use await model.loadWeights(path)":
    "loadModel: {0} — файл, а не каталог; сохранённая модель — это каталог (model.save(dir)). Для файла весов используйте await model.loadWeights(path)",
  "loadModel: {0} is not valid JSON ({1}); the file is corrupt: save the model again":
    "loadModel: {0} — некорректный JSON ({1}); файл повреждён: сохраните модель заново",
  "loadModel: {0} is not a gradbook model file (expected \"format\": \"gradbook-model\")":
    "loadModel: {0} не является файлом модели gradbook (ожидалось \"format\": \"gradbook-model\")",
  "loadModel: {0} lacks \"architecture\" or \"weights\"; the file is corrupt: save the model again":
    "loadModel: в {0} нет \"architecture\" или \"weights\"; файл повреждён: сохраните модель заново",
  "loadModel: the model was saved compiled, but compile() is not available in this gradbook":
    "loadModel: модель сохранена скомпилированной, но в этой версии gradbook нет compile()",
  "saveWeights: give a file path, e.g. await model.saveWeights(\"mlp.weights.safetensors\"); got {0}":
    "saveWeights: укажите путь к файлу, например await model.saveWeights(\"mlp.weights.safetensors\"); получено {0}",
  "saveWeights: model \"{0}\" has no weights yet; call it once on a batch (or fit it) so its layers are built":
    "saveWeights: у модели \"{0}\" ещё нет весов; вызовите её один раз на пакете (batch) (или обучите через fit), чтобы построились слои",
  "loadWeights: give the file saved by saveWeights, e.g. await model.loadWeights(\"mlp.weights.safetensors\"); got {0}":
    "loadWeights: укажите файл, сохранённый saveWeights, например await model.loadWeights(\"mlp.weights.safetensors\"); получено {0}",
  "loadWeights: model \"{0}\" has no weights yet; call it once on a batch so its layers are built, then load the weights":
    "loadWeights: у модели \"{0}\" ещё нет весов; вызовите её один раз на пакете (batch), чтобы построились слои, затем загрузите веса",
  "loadWeights: {0} has corrupt metadata (\"names\" is not JSON)":
    "loadWeights: у {0} повреждены метаданные (\"names\" — не JSON)",
  "loadWeights: {0} has corrupt metadata (\"names\" does not list its tensors)":
    "loadWeights: у {0} повреждены метаданные (\"names\" не перечисляет его тензоры)",
  "loadWeights: {0} holds {1} weight(s) but model \"{2}\" has {3}; it was saved from a different architecture":
    "loadWeights: в {0} весов: {1}, а у модели \"{2}\" — {3}; файл сохранён из модели другой архитектуры",
  "{0}: l1 and l2 must be numbers ≥ 0, got l1 {1}, l2 {2}":
    "{0}: l1 и l2 должны быть числами ≥ 0, получены l1 {1}, l2 {2}",
  "input: shape must be the shape of one sample, a list of non-negative integers, got {0}":
    "input: shape должна быть формой одного примера — списком неотрицательных целых чисел, получено {0}",
  "input: batchSize must be a positive integer (or left out for any batch size), got {0}":
    "input: batchSize должно быть положительным целым числом (или не указывайте его, чтобы разрешить любой размер пакета (batch)), получено {0}",
  "{0}: {1} must be a finite number, got {2}; leave it out for no upper bound":
    "{0}: {1} должно быть конечным числом, получено {2}; чтобы не ограничивать сверху, не указывайте его",
  "{0}: {1} must be a finite number, got {2}; the Keras default is {3}":
    "{0}: {1} должно быть конечным числом, получено {2}; в Keras по умолчанию {3}",
  "{0}: padding must be \"valid\", \"same\" or \"causal\", got {1}":
    "{0}: padding должен быть \"valid\", \"same\" или \"causal\", получено {1}",
  "{0}: the input's {1} ({2}) is smaller than the dilated kernel ({3}) with padding \"valid\", got shape [{4}]; use padding \"same\" or a smaller kernelSize":
    "{0}: размер входа по оси {1} ({2}) меньше ядра свёртки с учётом dilationRate ({3}) при padding \"valid\", получена форма [{4}]; используйте padding \"same\" или меньший kernelSize",
  "{0}: the input's {1} ({2}) is smaller than the kernel ({3}) with padding \"valid\", got shape [{4}]; use padding \"same\" or a smaller kernelSize":
    "{0}: размер входа по оси {1} ({2}) меньше ядра свёртки ({3}) при padding \"valid\", получена форма [{4}]; используйте padding \"same\" или меньший kernelSize",
  "{0}: the input's {1} ({2}) is smaller than the pool size ({3}) with padding \"valid\", got shape [{4}]; use padding \"same\" or a smaller poolSize":
    "{0}: размер входа по оси {1} ({2}) меньше размера окна пулинга ({3}) при padding \"valid\", получена форма [{4}]; используйте padding \"same\" или меньший poolSize",
  "{0}: cannot concatenate shapes {1} along axis {2}: the inputs must have the same rank":
    "{0}: нельзя объединить формы {1} по оси {2}: входы должны иметь одинаковый ранг",
  "{0}: cannot concatenate shapes {1} along axis {2}: the axis is out of range for rank {3}":
    "{0}: нельзя объединить формы {1} по оси {2}: ось вне допустимого диапазона для ранга {3}",
  "{0}: cannot concatenate shapes {1} along axis {2}: axis {3} differs (every axis but the concatenation axis must match)":
    "{0}: нельзя объединить формы {1} по оси {2}: размеры по оси {3} различаются (все оси, кроме оси объединения, должны совпадать)",
  "{0}: expected inputs of shape [batch, timesteps, features] (rank 3), got shape [{1}]; for a single sequence add a batch axis (x.expandDims(0)), for one feature per step add a feature axis (x.expandDims(-1))":
    "{0}: нужны входы формы [batch, timesteps, features] (ранг 3), получена форма [{1}]; для одной последовательности добавьте ось пакета (batch) (x.expandDims(0)), для одного признака на шаг добавьте ось признаков (x.expandDims(-1))",
  "{0}: expected inputs of shape [batch, timesteps, features] (rank 3), got shape [{1}]":
    "{0}: нужны входы формы [batch, timesteps, features] (ранг 3), получена форма [{1}]",
  "{0}: give one initial state [batch, units] after the input, got {1}":
    "{0}: передайте после входа одно начальное состояние [batch, units], получено {1}",
  "{0}: give {1} initial states [h, c], each [batch, units] after the input, got {2}":
    "{0}: передайте после входа {1} начальных состояния [h, c], каждое формы [batch, units], получено {2}",
  "{0}: expected inputs of shape {1} (rank {2}), got shape [{3}]":
    "{0}: нужны входы формы {1} (ранг {2}), получена форма [{3}]",
  "{0}: expected inputs of shape {1} (rank {2}), got shape [{3}]; add a channel axis at the end: x.expandDims(-1) (greyscale {4} images become [{5}, 1]; for a first layer give inputShape [{6}, 1])":
    "{0}: нужны входы формы {1} (ранг {2}), получена форма [{3}]; добавьте ось каналов в конец: x.expandDims(-1) (чёрно-белые изображения {4} станут [{5}, 1]; для первого слоя укажите inputShape [{6}, 1])",
  "{0}: expected inputs of shape {1} (rank {2}), got shape [{3}]; add a channel axis at the end: x.expandDims(-1) (greyscale {4} images become [{5}, 1]; for a first layer give inputShape [{6}, 1]), or for a single sample add a batch axis: x.expandDims(0)":
    "{0}: нужны входы формы {1} (ранг {2}), получена форма [{3}]; добавьте ось каналов в конец: x.expandDims(-1) (чёрно-белые изображения {4} станут [{5}, 1]; для первого слоя укажите inputShape [{6}, 1]) или, если это один пример, добавьте ось пакета (batch): x.expandDims(0)",
  "{0} expects labels of the same shape as the predictions, {1}, but got labels of shape {2}: if these are integer class labels, use sparseCategoricalCrossentropy (with a softmax output of {3} units) or pass oneHot(labels, {4}); if they are one target per sample, give the model's last layer 1 unit":
    "{0}: метки должны иметь ту же форму, что и предсказания, {1}, а получены метки формы {2}: если это целочисленные метки классов, используйте sparseCategoricalCrossentropy (с выходом softmax из {3} нейронов) или передайте oneHot(labels, {4}); если это одно целевое значение на пример, дайте последнему слою модели 1 нейрон",
  "{0} expects labels of the same shape as the predictions, {1}, but got labels of shape {2}: these look like one-hot labels over {3} classes: give the model's last layer {4} units (softmax) and use categoricalCrossentropy":
    "{0}: метки должны иметь ту же форму, что и предсказания, {1}, а получены метки формы {2}: похоже, это метки в one-hot-кодировке для {3} классов: дайте последнему слою модели {4} нейронов (softmax) и используйте categoricalCrossentropy",
  "{0} expects labels of the same shape as the predictions, {1}, but got labels of shape {2}: give the model's last layer {3} units, or reshape the labels to {4}":
    "{0}: метки должны иметь ту же форму, что и предсказания, {1}, а получены метки формы {2}: дайте последнему слою модели {3} нейронов или измените форму меток на {4}",
  "binaryCrossentropy expects labels in [0, 1] but got {0} (at flat index {1}, predictions of shape {2}): for integer class labels 0 … {3} use sparseCategoricalCrossentropy with a softmax output of {4} units":
    "binaryCrossentropy: метки должны лежать в [0, 1], а получено {0} (по индексу {1} в развёрнутом виде, предсказания формы {2}): для целочисленных меток классов 0 … {3} используйте sparseCategoricalCrossentropy с выходом softmax из {4} нейронов",
  "binaryCrossentropy expects labels in [0, 1] but got {0} (at flat index {1}, predictions of shape {2}): labels are probabilities of the positive class":
    "binaryCrossentropy: метки должны лежать в [0, 1], а получено {0} (по индексу {1} в развёрнутом виде, предсказания формы {2}): метки — это вероятности положительного класса",
  "{0} needs one output per class, but the predictions have shape {1} (a single unit, so every sample gets probability 1 and the loss is 0): for two classes use binaryCrossentropy with a sigmoid output, or give the last layer one unit per class (softmax)":
    "{0}: нужен один выход на каждый класс, а предсказания имеют форму {1} (один нейрон, поэтому каждый пример получает вероятность 1 и функция потерь равна 0): для двух классов используйте binaryCrossentropy с выходом sigmoid или дайте последнему слою по одному нейрону на класс (softmax)",
  "{0}: label {1} (at index {2}) is outside the valid range 0 … {3} for predictions with {4} classes: give the last layer one unit per class (at least {5})":
    "{0}: метка {1} (по индексу {2}) вне допустимого диапазона 0 … {3} для предсказаний с {4} классами: дайте последнему слою по одному нейрону на класс (не меньше {5})",
  "{0}: label {1} (at index {2}) is outside the valid range 0 … {3} for predictions with {4} classes: give the last layer one unit per class (labels start at 0)":
    "{0}: метка {1} (по индексу {2}) вне допустимого диапазона 0 … {3} для предсказаний с {4} классами: дайте последнему слою по одному нейрону на класс (метки начинаются с 0)",
  "{0} expects integer class labels of shape {1} for predictions of shape {2}, but got one-hot labels of shape {3}: use {4}, or pass labels.argmax(-1)":
    "{0}: для предсказаний формы {2} нужны целочисленные метки классов формы {1}, а получены метки в one-hot-кодировке формы {3}: используйте {4} или передайте labels.argmax(-1)",
  "{0} expects integer class labels of shape {1} for predictions of shape {2}, but got labels of shape {3}":
    "{0}: для предсказаний формы {2} нужны целочисленные метки классов формы {1}, а получены метки формы {3}",
  "{0} expects one-hot labels of shape {1} but got integer class labels of shape {2}: use sparse{3}{4}, or pass oneHot(labels, {5})":
    "{0}: нужны метки в one-hot-кодировке формы {1}, а получены целочисленные метки классов формы {2}: используйте sparse{3}{4} или передайте oneHot(labels, {5})",
  "{0} expects one-hot labels of shape {1} but got labels of shape {2}":
    "{0}: нужны метки в one-hot-кодировке формы {1}, а получены метки формы {2}",
  "save: the loss is a function, which cannot be saved; compile with a named loss or a loss object, or save without the training state: await model.save(dir, { includeOptimizer: false })":
    "save: функция потерь задана функцией JavaScript, её нельзя сохранить; вызовите compile с именем функции потерь или объектом Loss либо сохраните модель без состояния обучения: await model.save(dir, { includeOptimizer: false })",
  "save: the metric is a function, which cannot be saved; compile with a named metric or a metric object, or save without the training state: await model.save(dir, { includeOptimizer: false })":
    "save: метрика задана функцией JavaScript, её нельзя сохранить; вызовите compile с именем метрики или объектом Metric либо сохраните модель без состояния обучения: await model.save(dir, { includeOptimizer: false })",
  "save: cannot save the loss {0}":
    "save: не удаётся сохранить функцию потерь {0}",
  "save: cannot save the metric {0}":
    "save: не удаётся сохранить метрику {0}",
  "{0}: {1} does not match the model: missing weight(s) {2}":
    "{0}: {1} не соответствует модели: отсутствуют веса {2}",
  "{0}: {1} does not match the model: unexpected weight(s) {2}":
    "{0}: {1} не соответствует модели: лишние веса {2}",
  "{0}: {1} does not match the model: missing weight(s) {2}; unexpected weight(s) {3}":
    "{0}: {1} не соответствует модели: отсутствуют веса {2}; лишние веса {3}",
  "{0} is not a valid safetensors file: it is {1} byte(s) long, shorter than the 8-byte header length":
    "{0} не является корректным файлом safetensors: длина файла {1} байт — меньше 8-байтового поля длины заголовка",
  "{0} is not a valid safetensors file: the header length is {1} bytes, more than the {2} allowed (the file is corrupt or not a safetensors file)":
    "{0} не является корректным файлом safetensors: длина заголовка {1} байт — больше допустимых {2} (файл повреждён или это не файл safetensors)",
  "{0} is not a valid safetensors file: the header length is {1} bytes but only {2} bytes follow it (the file is truncated or not a safetensors file)":
    "{0} не является корректным файлом safetensors: длина заголовка {1} байт, но за ней следует только {2} байт (файл обрезан или это не файл safetensors)",
  "{0} is not a valid safetensors file: the header must be JSON starting with \"{\"":
    "{0} не является корректным файлом safetensors: заголовок должен быть JSON, начинающимся с \"{\"",
  "{0} is not a valid safetensors file: the header is not valid UTF-8":
    "{0} не является корректным файлом safetensors: заголовок — некорректный UTF-8",
  "{0} is not a valid safetensors file: the header is not valid JSON ({1})":
    "{0} не является корректным файлом safetensors: заголовок — некорректный JSON ({1})",
  "{0} is not a valid safetensors file: the header must be a JSON object":
    "{0} не является корректным файлом safetensors: заголовок должен быть объектом JSON",
  "{0} is not a valid safetensors file: \"__metadata__\" must be an object of strings":
    "{0} не является корректным файлом safetensors: \"__metadata__\" должен быть объектом со строковыми значениями",
  "{0} is not a valid safetensors file: \"__metadata__\" values must be strings; \"{1}\" is {2}":
    "{0} не является корректным файлом safetensors: значения \"__metadata__\" должны быть строками; \"{1}\" равно {2}",
  "{0} is not a valid safetensors file: the entry of tensor \"{1}\" must be an object with dtype, shape and data_offsets":
    "{0} не является корректным файлом safetensors: запись тензора \"{1}\" должна быть объектом с dtype, shape и data_offsets",
  "{0} is not a valid safetensors file: tensor \"{1}\" has dtype {2}, which gradbook does not read (it reads {3})":
    "{0} не является корректным файлом safetensors: тензор \"{1}\" имеет тип данных (dtype) {2}, который gradbook не читает (читает {3})",
  "{0} is not a valid safetensors file: tensor \"{1}\" has unknown dtype {2}":
    "{0} не является корректным файлом safetensors: тензор \"{1}\" имеет неизвестный тип данных (dtype) {2}",
  "{0} is not a valid safetensors file: tensor \"{1}\" has shape {2}; expected a list of non-negative integers":
    "{0} не является корректным файлом safetensors: тензор \"{1}\" имеет форму {2}; ожидался список неотрицательных целых чисел",
  "{0} is not a valid safetensors file: tensor \"{1}\" has data_offsets {2}; expected [begin, end], two non-negative integers":
    "{0} не является корректным файлом safetensors: у тензора \"{1}\" data_offsets {2}; ожидалось [begin, end] — два неотрицательных целых числа",
  "{0} is not a valid safetensors file: tensor \"{1}\" has data_offsets [{2}, {3}]; the end comes before the begin":
    "{0} не является корректным файлом safetensors: у тензора \"{1}\" data_offsets [{2}, {3}]; конец раньше начала",
  "{0} is not a valid safetensors file: tensor \"{1}\" ({2}, shape [{3}]) needs {4} bytes but its data_offsets [{5}, {6}] span {7}":
    "{0} не является корректным файлом safetensors: тензору \"{1}\" ({2}, форма [{3}]) нужно {4} байт, а его data_offsets [{5}, {6}] охватывают {7}",
  "{0} is not a valid safetensors file: tensor \"{1}\" (bytes {2}..{3}) overlaps the tensor before it (which ends at {4})":
    "{0} не является корректным файлом safetensors: тензор \"{1}\" (байты {2}..{3}) перекрывается с предыдущим тензором (который заканчивается на {4})",
  "{0} is not a valid safetensors file: the bytes {1}..{2} of the data belong to no tensor (a hole before \"{3}\")":
    "{0} не является корректным файлом safetensors: байты данных {1}..{2} не принадлежат ни одному тензору (пропуск перед \"{3}\")",
  "{0} is not a valid safetensors file: the tensors need {1} bytes of data but the file has {2} (it is truncated)":
    "{0} не является корректным файлом safetensors: тензорам нужно {1} байт данных, а в файле {2} (файл обрезан)",
  "{0} is not a valid safetensors file: the file has {1} byte(s) of data after the last tensor":
    "{0} не является корректным файлом safetensors: после последнего тензора в файле лишние данные: {1} байт",
  "{0} is not a valid safetensors file: tensor \"{1}\" is BOOL but element {2} is the byte {3} (booleans are 0 or 1)":
    "{0} не является корректным файлом safetensors: тензор \"{1}\" имеет тип BOOL, но элемент {2} — байт {3} (логические значения — 0 или 1)",
  "loadOptimizer: {0} is a directory, not a file; give the file saved by await saveOptimizer(optimizer, path)":
    "loadOptimizer: {0} — каталог, а не файл; укажите файл, сохранённый через await saveOptimizer(optimizer, path)",
  "loadOptimizer: {0} does not exist; give the file saved by await saveOptimizer(optimizer, path)":
    "loadOptimizer: {0} не существует; укажите файл, сохранённый через await saveOptimizer(optimizer, path)",
  "loadWeights: {0} is a directory, not a file; give the file saved by await model.saveWeights(path)":
    "loadWeights: {0} — каталог, а не файл; укажите файл, сохранённый через await model.saveWeights(path)",
  "loadWeights: {0} does not exist; give the file saved by await model.saveWeights(path)":
    "loadWeights: {0} не существует; укажите файл, сохранённый через await model.saveWeights(path)",
  "loadModel: {0} is a directory, not a file; {1} is not a saved model directory (it has no {2}); save one with await model.save(dir)":
    "loadModel: {0} — каталог, а не файл; {1} не является каталогом сохранённой модели (в нём нет {2}); сохраните модель через await model.save(dir)",
  "loadModel: {0} does not exist; {1} is not a saved model directory (it has no {2}); save one with await model.save(dir)":
    "loadModel: {0} не существует; {1} не является каталогом сохранённой модели (в нём нет {2}); сохраните модель через await model.save(dir)",
  "loadModel: {0} is a directory, not a file; the model's weights are missing: save the model again":
    "loadModel: {0} — каталог, а не файл; веса модели отсутствуют: сохраните модель заново",
  "loadModel: {0} does not exist; the model's weights are missing: save the model again":
    "loadModel: {0} не существует; веса модели отсутствуют: сохраните модель заново",
  "loadModel: {0} is a directory, not a file; the optimizer state is missing: save the model again (or load without it by deleting \"optimizer\" from {1})":
    "loadModel: {0} — каталог, а не файл; состояние оптимизатора отсутствует: сохраните модель заново (или загрузите её без него, удалив \"optimizer\" из {1})",
  "loadModel: {0} does not exist; the optimizer state is missing: save the model again (or load without it by deleting \"optimizer\" from {1})":
    "loadModel: {0} не существует; состояние оптимизатора отсутствует: сохраните модель заново (или загрузите её без него, удалив \"optimizer\" из {1})",
  "loadModel: the saved architecture is invalid: a layer entry must be { className, config }, got {0} (model.json was edited or is corrupt; save the model again)":
    "loadModel: сохранённая архитектура некорректна: запись слоя должна иметь вид { className, config }, получено {0} (model.json был изменён вручную или повреждён; сохраните модель заново)",
  "loadModel: the saved architecture is invalid: \"layers\" must be a list (model.json was edited or is corrupt; save the model again)":
    "loadModel: сохранённая архитектура некорректна: \"layers\" должен быть списком (model.json был изменён вручную или повреждён; сохраните модель заново)",
  "loadModel: the saved architecture is invalid: unknown model class {0} (model.json was edited or is corrupt; save the model again)":
    "loadModel: сохранённая архитектура некорректна: неизвестный класс модели {0} (model.json был изменён вручную или повреждён; сохраните модель заново)",
  "loadModel: the saved architecture is invalid: a functional model needs \"inputs\", \"nodes\" and \"outputs\" lists (model.json was edited or is corrupt; save the model again)":
    "loadModel: сохранённая архитектура некорректна: функциональной модели нужны списки \"inputs\", \"nodes\" и \"outputs\" (model.json был изменён вручную или повреждён; сохраните модель заново)",
  "loadModel: the saved architecture is invalid: no input named \"{0}\" (model.json was edited or is corrupt; save the model again)":
    "loadModel: сохранённая архитектура некорректна: нет входа с именем \"{0}\" (model.json был изменён вручную или повреждён; сохраните модель заново)",
  "loadModel: the saved architecture is invalid: output {0} of call {1} of layer \"{2}\" is used before it is computed or does not exist (model.json was edited or is corrupt; save the model again)":
    "loadModel: сохранённая архитектура некорректна: выход {0} вызова {1} слоя \"{2}\" используется до своего вычисления или не существует (model.json был изменён вручную или повреждён; сохраните модель заново)",
  "loadModel: the saved architecture is invalid: a call of layer \"{0}\", which is not among the layers (model.json was edited or is corrupt; save the model again)":
    "loadModel: сохранённая архитектура некорректна: вызов слоя \"{0}\", которого нет среди слоёв (model.json был изменён вручную или повреждён; сохраните модель заново)",
  "Sequential: expected an array of layers, e.g. new Sequential([new Dense({ units: 8 })], { name: \"mlp\" }), got {0}":
    "Sequential: нужен массив слоёв, например new Sequential([new Dense({ units: 8 })], { name: \"mlp\" }), получено {0}",
  "Sequential: expected an array of layers, got an object; TensorFlow.js's sequential({ layers: [...] }) is written new Sequential([...], { name }) here":
    "Sequential: нужен массив слоёв, получен объект; запись TensorFlow.js sequential({ layers: [...] }) здесь пишется как new Sequential([...], { name })",
};
