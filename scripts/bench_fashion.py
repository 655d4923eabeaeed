"""The Keras side of scripts/bench-fashion.mjs, run in .venv: the Fashion-MNIST CNN trained by
model.fit with the same data, initial weights, batch size, optimizer, validation split and
early stopping as gradbook's run (all read from the data folder the Node side wrote:
fashion.json, fashion-*.bin, fashion-w<i>.bin). Prints one JSON line:
{"Keras": {"fitSeconds", "epochSeconds": [...], "history": {...}, "testAccuracy", "threads"}},
or {"Keras": {"error": "..."}} when TensorFlow/Keras is not installed."""
import json, os, sys, time

data_dir = sys.argv[1]


def train():
    from bench_common import THREADS, keras_cnn, keras_with_threads, load  # needs numpy: inside, to report it missing
    keras = keras_with_threads()
    config = json.load(open(os.path.join(data_dir, "fashion.json")))
    n, n_test = config["samples"], config["testSamples"]
    x = load(data_dir, "fashion-x", (n, 28, 28, 1))
    y = load(data_dir, "fashion-y", (n,), "int32")
    model = keras_cnn(keras)
    model.set_weights([load(data_dir, f"fashion-w{i}", shape) for i, shape in enumerate(config["weightShapes"])])
    model.compile(optimizer=keras.optimizers.Adam(config["learningRate"]),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    keras.utils.set_random_seed(0)
    epoch_seconds = []

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            epoch_seconds.append(time.perf_counter() - self.started)

    stop = keras.callbacks.EarlyStopping(patience=config["patience"], restore_best_weights=True)
    started = time.perf_counter()
    history = model.fit(x, y, epochs=config["epochs"], batch_size=config["batchSize"], validation_split=config["validationSplit"],
                        callbacks=[stop, EpochTimer()], verbose=0)
    fit_seconds = time.perf_counter() - started
    x_test = load(data_dir, "fashion-test-x", (n_test, 28, 28, 1))
    y_test = load(data_dir, "fashion-test-y", (n_test,), "int32")
    test_accuracy = float((model.predict(x_test, verbose=0).argmax(-1) == y_test).mean())
    return {"fitSeconds": fit_seconds, "epochSeconds": epoch_seconds, "threads": THREADS, "testAccuracy": test_accuracy,
            "history": {k: [float(v) for v in values] for k, values in history.history.items()}}


try:
    result = {"Keras": train()}
except ImportError as error:
    result = {"Keras": {"error": f"not installed ({error}); run npm run bench -- --peers"}}
print(json.dumps(result))
