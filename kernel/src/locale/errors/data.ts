// Russian for the errors thrown under kernel/src/data (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "{0}: element {1} is {2}, but element 0 is a tensor; every element must have the same structure":
    "{0}: элемент {1} имеет тип {2}, а элемент 0 — тензор; все элементы должны иметь одинаковую структуру",
  "{0}: element {1} has shape {2} ({3}) but element 0 has {4} ({5}); use map() to bring them to one shape first":
    "{0}: элемент {1} имеет форму {2} ({3}), а элемент 0 — {4} ({5}); сначала приведите их к одной форме с помощью map()",
  "{0}: elements mix {1}s with other values":
    "{0}: среди элементов значения типа {1} смешаны с другими значениями",
  "{0}: cannot batch {1} elements; elements must be tensors, numbers, typed arrays, or arrays/objects of them":
    "{0}: нельзя собрать в пакет (batch) элементы типа {1}; элементы должны быть тензорами, числами, типизированными массивами или массивами/объектами из них",
  "{0}: {1} must be a non-negative integer, got {2}":
    "{0}: {1} должно быть неотрицательным целым числом, получено {2}",
  "{0}: {1} must be a positive integer, got {2}":
    "{0}: {1} должно быть положительным целым числом, получено {2}",
  "{0}: {1} must be a tensor; use Dataset.fromArrays for arrays":
    "{0}: {1} должно быть тензором; для массивов используйте Dataset.fromArrays",
  "{0}: {1} is a scalar (shape []); it needs a first axis of samples":
    "{0}: {1} — скаляр (форма []); нужна первая ось, по которой идут примеры",
  "{0}: x has {1} samples (shape {2}) but y has {3} (shape {4}); they need one row per sample":
    "{0}: в x примеров: {1} (форма {2}), а в y — {3} (форма {4}); нужна одна строка на пример",
  "{0}: x has {1} samples but {2} has {3} (shape {4}); they must have one row per sample":
    "{0}: в x примеров: {1}, а в {2} — {3} (форма {4}); нужна одна строка на пример",
  "{0}: x has {1} samples but {2} has {3}; they must have one row per sample":
    "{0}: в x примеров: {1}, а в {2} — {3}; нужна одна строка на пример",
  "toArray: the dataset is endless (repeat() without a count); take(n) first":
    "toArray: набор данных бесконечен (repeat() без числа повторов); сначала возьмите take(n)",
  "the bundled data file {0} is missing (looked for {1}); gradbook's data/ folder should ship with the package — reinstall gradbook, or restore kernel/data/ in a source checkout":
    "встроенный файл данных {0} не найден (искали {1}); папка data/ поставляется вместе с пакетом gradbook — переустановите gradbook или восстановите kernel/data/ в копии исходного кода",
  "{0}: not an IDX file (it should start with two zero bytes, found {1})":
    "{0}: это не файл IDX (он должен начинаться с двух нулевых байтов, найдено {1})",
  "{0}: unknown IDX type code 0x{1}; expected 0x08 (uint8), 0x09, 0x0b, 0x0c, 0x0d or 0x0e":
    "{0}: неизвестный код типа IDX 0x{1}; ожидался 0x08 (uint8), 0x09, 0x0b, 0x0c, 0x0d или 0x0e",
  "{0}: the file ends inside its header ({1} bytes for {2} dimensions)":
    "{0}: файл обрывается внутри заголовка (длина файла в байтах: {1}, а размерностей: {2})",
  "{0}: shape [{1}] needs {2} bytes but the file has {3}; is it truncated?":
    "{0}: форме [{1}] нужно байт: {2}, а в файле их {3}; может быть, он обрезан?",
  "readIdx: no file at {0}. Check the path (relative paths start at the notebook's folder, {1}), or get the original MNIST / Fashion-MNIST files (e.g. train-images-idx3-ubyte.gz) and pass their path; loadMnist() and loadFashionMnist() work without any download.":
    "readIdx: файла {0} нет. Проверьте путь (относительные пути отсчитываются от папки блокнота, {1}) или возьмите исходные файлы MNIST / Fashion-MNIST (например, train-images-idx3-ubyte.gz) и передайте их путь; loadMnist() и loadFashionMnist() работают без всякого скачивания.",
  "readIdx: no file at {0} (nor {1}.gz). Check the path (relative paths start at the notebook's folder, {2}), or get the original MNIST / Fashion-MNIST files (e.g. train-images-idx3-ubyte.gz) and pass their path; loadMnist() and loadFashionMnist() work without any download.":
    "readIdx: нет ни файла {0}, ни {1}.gz. Проверьте путь (относительные пути отсчитываются от папки блокнота, {2}) или возьмите исходные файлы MNIST / Fashion-MNIST (например, train-images-idx3-ubyte.gz) и передайте их путь; loadMnist() и loadFashionMnist() работают без всякого скачивания.",
  "writeIdx: unknown IDX type {0}; expected one of {1}":
    "writeIdx: неизвестный тип IDX {0}; ожидался один из {1}",
  "writeIdx: shape [{0}] holds {1} values but {2} were given":
    "writeIdx: форма [{0}] вмещает значений: {1}, а передано: {2}",
  "{0}: {1} (or {2}.gz) is not in {3}. That folder should hold the original files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (gzipped or not). Put them there, pass the folder that has them as { path }, or leave path out to use the bundled subset.":
    "{0}: {1} (или {2}.gz) нет в {3}. В этой папке должны лежать исходные файлы train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte и t10k-labels-idx1-ubyte (сжатые gzip или нет). Положите их туда, передайте папку, где они лежат, как { path } или не указывайте path, чтобы использовать встроенное подмножество.",
  "{0}: {1} images have shape [{2}] and labels [{3}]; expected [n, rows, columns] and [n]":
    "{0}: изображения части {1} имеют форму [{2}], а метки — [{3}]; ожидались [n, rows, columns] и [n]",
  "{0}: subset must be \"train\", \"test\" or \"all\", got {1}":
    "{0}: subset должно быть \"train\", \"test\" или \"all\", получено {1}",
  "{0}: limit must be a non-negative integer, got {1}":
    "{0}: limit должно быть неотрицательным целым числом, получено {1}",
  "{0}: seed must be a non-negative integer, got {1}":
    "{0}: seed должно быть неотрицательным целым числом, получено {1}",
  "{0}: {1} must be a tensor, an array or a typed array, got {2}":
    "{0}: {1} должно быть тензором, массивом или типизированным массивом, получено {2}",
  "{0}: label {1} is {2}; labels must be numbers, strings or rows of numbers":
    "{0}: метка {1} имеет тип {2}; метки должны быть числами, строками или строками из чисел",
  "{0}: {1} must be a fraction in (0, 1) or a positive number of samples, got {2}":
    "{0}: {1} должно быть долей в (0, 1) или положительным числом примеров, получено {2}",
  "{0}: {1} = {2} is above 1, so it must be a whole number of samples":
    "{0}: {1} = {2} больше 1, поэтому должно быть целым числом примеров",
  "{0}: {1} = {2} is more than the {3} samples there are":
    "{0}: {1} = {2} больше, чем всего примеров ({3})",
  "{0}: trainSize + testSize ask for {1} + {2} samples but there are only {3}":
    "{0}: trainSize + testSize требуют примеров: {1} + {2}, а их всего {3}",
  "{0}: with {1} samples and testSize {2}, the training set would be empty; use a smaller testSize":
    "{0}: при числе примеров {1} и testSize {2} обучающая выборка окажется пустой; уменьшите testSize",
  "{0}: with {1} samples and testSize {2}, the test set would be empty; use a larger testSize":
    "{0}: при числе примеров {1} и testSize {2} тестовая выборка окажется пустой; увеличьте testSize",
  "{0}: class {1} has only 1 sample; stratifying needs at least 2 per class (drop it, or split without stratify)":
    "{0}: в классе {1} только 1 пример; для стратификации нужно хотя бы 2 на класс (уберите его или разбейте без stratify)",
  "{0}: the training set ({1} samples) is smaller than the number of classes ({2}); use a smaller testSize":
    "{0}: обучающая выборка (примеров: {1}) меньше числа классов ({2}); уменьшите testSize",
  "{0}: the test set ({1} samples) is smaller than the number of classes ({2}); use a larger testSize":
    "{0}: тестовая выборка (примеров: {1}) меньше числа классов ({2}); увеличьте testSize",
  "{0}: stratify needs shuffle: true (a stratified split picks samples at random)":
    "{0}: stratify требует shuffle: true (стратифицированное разбиение выбирает примеры случайно)",
  "{0}: stratify has {1} labels but x has {2} samples":
    "{0}: в stratify меток: {1}, а в x примеров: {2}",
  "{0}: stratify: true means \"by y\", but no y was given; pass the labels as stratify":
    "{0}: stratify: true означает «по y», но y не передан; передайте метки как stratify",
  "{0}: validation ({1}) and test ({2}) samples leave nothing of the {3} to train on":
    "{0}: валидационные ({1}) и тестовые ({2}) примеры не оставляют из {3} ничего для обучения",
  "{0}: the number of samples must be an integer ≥ {1}, got {2}":
    "{0}: число примеров должно быть целым числом ≥ {1}, получено {2}",
  "{0}: noise is a standard deviation and must be ≥ 0, got {1}":
    "{0}: noise — это стандартное отклонение, оно должно быть ≥ 0, получено {1}",
  "makeCircles: factor (inner radius / outer radius) must be in (0, 1), got {0}":
    "makeCircles: factor (внутренний радиус / внешний радиус) должен лежать в (0, 1), получено {0}",
  "makeBlobs: there must be at least one centre":
    "makeBlobs: нужен хотя бы один центр",
  "makeSpirals: classes must be a positive integer, got {0}":
    "makeSpirals: classes должно быть положительным целым числом, получено {0}",
  "makeRegression: features must be a positive integer, got {0}":
    "makeRegression: features должно быть положительным целым числом, получено {0}",
  "{0}: expected points with a last axis of 2 (x, y), got shape {1}; pass f(tensor([x, y])) or f(x, y)":
    "{0}: ожидались точки с последней осью размера 2 (x, y), получена форма {1}; передайте f(tensor([x, y])) или f(x, y)",
};
