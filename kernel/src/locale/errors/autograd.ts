// Russian for the errors thrown under kernel/src/autograd (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "{0}: the function must return a tensor, got {1}":
    "{0}: функция должна вернуть тензор, получено {1}",
  "grad: can only differentiate with respect to float tensors, got {0} (shape {1}); cast() it first":
    "grad: дифференцировать можно только по вещественным тензорам, получено {0} (форма {1}); сначала приведите тензор через cast()",
  "grad: the seed gradient has shape {0} but the output has {1}":
    "grad: начальный градиент (seed) имеет форму {0}, а выход — {1}",
  "grad: the op {0} has no gradient; wrap its input in stopGradient() if that is intended":
    "grad: у операции {0} нет градиента; если так и задумано, оберните её вход в stopGradient()",
  "customGrad: gradFunc must return {0} gradient(s), one per input, got {1}":
    "customGrad: gradFunc должна вернуть по градиенту на каждый вход (всего {0}), получено {1}",
  "customGrad: gradient {0} has shape {1}, its input has {2}":
    "customGrad: градиент {0} имеет форму {1}, а его вход — {2}",
  "customGrad: the function must return { value: Tensor, gradFunc: (dy) => Tensor[] }":
    "customGrad: функция должна вернуть { value: Tensor, gradFunc: (dy) => Tensor[] }",
  "hessian: the input has {0} elements, at most {1} are supported (one backward pass each); use hvp() for Hessian-vector products":
    "hessian: число элементов входа — {0}, а поддерживается не больше {1} (по одному обратному проходу на каждый); для произведений гессиана на вектор используйте hvp()",
  "hvp: v has shape [{0}] but x has [{1}]":
    "hvp: v имеет форму [{0}], а x — [{1}]",
};
