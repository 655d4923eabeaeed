// One line per layer file.
export { Dense, type DenseConfig } from "./dense.js";
export { Activation, type ActivationConfig } from "./activation.js";
export { ReLU, LeakyReLU, PReLU, ELU, Softmax, type ReLUConfig, type LeakyReLUConfig, type PReLUConfig, type ELUConfig, type SoftmaxConfig } from "./activation-layers.js";
export { Dropout, type DropoutConfig } from "./dropout.js";
export { Flatten, type FlattenConfig } from "./flatten.js";
export { Reshape, type ReshapeConfig } from "./reshape.js";
export { BatchNormalization, type BatchNormalizationConfig } from "./batch-normalization.js";
export { LayerNormalization, type LayerNormalizationConfig } from "./layer-normalization.js";
export { Embedding, type EmbeddingConfig } from "./embedding.js";
export { Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, type ConcatenateConfig } from "./merge.js";
export { Conv1D, Conv2D, type ConvConfig, type Conv1DConfig, type Conv2DConfig } from "./conv.js";
export { MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling2D, GlobalAveragePooling1D, GlobalMaxPooling1D, type PoolingConfig, type Pooling1DConfig, type Pooling2DConfig, type GlobalPoolingConfig } from "./pooling.js";
export { SimpleRNN, LSTM, GRU, type RecurrentConfig, type SimpleRNNConfig, type LSTMConfig, type GRUConfig } from "./rnn.js";
