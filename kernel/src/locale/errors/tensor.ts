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
  "{0}: nested arrays are deeper in some places than others":
    "{0}: вложенные массивы в одних местах глубже, чем в других",
  "{0}: rows have different lengths (expected {1} at depth {2}, found {3}); use ragged() for uneven rows":
    "{0}: строки разной длины (ожидалось {1} на глубине {2}, найдено {3}); для неровных строк используйте ragged()",
  "{0}: expected numbers or booleans, found {1} ({2})":
    "{0}: ожидались числа или логические значения, найдено {1} ({2})",
  "tensor: a dtype as third argument goes with a shape as second, as in tensor(values, [2, 2], \"int32\")":
    "tensor: тип данных (dtype) третьим аргументом идёт вместе с формой вторым, как в tensor(values, [2, 2], \"int32\")",
  "tensor: the second argument is options ({ dtype, shape, name }), a dtype or a shape, got {0}":
    "tensor: второй аргумент — это параметры ({ dtype, shape, name }), тип данных (dtype) или форма, получено {0}",
  "tensor: name must be a string, got {0} ({1})":
    "tensor: name должно быть строкой, получено {0} ({1})",
  "tensor: a variable keeps its own name (\"{0}\"); name it with variable(value, { name: {1} })":
    "tensor: у переменной своё имя (\"{0}\"); задайте его через variable(value, { name: {1} })",
  "tensor: unknown dtype {0}; expected float32, float64, int32 or bool":
    "tensor: неизвестный тип данных (dtype) {0}; ожидался float32, float64, int32 или bool",
  "tensor: the value is {0}, not {1}; use cast()":
    "tensor: значение имеет тип {0}, а не {1}; используйте cast()",
  "tensor: {0} values do not fill shape {1}":
    "tensor: число значений ({0}) не соответствует форме {1}",
  "{0}: unknown dtype {1}; expected float32, float64, int32 or bool":
    "{0}: неизвестный тип данных (dtype) {1}; ожидался float32, float64, int32 или bool",
  "arange: step must not be zero":
    "arange: шаг (step) не должен быть нулём",
  "arange: dtype bool is not supported; expected float32, float64 or int32":
    "arange: тип данных bool не поддерживается; ожидался float32, float64 или int32",
  "linspace: num must be a non-negative integer, got {0}":
    "linspace: num должно быть неотрицательным целым числом, получено {0}",
  "linspace: dtype bool is not supported; expected float32, float64 or int32":
    "linspace: тип данных bool не поддерживается; ожидался float32, float64 или int32",
  "unknown backend \"{0}\"; available: {1}":
    "неизвестный бэкенд \"{0}\"; доступны: {1}",
  "no backend is registered; import gradbook (its index registers the CPU backends)":
    "ни один бэкенд не зарегистрирован; импортируйте gradbook (его index регистрирует CPU-бэкенды)",
  "{0}: needs the value variable \"{1}\" had before it was assigned a new one, and that value is gone; compute the loss after the assignment, or take its gradient before assigning":
    "{0}: нужно значение, которое переменная \"{1}\" имела до присваивания нового, а это значение уже удалено; вычислите функцию потерь после присваивания или возьмите её градиент до него",
  "{0}: an input tensor was already disposed (shape {1}); keep() it or return it from tidy()":
    "{0}: входной тензор уже освобождён (форма {1}); сохраните его через keep() или верните из tidy()",
  "a tensor (shape {0}, {1}) lives on the {2} backend, which reads asynchronously, but the op runs on {3}: run it with setBackend(\"{4}\") or copy it with tensor(await t.data())":
    "тензор (форма {0}, {1}) находится на бэкенде {2}, который читает данные асинхронно, а операция выполняется на {3}: выполните её с setBackend(\"{4}\") или скопируйте тензор через tensor(await t.data())",
  "{0} produced {1} at flat index {2} of its output (shape {3}) — check its inputs":
    "{0}: получено {1} в элементе выхода с плоским индексом {2} (форма {3}) — проверьте входы операции",
  "{0}: alpha must be a finite number, got {1}":
    "{0}: alpha должно быть конечным числом, получено {1}",
  "prelu: expected x and alpha of one float dtype, got {0} and {1}":
    "prelu: x и alpha должны иметь один вещественный тип данных (dtype), получено {0} и {1}",
  "prelu: alpha of shape {0} must broadcast to x's shape {1}":
    "prelu: alpha формы {0} должна согласовываться (broadcast) с формой x {1}",
  "gelu: approximate must be true or false, got {0}":
    "gelu: approximate должно быть true или false, получено {0}",
  "{0}: operands have dtypes {1} and {2} (shapes {3}, {4})":
    "{0}: у операндов типы данных (dtype) {1} и {2} (формы {3}, {4})",
  "neg: the operand is bool (shape {0}), which cannot be negated (NumPy refuses too); logicalNot(x) flips it, cast(x, \"int32\").neg() gives 0/-1":
    "neg: операнд типа bool (форма {0}), его нельзя взять с обратным знаком (NumPy тоже не позволяет); logicalNot(x) инвертирует его, а cast(x, \"int32\").neg() даёт 0/-1",
  "cast: unknown dtype {0}; expected float32, float64, int32 or bool":
    "cast: неизвестный тип данных (dtype) {0}; ожидался float32, float64, int32 или bool",
  "concat: tensor {0} is {1} but tensor 0 is {2}":
    "concat: тензор {0} имеет тип {1}, а тензор 0 — {2}",
  "concat: tensor {0} has shape {1} but tensor 0 has {2}; all shapes must match except along axis {3}":
    "concat: тензор {0} имеет форму {1}, а тензор 0 — {2}; формы должны совпадать везде, кроме оси {3}",
  "split: sizes {0} add up to {1}, but axis {2} of {3} has {4}":
    "split: размеры {0} в сумме дают {1}, а ось {2} формы {3} имеет {4}",
  "{0}: expected a non-empty list of tensors, got {1}":
    "{0}: ожидался непустой список тензоров, получено {1}",
  "concat: cannot concatenate scalars (rank 0 has no axis); use stack()":
    "concat: скаляры нельзя соединить (у ранга 0 нет осей); используйте stack()",
  "stack: tensor {0} has shape {1} but tensor 0 has {2}; all must have the same shape":
    "stack: тензор {0} имеет форму {1}, а тензор 0 — {2}; у всех тензоров должна быть одна форма",
  "stack: axis {0} is out of range for stacking tensors of rank {1} (expected {2} … {3})":
    "stack: ось {0} вне допустимого диапазона для объединения тензоров ранга {1} (ожидалось {2} … {3})",
  "split: cannot split a scalar (rank 0 has no axis)":
    "split: скаляр нельзя разделить (у ранга 0 нет осей)",
  "split: the number of parts must be a positive integer, got {0}":
    "split: число частей должно быть положительным целым, получено {0}",
  "split: axis {0} of {1} has length {2}, which {3} equal parts cannot divide; pass a list of sizes instead":
    "split: ось {0} формы {1} имеет длину {2}, которую нельзя разделить на {3} равных частей; передайте вместо этого список размеров",
  "split: expected a part count or a non-empty list of sizes, got {0}":
    "split: ожидалось число частей или непустой список размеров, получено {0}",
  "split: sizes must be non-negative integers (or one -1), got {0}":
    "split: размеры должны быть неотрицательными целыми числами (или один -1), получено {0}",
  "split: at most one size may be -1, got {0}":
    "split: -1 может быть не больше одного размера, получено {0}",
  "split: sizes {0} add up to {1}, but axis {2} of {3} has length {4}":
    "split: размеры {0} в сумме дают {1}, а ось {2} формы {3} имеет длину {4}",
  "unstack: cannot unstack a scalar (rank 0 has no axis)":
    "unstack: скаляр нельзя разобрать на части (у ранга 0 нет осей)",
  "{0}: bool tensors are not supported; cast() to float32 first":
    "{0}: тензоры bool не поддерживаются; сначала приведите их через cast() к float32",
  "{0}: the filter must have rank 4 [height, width, inChannels, outChannels], got shape {1}":
    "{0}: фильтр должен иметь ранг 4 [height, width, inChannels, outChannels], получена форма {1}",
  "{0}: the filter's {1} output channels do not divide into {2} groups (filter {3})":
    "{0}: число выходных каналов фильтра ({1}) не делится на число групп ({2}) (фильтр {3})",
  "conv2dTranspose: outputShape must be [batch, height, width, channels] of non-negative integers, got {0}":
    "conv2dTranspose: outputShape должна быть [batch, height, width, channels] из неотрицательных целых чисел, получено {0}",
  "conv2dTranspose: the input has {0} channels but the filter [height, width, outChannels, inChannels] expects {1} (input {2}, filter {3})":
    "conv2dTranspose: число каналов входа — {0}, а фильтр [height, width, outChannels, inChannels] ожидает {1} (вход {2}, фильтр {3})",
  "conv2dTranspose: outputShape {0} has {1} channels but the filter [height, width, outChannels, inChannels] gives {2} (filter {3})":
    "conv2dTranspose: число каналов в outputShape {0} — {1}, а фильтр [height, width, outChannels, inChannels] даёт {2} (фильтр {3})",
  "conv2dTranspose: outputShape {0} does not fit the input {1}: a conv2d with these strides and padding maps {2} to {3}":
    "conv2dTranspose: outputShape {0} не подходит ко входу {1}: conv2d с этими шагами (strides) и дополнением (padding) переводит {2} в {3}",
  "conv2dBackpropFilter: dy has shape {0}, but conv2d of {1} with filter {2} gives {3}":
    "conv2dBackpropFilter: dy имеет форму {0}, а conv2d от {1} с фильтром {2} даёт {3}",
  "{0}: groups must be a positive integer, got {1}":
    "{0}: groups должно быть положительным целым числом, получено {1}",
  "conv1d: the input must have rank 3 [batch, width, channels], got shape {0}":
    "conv1d: вход должен иметь ранг 3 [batch, width, channels], получена форма {0}",
  "conv1d: the filter must have rank 3 [width, inChannels, outChannels], got shape {0}":
    "conv1d: фильтр должен иметь ранг 3 [width, inChannels, outChannels], получена форма {0}",
  "conv1d: the input has {0} channels but the filter expects {1} (input {2}, filter {3})":
    "conv1d: число каналов входа — {0}, а фильтр ожидает {1} (вход {2}, фильтр {3})",
  "conv1d: {0} must be a positive integer, got {1}":
    "conv1d: {0} должно быть положительным целым числом, получено {1}",
  "depthwiseConv2d: the filter must have rank 4 [height, width, channels, multiplier], got shape {0}":
    "depthwiseConv2d: фильтр должен иметь ранг 4 [height, width, channels, multiplier], получена форма {0}",
  "depthwiseConv2d: the input has {0} channels but the filter expects {1} (input {2}, filter {3})":
    "depthwiseConv2d: число каналов входа — {0}, а фильтр ожидает {1} (вход {2}, фильтр {3})",
  "{0}: the filter must have rank 4 [height, width, outChannels, inChannels], got shape {1}":
    "{0}: фильтр должен иметь ранг 4 [height, width, outChannels, inChannels], получена форма {1}",
  "{0}: the input has {1} channels but the filter [height, width, outChannels, inChannels] expects {2} (input {3}, filter {4})":
    "{0}: число каналов входа — {1}, а фильтр [height, width, outChannels, inChannels] ожидает {2} (вход {3}, фильтр {4})",
  "{0}: outputShape must be [batch, height, width, channels] of non-negative integers, got {1}":
    "{0}: outputShape должна быть [batch, height, width, channels] из неотрицательных целых чисел, получено {1}",
  "{0}: needs a tensor of rank ≥ 1 to run along an axis, got a scalar":
    "{0}: нужен тензор ранга ≥ 1, чтобы вычислять вдоль оси, получен скаляр",
  "linearRecurrence: a and b must have one shape, got {0} and {1}":
    "linearRecurrence: a и b должны иметь одну форму, получено {0} и {1}",
  "linearRecurrence: a and b must have one dtype, got {0} and {1}":
    "linearRecurrence: a и b должны иметь один тип данных (dtype), получено {0} и {1}",
  "{0}: indices must be int32, got {1} (shape {2}); cast() them":
    "{0}: индексы должны быть int32, получено {1} (форма {2}); приведите их через cast()",
  "{0}: cannot index a scalar (rank 0 has no axis)":
    "{0}: скаляр нельзя индексировать (у ранга 0 нет осей)",
  "{0}: axis {1} is out of range for a tensor of rank {2}":
    "{0}: ось {1} вне допустимого диапазона для тензора ранга {2}",
  "scatterAdd: cannot add into a bool tensor; cast() it to int32 or float32":
    "scatterAdd: нельзя прибавлять к тензору bool; приведите его через cast() к int32 или float32",
  "scatterAdd: updates are {0} but x is {1}":
    "scatterAdd: updates имеют тип {0}, а x — {1}",
  "scatterAdd: updates have shape {0}, expected {1} (x {2} with indices {3} along axis {4})":
    "scatterAdd: updates имеют форму {0}, ожидалось {1} (x {2} с индексами {3} вдоль оси {4})",
  "{0}: indices must be integers, got {1}":
    "{0}: индексы должны быть целыми числами, получено {1}",
  "gather: cannot index a scalar (rank 0 has no axis)":
    "gather: скаляр нельзя индексировать (у ранга 0 нет осей)",
  "scatterAdd: cannot index a scalar (rank 0 has no axis)":
    "scatterAdd: скаляр нельзя индексировать (у ранга 0 нет осей)",
  "where: a and b have dtypes {0} and {1}":
    "where: у a и b типы данных (dtype) {0} и {1}",
  "matmul: operands have dtypes {0} and {1} (shapes {2}, {3})":
    "matmul: у операндов типы данных (dtype) {0} и {1} (формы {2}, {3})",
  "matmul: bool operands are not supported; cast() them to int32 or float32 first":
    "matmul: операнды bool не поддерживаются; сначала приведите их через cast() к int32 или float32",
  "matmul: the op needs operands of rank ≥ 2, got a {0} and b {1}":
    "matmul: операции нужны операнды ранга ≥ 2, получено a {0} и b {1}",
  "{0}: scalars cannot be multiplied as matrices (a is {1}, b is {2}); use mul()":
    "{0}: скаляры нельзя перемножать как матрицы (a имеет форму {1}, b — {2}); используйте mul()",
  "dot: expects vectors or matrices (rank 1 or 2), got a {0} and b {1}; use matmul() for batches and mul() for scalars":
    "dot: ожидаются векторы или матрицы (ранг 1 или 2), получено a {0} и b {1}; для пакетов (batch) используйте matmul(), для скаляров — mul()",
  "oneHot: depth must be a non-negative integer (the number of classes), got {0}":
    "oneHot: depth должно быть неотрицательным целым числом (числом классов), получено {0}",
  "oneHot: onValue and offValue must be numbers, got {0} and {1}":
    "oneHot: onValue и offValue должны быть числами, получено {0} и {1}",
  "pad: {0} [before, after] pairs for a tensor of rank {1}":
    "pad: пар [before, after] — {0}, а ранг тензора {1}",
  "pad: paddings must be a list of [before, after] pairs of non-negative integers, got {0}":
    "pad: paddings должен быть списком пар [before, after] из неотрицательных целых чисел, получено {0}",
  "pad: expected {0} [before, after] pairs (one per axis of {1}), got {2}":
    "pad: ожидалось пар [before, after]: {0} (по одной на каждую ось {1}), получено {2}",
  "pad: constantValue must be a number or boolean, got {0}":
    "pad: constantValue должно быть числом или логическим значением, получено {0}",
  "{0}: {1} has shape {2}, expected {3}":
    "{0}: {1} имеет форму {2}, ожидалась {3}",
  "maxPool2d: bool tensors are not supported; cast() to float32 first":
    "maxPool2d: тензоры bool не поддерживаются; сначала приведите их через cast() к float32",
  "avgPool2d: needs a float tensor, got {0}":
    "avgPool2d: нужен вещественный тензор, получен {0}",
  "avgPoolGrad: needs a float tensor, got {0}":
    "avgPoolGrad: нужен вещественный тензор, получен {0}",
  "{0}: padding {1} [top, bottom, left, right] must be smaller than the pool size {2}, or some windows would see only padding":
    "{0}: дополнение (padding) {1} [top, bottom, left, right] должно быть меньше размера окна {2}, иначе некоторые окна увидят одно только дополнение",
  "{0}: the images are empty (shape {1})":
    "{0}: изображения пусты (форма {1})",
  "norm: \"fro\" is a matrix norm and takes two axes, got {0}":
    "norm: \"fro\" — матричная норма, ей нужны две оси, получено {0}",
  "norm: \"fro\" is a matrix norm and needs a tensor of rank ≥ 2, got shape {0}":
    "norm: \"fro\" — матричная норма, ей нужен тензор ранга ≥ 2, получена форма {0}",
  "norm: unsupported ord {0}; expected 1, 2, Infinity, \"fro\" or \"euclidean\"":
    "norm: неподдерживаемый ord {0}; ожидалось 1, 2, Infinity, \"fro\" или \"euclidean\"",
  "norm: ord {0} takes one axis (a vector norm) or two (a matrix norm), got {1}":
    "norm: ord {0} берётся по одной оси (векторная норма) или по двум (матричная), получено {1}",
  "norm: the matrix 2-norm (largest singular value) is not supported; use \"fro\" or a vector norm over one axis":
    "norm: матричная 2-норма (наибольшее сингулярное число) не поддерживается; используйте \"fro\" или векторную норму по одной оси",
  "{0}: cannot reduce over no elements: axes {1} of shape {2} are empty, and {3} of nothing is undefined":
    "{0}: нельзя свернуть пустой набор элементов: оси {1} формы {2} пусты, а {3} от пустого набора не определено",
  "clip: min and max must be numbers, got {0} and {1}":
    "clip: min и max должны быть числами, получено {0} и {1}",
  "clip: min ({0}) is greater than max ({1})":
    "clip: min ({0}) больше max ({1})",
  "reshape: at most one dimension may be -1, got {0}":
    "reshape: -1 может быть не больше одной размерности, получено {0}",
  "reshape: cannot reshape {0} ({1} elements) into {2}":
    "reshape: нельзя изменить форму {0} (элементов: {1}) на {2}",
  "reshape: cannot reshape {0} ({1} elements) into {2} ({3} elements)":
    "reshape: нельзя изменить форму {0} (элементов: {1}) на {2} (элементов: {3})",
  "broadcastTo: cannot broadcast {0} to {1}":
    "broadcastTo: форму {0} нельзя согласовать (broadcast) с {1}",
  "expandDims: axis {0} is out of range for a tensor of rank {1} (expected {2} … {3})":
    "expandDims: ось {0} вне допустимого диапазона для тензора ранга {1} (ожидалось {2} … {3})",
  "squeeze: axis {0} has size {1}, expected 1 (shape {2})":
    "squeeze: ось {0} имеет размер {1}, ожидался 1 (форма {2})",
  "{0}: axis {1} reads positions {2} … {3} of an axis of length {4}":
    "{0}: по оси {1} читаются позиции {2} … {3}, а длина оси {4}",
  "stridedSlice: attributes cover {0} axes, the tensor has rank {1}":
    "stridedSlice: атрибуты охватывают осей: {0}, а ранг тензора {1}",
  "stridedSliceGrad: the gradient has shape {0}, the slice made {1}":
    "stridedSliceGrad: градиент имеет форму {0}, а срез дал {1}",
  "{0}: {1} must be a list with one entry per axis, got {2}":
    "{0}: {1} должно быть списком с одним элементом на каждую ось, получено {2}",
  "{0}: {1} {2} has {3} entries, the tensor has rank {4}":
    "{0}: число элементов в {1} {2} — {3}, а ранг тензора {4}",
  "slice: begin {0} is out of range for axis {1} of length {2} (expected an integer in {3} … {4})":
    "slice: begin {0} вне допустимого диапазона для оси {1} длины {2} (ожидалось целое число в диапазоне {3} … {4})",
  "slice: size {0} for axis {1} must be a non-negative integer or -1 (to the end)":
    "slice: size {0} для оси {1} должно быть неотрицательным целым числом или -1 (до конца)",
  "slice: begin {0} + size {1} exceeds length {2} of axis {3} (shape {4})":
    "slice: begin {0} + size {1} превышает длину {2} оси {3} (форма {4})",
  "{0}: {1} for axis {2} must be an integer, null or undefined, got {3}":
    "{0}: {1} для оси {2} должно быть целым числом, null или undefined, получено {3}",
  "stridedSlice: the stride for axis {0} must be a non-zero integer, got {1}":
    "stridedSlice: шаг для оси {0} должен быть ненулевым целым числом, получено {1}",
  "at: cannot read {0}; expected an integer, a slice like \"1:3\", \"::-1\", \"...\" or \"None\"":
    "at: не удаётся прочитать {0}; ожидалось целое число, срез вида \"1:3\", \"::-1\", \"...\" или \"None\"",
  "at: an index must be an integer, got {0}":
    "at: индекс должен быть целым числом, получено {0}",
  "at: empty index in {0}; use \":\" for a whole axis":
    "at: пустой индекс в {0}; для всей оси используйте \":\"",
  "at: cannot read {0}; a slice has at most start:stop:step":
    "at: не удаётся прочитать {0}; в срезе не больше трёх частей start:stop:step",
  "at: the step in {0} must not be zero":
    "at: шаг в {0} не должен быть нулём",
  "at: expected integers, slice strings, \"...\" or null, got {0}":
    "at: ожидались целые числа, строки срезов, \"...\" или null, получено {0}",
  "at: an index can have only one \"...\"":
    "at: в индексе может быть только одно \"...\"",
  "at: {0} indices for a tensor of rank {1} (shape {2})":
    "at: индексов — {0}, а ранг тензора {1} (форма {2})",
  "at: index {0} is out of range for axis {1} of length {2} (expected {3} … {4})":
    "at: индекс {0} вне допустимого диапазона для оси {1} длины {2} (ожидалось {3} … {4})",
  "{0}: needs a tensor of rank ≥ 1 to normalise along an axis, got a scalar":
    "{0}: нужен тензор ранга ≥ 1, чтобы нормировать вдоль оси, получен скаляр",
  "sort: needs a tensor of rank ≥ 1 to sort along an axis, got a scalar":
    "sort: нужен тензор ранга ≥ 1, чтобы сортировать вдоль оси, получен скаляр",
  "topk: needs a tensor of rank ≥ 1, got a scalar":
    "topk: нужен тензор ранга ≥ 1, получен скаляр",
  "topk: k must be an integer from 0 to {0} (the size of the last axis of shape {1}), got {2}":
    "topk: k должно быть целым числом от 0 до {0} (размера последней оси формы {1}), получено {2}",
  "tile: {0} repetition counts for a tensor of rank {1}":
    "tile: чисел повторений — {0}, а ранг тензора {1}",
  "{0}: {1} must be non-negative integers, got {2}":
    "{0}: {1} должны быть неотрицательными целыми числами, получено {2}",
  "tile: reps must be a count or a list of counts, got {0}":
    "tile: reps должно быть числом или списком чисел, получено {0}",
  "repeat: repeats must be a count or a list of counts, got {0}":
    "repeat: repeats должно быть числом или списком чисел, получено {0}",
  "repeat: {0} counts for axis {1} of length {2} (shape {3}); give one count or one per element":
    "repeat: чисел повторений — {0} для оси {1} длины {2} (форма {3}); укажите одно число или по одному на каждый элемент",
  "transpose: perm must be a list of axes, got {0}":
    "transpose: perm должен быть списком осей, получено {0}",
  "{0}: padding must be \"same\", \"valid\", a non-negative integer, [height, width] or [[top, bottom], [left, right]], got {1}":
    "{0}: padding должно быть \"same\", \"valid\", неотрицательным целым числом, [height, width] или [[top, bottom], [left, right]], получено {1}",
  "{0}: padding must be \"same\", \"valid\", a non-negative integer or [left, right], got {1}":
    "{0}: padding должно быть \"same\", \"valid\", неотрицательным целым числом или [left, right], получено {1}",
  "{0}: row splits must be a 1-D int32 tensor of nrows + 1 entries, got {1} {2}":
    "{0}: row splits должен быть одномерным тензором int32 из nrows + 1 элементов, получено {1} {2}",
  "{0}: values must have at least one axis, got a scalar":
    "{0}: у values должна быть хотя бы одна ось, получен скаляр",
  "raggedRowRepeat: expected one row per ragged row ({0}), got shape {1}":
    "raggedRowRepeat: ожидалась одна строка на каждую строку ragged-тензора ({0}), получена форма {1}",
  "raggedFromDense: expected a dense tensor of shape [{0}, width, ...], got {1}":
    "raggedFromDense: ожидался плотный тензор формы [{0}, width, ...], получено {1}",
  "ragged: values must have at least one axis, got a scalar":
    "ragged: у values должна быть хотя бы одна ось, получен скаляр",
  "ragged: row splits must start at 0, got [{0}]":
    "ragged: row splits должны начинаться с 0, получено [{0}]",
  "ragged: row splits must be non-decreasing integers, got [{0}]":
    "ragged: row splits должны быть неубывающими целыми числами, получено [{0}]",
  "ragged: row splits end at {0} but there are {1} values":
    "ragged: row splits заканчиваются на {0}, а значений: {1}",
  "RaggedTensor.map: the function must return a tensor with {0} rows (one per value), got {1}":
    "RaggedTensor.map: функция должна вернуть тензор с числом строк {0} (по одной на значение), получено {1}",
  "{0}: ragged operands have different row lengths: [{1}] and [{2}]":
    "{0}: у ragged-операндов разные длины строк: [{1}] и [{2}]",
  "{0}: cannot broadcast shape {1} against a ragged tensor of shape [{2}]; use a scalar, a ragged tensor with the same rows, or one value per row with shape [{3}, 1]":
    "{0}: форму {1} нельзя согласовать (broadcast) с ragged-тензором формы [{2}]; используйте скаляр, ragged-тензор с теми же строками или по одному значению на строку с формой [{3}, 1]",
  "raggedFromDense: expected a dense tensor with at least 2 axes [nrows, width, ...], got {0}":
    "raggedFromDense: ожидался плотный тензор хотя бы с 2 осями [nrows, width, ...], получено {0}",
  "raggedFromDense: give lengths or padding, not both":
    "raggedFromDense: укажите lengths или padding, но не оба сразу",
  "raggedFromDense: lengths must be {0} integers in 0 … {1}, got [{2}]":
    "raggedFromDense: lengths должны быть целыми числами в диапазоне 0 … {1} (всего {0}), получено [{2}]",
  "ragged: expected an array of rows, each an array":
    "ragged: ожидался массив строк, каждая из которых — массив",
  "ragged: the values are {0}, not {1}":
    "ragged: значения имеют тип {0}, а не {1}",
  "{0}: a seed must be a non-negative integer, got {1}":
    "{0}: seed должен быть неотрицательным целым числом, получено {1}",
  "splitKey: expected a RandomKey (from randomKey(seed))":
    "splitKey: ожидался RandomKey (из randomKey(seed))",
  "splitKey: n must be a non-negative integer, got {0}":
    "splitKey: n должно быть неотрицательным целым числом, получено {0}",
  "foldIn: expected a RandomKey (from randomKey(seed))":
    "foldIn: ожидался RandomKey (из randomKey(seed))",
  "foldIn: data must be a non-negative integer, got {0}":
    "foldIn: data должно быть неотрицательным целым числом, получено {0}",
  "setRandomState: expected { key: [two uint32 words], calls: a non-negative integer } as getRandomState() gives, got {0}":
    "setRandomState: ожидалось { key: [два слова uint32], calls: неотрицательное целое число }, как возвращает getRandomState(), получено {0}",
  "{0}: give a seed or a key, not both":
    "{0}: укажите seed или key, но не оба сразу",
  "{0}: key must be a RandomKey (from randomKey(seed) or splitKey), got {1}":
    "{0}: key должен быть RandomKey (из randomKey(seed) или splitKey), получено {1}",
  "{0}: dtype must be float32 or float64, got {1}":
    "{0}: тип данных (dtype) должен быть float32 или float64, получено {1}",
  "randomUniform: min must be less than max, got min {0} and max {1}":
    "randomUniform: min должно быть меньше max, получено min {0} и max {1}",
  "randomInt: min and max must be integers in the int32 range, got {0} and {1}":
    "randomInt: min и max должны быть целыми числами в диапазоне int32, получено {0} и {1}",
  "randomInt: min must be less than max, got min {0} and max {1}":
    "randomInt: min должно быть меньше max, получено min {0} и max {1}",
  "randomInt: dtype must be int32, got {0}":
    "randomInt: тип данных (dtype) должен быть int32, получено {0}",
  "{0}: stddev must be non-negative, got {1}":
    "{0}: stddev должно быть неотрицательным, получено {1}",
  "bernoulli: p must be a probability in [0, 1], got {0}":
    "bernoulli: p должно быть вероятностью из [0, 1], получено {0}",
  "bernoulli: unknown dtype {0}; expected bool, int32, float32 or float64":
    "bernoulli: неизвестный тип данных (dtype) {0}; ожидался bool, int32, float32 или float64",
  "permutation: n must be a non-negative integer, got {0}":
    "permutation: n должно быть неотрицательным целым числом, получено {0}",
  "tidy: the function returned a Promise; tidy() only takes synchronous functions (await outside of it)":
    "tidy: функция вернула Promise; tidy() принимает только синхронные функции (используйте await вне её)",
  "{0}: a shape must be a list of non-negative integers, got {1}":
    "{0}: форма должна быть списком неотрицательных целых чисел, получено {1}",
  "{0}: repeated axis in {1}":
    "{0}: ось повторяется в {1}",
  "{0}: indices must be int32, got {1}":
    "{0}: индексы должны быть int32, получено {1}",
  "{0}: indices must have shape [{1}, {2}] (nnz, rank), got {3}":
    "{0}: индексы должны иметь форму [{1}, {2}] (nnz, ранг), получено {3}",
  "sparseScatter: values must be 1-D, got shape {0}":
    "sparseScatter: values должны быть одномерными, получена форма {0}",
  "sparseGather: the dense operand has shape {0}, expected {1}":
    "sparseGather: плотный операнд имеет форму {0}, ожидалась {1}",
  "{0}: values must be 1-D, got shape {1}":
    "{0}: values должны быть одномерными, получена форма {1}",
  "{0}: the dense operand must be 2-D, got shape {1}":
    "{0}: плотный операнд должен быть двумерным, получена форма {1}",
  "{0}: the sparse values are {1} but the dense operand is {2}; cast() one of them":
    "{0}: разреженные значения имеют тип {1}, а плотный операнд — {2}; приведите один из них через cast()",
  "{0}: bool operands are not supported; cast() them to a number type":
    "{0}: операнды bool не поддерживаются; приведите их через cast() к числовому типу",
  "sparseSampledMatmul: operands must be 2-D, got {0} and {1}":
    "sparseSampledMatmul: операнды должны быть двумерными, получено {0} и {1}",
  "sparseSampledMatmul: shapes {0} and {1} do not fit a sparse operand of shape {2}":
    "sparseSampledMatmul: формы {0} и {1} не подходят к разреженному операнду формы {2}",
  "sparse: values must be 1-D, got shape {0}":
    "sparse: values должны быть одномерными, получена форма {0}",
  "sparse: index [{0}] of entry {1} is out of range for shape {2}":
    "sparse: индекс [{0}] элемента {1} вне допустимого диапазона для формы {2}",
  "sparse: the values are {0}, not {1}; use cast()":
    "sparse: значения имеют тип {0}, а не {1}; используйте cast()",
  "sparse: indices must be integers":
    "sparse: индексы должны быть целыми числами",
  "sparseMatmul: a must be a SparseTensor (from sparse() or sparseFromDense()); use matmul() for two dense tensors":
    "sparseMatmul: a должен быть SparseTensor (из sparse() или sparseFromDense()); для двух плотных тензоров используйте matmul()",
  "sparseMatmul: a must be 2-D, got dense shape {0}":
    "sparseMatmul: a должен быть двумерным, получена плотная форма {0}",
  "dataSync: the {0} backend reads asynchronously; use `await t.data()`":
    "dataSync: бэкенд {0} читает данные асинхронно; используйте `await t.data()`",
  "item: the tensor has {0} elements, item() needs exactly one (shape [{1}])":
    "item: число элементов в тензоре — {0}, а item() нужен ровно один (форма [{1}])",
  "assign: variable \"{0}\" has shape {1}, the new value has {2}":
    "assign: переменная \"{0}\" имеет форму {1}, а новое значение — {2}",
  "assign: variable \"{0}\" is {1}, the new value is {2}; cast() it first":
    "assign: переменная \"{0}\" имеет тип {1}, а новое значение — {2}; сначала приведите его через cast()",
  "assign: the new value of variable \"{0}\" is symbolic (a graph being built); assign inside a function compiled with jit(), which runs the assignment at each call":
    "assign: новое значение переменной \"{0}\" символьное (строится граф); выполняйте присваивание внутри функции, скомпилированной jit(), — тогда оно выполняется при каждом вызове",
  "{0}: expected bool input, got {1}; make one with a comparison (e.g. x.greater(0)) or cast(x, \"bool\")":
    "{0}: ожидался вход типа bool, получено {1}; получите его сравнением (например, x.greater(0)) или через cast(x, \"bool\")",
  "{0}: expected bool operands, got {1} and {2}; make one with a comparison (e.g. x.greater(0)) or cast(x, \"bool\")":
    "{0}: ожидались операнды типа bool, получено {1} и {2}; получите их сравнением (например, x.greater(0)) или через cast(x, \"bool\")",
  "where: the condition must be bool, got {0} (shape {1}); make one with a comparison (e.g. x.greater(0)) or cast(x, \"bool\")":
    "where: условие должно быть типа bool, получено {0} (форма {1}); получите его сравнением (например, x.greater(0)) или через cast(x, \"bool\")",
  "sub: both operands are bool (shapes {0}, {1}), which cannot be subtracted (NumPy refuses too); logicalXor(a, b) says where they differ; cast(a, \"int32\") counts with -1/0/1":
    "sub: оба операнда типа bool (формы {0}, {1}), их нельзя вычитать (NumPy тоже не позволяет); logicalXor(a, b) покажет, где они различаются, а cast(a, \"int32\") позволит считать с -1/0/1",
  "{0}: perm {1} is not [] (a scalar has no axes) for a tensor of shape {2}":
    "{0}: perm {1} не равна [] (у скаляра нет осей) для тензора формы {2}",
  "{0}: perm {1} is not a permutation of 0 … {2} for a tensor of shape {3}":
    "{0}: perm {1} не является перестановкой 0 … {2} для тензора формы {3}",
  "{0}: {1} must be a positive integer or a pair [height, width] of them, got {2}":
    "{0}: {1} должно быть положительным целым числом или парой [height, width] таких чисел, получено {2}",
  "{0}: {1} must be a non-negative integer or a pair [height, width] of them, got {2}":
    "{0}: {1} должно быть неотрицательным целым числом или парой [height, width] таких чисел, получено {2}",
  "{0}: the input must have rank 4 [batch, height, width, channels], got shape {1}":
    "{0}: вход должен иметь ранг 4 [batch, height, width, channels], получена форма {1}",
  "setPrintOptions: {0} must be a non-negative integer, got {1}":
    "setPrintOptions: {0} должно быть неотрицательным целым числом, получено {1}",
  "setPrintOptions: {0} must be a positive integer, got {1}":
    "setPrintOptions: {0} должно быть положительным целым числом, получено {1}",
  "{0}: the input has {1} channels but the filter expects {2} (input {3}, filter {4})":
    "{0}: число каналов входа — {1}, а фильтр ожидает {2} (вход {3}, фильтр {4})",
  "{0}: the input has {1} channels but the filter expects {2} × {3} groups = {4} (input {5}, filter {6})":
    "{0}: число каналов входа — {1}, а фильтр ожидает {2} × {3} (групп) = {4} (вход {5}, фильтр {6})",
  "{0}: a {1} tensor of shape {2} needs {3} ({4} bytes), more than the {5} elements one tensor can hold; this machine has {6} of memory, {7} of it free. Use a smaller shape, float32 instead of float64, or batches":
    "{0}: тензору {1} формы {2} нужно {3} ({4} Б) — больше, чем может вместить один тензор (элементов: {5}); на этой машине {6} памяти, из них свободно {7}. Уменьшите форму, возьмите float32 вместо float64 или обрабатывайте данные пакетами (batch)",
  "{0}: a {1} tensor of shape {2} needs {3} ({4} bytes), more than the machine's memory; this machine has {5} of memory, {6} of it free. Use a smaller shape, float32 instead of float64, or batches":
    "{0}: тензору {1} формы {2} нужно {3} ({4} Б) — больше, чем вся память машины; на этой машине {5} памяти, из них свободно {6}. Уменьшите форму, возьмите float32 вместо float64 или обрабатывайте данные пакетами (batch)",
  "{0}: no kernel for the {1} backend; run it on another backend with setBackend(\"{2}\"), or register one with {3}":
    "{0}: для бэкенда {1} нет ядра; выполните операцию на другом бэкенде через setBackend(\"{2}\") или зарегистрируйте ядро через {3}",
  "{0}: the {1} backend does not support {2}; run it on another backend with setBackend(\"{3}\"), or register one with {4}":
    "{0}: бэкенд {1} не поддерживает {2}; выполните операцию на другом бэкенде через setBackend(\"{3}\") или зарегистрируйте ядро через {4}",
  "{0}: no kernel for the {1} backend; no backend has a kernel for it, or register one with {2}":
    "{0}: для бэкенда {1} нет ядра, и ни у одного бэкенда нет ядра для этой операции; зарегистрируйте его через {2}",
  "{0}: the {1} backend does not support {2}; no backend has a kernel for it, or register one with {3}":
    "{0}: бэкенд {1} не поддерживает {2}, и ни у одного бэкенда нет ядра для этой операции; зарегистрируйте его через {3}",
  "{0}: expected a float32 or float64 tensor, got {1} (shape {2})":
    "{0}: ожидался тензор float32 или float64, получен {1} (форма {2})",
  "{0}: expected a float32, float64 or int32 tensor, got {1} (shape {2})":
    "{0}: ожидался тензор float32, float64 или int32, получен {1} (форма {2})",
  "{0}: unknown option \"{1}\"; did you mean {2}?":
    "{0}: неизвестный параметр \"{1}\"; может быть, имелся в виду {2}?",
  "{0}: unknown option \"{1}\"; the options are {2}":
    "{0}: неизвестный параметр \"{1}\"; параметры: {2}",
  "{0}: unknown option \"{1}\"; it takes no options":
    "{0}: неизвестный параметр \"{1}\"; параметров у этой функции нет",
  "sparseMatmul: inner dimensions differ: a is {0} (transposed), b is {1}":
    "sparseMatmul: внутренние размерности не совпадают: a имеет форму {0} (транспонирована), b — {1}",
  "sparseMatmul: inner dimensions differ: a is {0}, b is {1}":
    "sparseMatmul: внутренние размерности не совпадают: a имеет форму {0}, b — {1}",
  "cannot read the values of a symbolic tensor (made by {0}), shape [{1}], {2}: in graph mode (jit, placeholder) values exist only when the graph runs; return the tensor from the traced function, or run(outputs, feeds) the graph, and read the result":
    "нельзя прочитать значения символьного тензора (создан операцией {0}), форма [{1}], {2}: в режиме графа (jit, placeholder) значения существуют только во время выполнения графа; верните тензор из трассируемой функции или выполните граф через run(outputs, feeds) и прочитайте результат",
  "cannot read the values of a symbolic tensor, shape [{0}], {1}: in graph mode (jit, placeholder) values exist only when the graph runs; return the tensor from the traced function, or run(outputs, feeds) the graph, and read the result":
    "нельзя прочитать значения символьного тензора, форма [{0}], {1}: в режиме графа (jit, placeholder) значения существуют только во время выполнения графа; верните тензор из трассируемой функции или выполните граф через run(outputs, feeds) и прочитайте результат",
  "cannot read a disposed tensor (shape [{0}], {1}{2}, made by {3}); keep() it or return it from tidy()":
    "нельзя прочитать освобождённый тензор (форма [{0}], {1}{2}, создан операцией {3}); сохраните его через keep() или верните из tidy()",
  "cannot read a disposed tensor (shape [{0}], {1}{2}); keep() it or return it from tidy()":
    "нельзя прочитать освобождённый тензор (форма [{0}], {1}{2}); сохраните его через keep() или верните из tidy()",
  "{0}: rows have different lengths (expected {1} at depth {2}, found a scalar); use ragged() for uneven rows":
    "{0}: строки разной длины (ожидалось {1} на глубине {2}, найден скаляр); для неровных строк используйте ragged()",
  "{0}: a {1} tensor of shape {2} needs {3} ({4} bytes), which could not be allocated; this machine has {5} of memory, {6} of it free. Use a smaller shape, float32 instead of float64, or batches":
    "{0}: тензору {1} формы {2} нужно {3} ({4} Б), но выделить столько памяти не удалось; на этой машине {5} памяти, из них свободно {6}. Уменьшите форму, возьмите float32 вместо float64 или обрабатывайте данные пакетами (batch)",
  "{0}: the pool window ({1}×{2}) does not fit in the padded input ({3}×{4}); input is {5}, padding [top, bottom, left, right] is {6}":
    "{0}: окно пулинга ({1}×{2}) не помещается в дополненный вход ({3}×{4}); вход {5}, дополнение (padding) [top, bottom, left, right] — {6}",
  "{0}: the filter ({1}×{2}) does not fit in the padded input ({3}×{4}); input is {5}, padding [top, bottom, left, right] is {6}":
    "{0}: фильтр ({1}×{2}) не помещается в дополненный вход ({3}×{4}); вход {5}, дополнение (padding) [top, bottom, left, right] — {6}",
  "{0}: the filter after dilation ({1}×{2}) does not fit in the padded input ({3}×{4}); input is {5}, padding [top, bottom, left, right] is {6}":
    "{0}: фильтр после разрежения (dilation) ({1}×{2}) не помещается в дополненный вход ({3}×{4}); вход {5}, дополнение (padding) [top, bottom, left, right] — {6}",
  "{0}: axis {1} is out of range for a tensor of rank 0 (a scalar has no axes; use axes undefined or reshape first)":
    "{0}: ось {1} вне допустимого диапазона для тензора ранга 0 (у скаляра нет осей; не указывайте axes или сначала измените форму через reshape)",
  "{0}: axis {1} is out of range for a tensor of rank {2} (expected {3} … {4})":
    "{0}: ось {1} вне допустимого диапазона для тензора ранга {2} (ожидалось {3} … {4})",
  "random: unknown distribution {0}; expected one of {1}":
    "random: неизвестное распределение {0}; ожидается одно из: {1}",
  "adamUpdate: the variable has shape {0} but a gradient or moment has {1}":
    "adamUpdate: у переменной форма {0}, а у градиента или момента — {1}",
  "adamUpdate: the step size must be a scalar, got shape {0}":
    "adamUpdate: размер шага должен быть скаляром, получена форма {0}",
  "adamUpdate: needs one float dtype for all inputs, got {0}":
    "adamUpdate: все входы должны иметь один тип данных (dtype) с плавающей точкой, получено {0}",
  "{0}: index {1} (at flat position {2} of the indices) is out of range for axis {3} of length {4} in {5} (expected {6} … {7})":
    "{0}: индекс {1} (в позиции {2} среди индексов, плоский индекс) вне допустимого диапазона для оси {3} длины {4} в {5} (ожидалось {6} … {7})",
};
