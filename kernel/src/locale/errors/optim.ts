// Russian for the errors thrown under kernel/src/optim (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "optimizer: set at most one of clipnorm, globalClipnorm and clipvalue":
    "optimizer: задайте не более одного из clipnorm, globalClipnorm и clipvalue",
  "optimizer: {0} must be a positive number, got {1}":
    "optimizer: {0} должно быть положительным числом, получено {1}",
  "the matrix is singular (or nearly so)":
    "матрица вырождена (или почти вырождена)",
  "Newton: damping must be ≥ 0, got {0}":
    "Newton: damping должно быть ≥ 0, получено {0}",
  "Newton: runs eagerly only: it reads the gradient and the Hessian to solve for the step, and jit traces without values; call newton.minimize outside jit (model.fit trains with Newton eagerly)":
    "Newton: работает только в eager-режиме: чтобы найти шаг, он читает значения градиента и гессиана, а jit трассирует функцию без значений; вызывайте newton.minimize вне jit (model.fit обучает с Newton в eager-режиме)",
  "Newton: the Hessian needs the loss function, not just gradients; call newton.minimize(() => loss, variables) (model.fit does this for you)":
    "Newton: для гессиана нужна сама функция потерь, а не только градиенты; вызовите newton.minimize(() => loss, variables) (model.fit делает это за вас)",
  "Newton: the model has {0} trainable parameters; Newton's method builds the {1}×{2} Hessian and is limited to {3}. Use a first-order optimizer (SGD, Adam) or hvp() for Hessian-vector products":
    "Newton: у модели обучаемых параметров: {0}; метод Ньютона строит гессиан {1}×{2}, поэтому число параметров ограничено: не больше {3}. Используйте оптимизатор первого порядка (SGD, Adam) или hvp() для произведений гессиана на вектор",
  "Newton: the Hessian is singular at this point; set damping > 0 (e.g. new Newton({ damping: 1e-3 }))":
    "Newton: гессиан в этой точке вырожден; задайте damping > 0 (например, new Newton({ damping: 1e-3 }))",
  "{0}: learningRate must be a non-negative number or a schedule, got {1}":
    "{0}: learningRate должно быть неотрицательным числом или расписанием, получено {1}",
  "{0}.step: got {1} gradient(s) for {2} variable(s)":
    "{0}.step: получено градиентов: {1}, а переменных: {2}",
  "{0}.step: item {1} is not a Variable; optimizers update variables (variable(tensor))":
    "{0}.step: элемент {1} не является переменной (Variable); оптимизаторы обновляют переменные (variable(tensor))",
  "{0}.step: the gradient for \"{1}\" has shape {2}, the variable has {3}":
    "{0}.step: градиент для \"{1}\" имеет форму {2}, а переменная — {3}",
  "{0}.minimize: no variables to update":
    "{0}.minimize: нет переменных для обновления",
  "{0}.setState: no variable named \"{1}\" to restore the \"{2}\" slot for":
    "{0}.setState: нет переменной с именем \"{1}\", для которой нужно восстановить слот \"{2}\"",
  "unknown optimizer {0}; use one of {1} or an Optimizer instance (new Adam({ learningRate: 0.01 }))":
    "неизвестный оптимизатор {0}; используйте один из {1} или экземпляр Optimizer (new Adam({ learningRate: 0.01 }))",
  "{0}: {1} must be a positive number, got {2}":
    "{0}: {1} должно быть положительным числом, получено {2}",
  "PiecewiseConstantDecay: needs one more value than boundaries, got {0} boundaries and {1} values":
    "PiecewiseConstantDecay: значений должно быть на одно больше, чем границ, получено границ: {0}, значений: {1}",
  "unknown learning-rate schedule \"{0}\"; known: {1}":
    "неизвестное расписание скорости обучения \"{0}\"; известные: {1}",
  "PiecewiseConstantDecay: give boundaries and values, e.g. new PiecewiseConstantDecay({ boundaries: [1000], values: [0.1, 0.01] })":
    "PiecewiseConstantDecay: задайте boundaries и values, например new PiecewiseConstantDecay({ boundaries: [1000], values: [0.1, 0.01] })",
};
