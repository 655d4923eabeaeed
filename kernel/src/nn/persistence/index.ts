// Save/load (model directories, weights files) and the safetensors format.
export { saveModel, loadModel, saveWeights, loadWeights, saveOptimizer, loadOptimizer, MODEL_FORMAT_VERSION, type SaveOptions, type SavedModel, type SavedOptimizerState } from "./save.js";
export { serializeArchitecture, deserializeArchitecture, type SavedArchitecture, type SavedSequential, type SavedFunctional, type SavedNode, type SavedInput, type TensorRef } from "./architecture.js";
export { encodeSafetensors, decodeSafetensors, tensorsToSafetensors, safetensorsToTensors, tensorToEntry, entryToTensor, SafetensorsError, type SafetensorsDType, type SafetensorsEntry, type SafetensorsContents } from "./safetensors.js";
