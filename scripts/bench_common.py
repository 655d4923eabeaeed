"""What the Python peers of the benchmarks share (scripts/bench_peers.py, scripts/bench_fashion.py):
reading the arrays the Node side wrote, the thread count, and the CNN of scripts/bench-models.mjs in Keras."""
import os

import numpy as np

# Both sides use as many threads as gradbook does on the 2-core machine (GRADBOOK_THREADS: every core).
THREADS = int(os.environ.get("GRADBOOK_BENCH_THREADS", "2"))


def load(data_dir, name, shape, dtype=np.float32):
    """An array written by the Node side as raw little-endian values: load(d, "mlp-x", (128, 784))."""
    return np.fromfile(os.path.join(data_dir, name + ".bin"), dtype=dtype).reshape(shape)


def keras_with_threads():
    """Keras 3 on TensorFlow, limited to THREADS threads (call before building a model): keras = keras_with_threads()."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    import keras
    tf.config.threading.set_intra_op_parallelism_threads(THREADS)
    tf.config.threading.set_inter_op_parallelism_threads(THREADS)
    return keras


def keras_cnn(keras):
    """benchCnn of scripts/bench-models.mjs: conv32-pool-conv64-pool-dense128-dense10 (logits) on 28×28×1."""
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Flatten(), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10)])
