export { grad, grads, valueAndGrad, valueAndGrads, variableGrads, gradient } from "./api.js";
export { hessian, hvp, HESSIAN_MAX_SIZE } from "./hessian.js";
export { stopGradient } from "./stop-gradient.js";
export { customGrad, type CustomGradResult } from "./custom-grad.js";
