"""`npm run bench -- --peers` runs this in .venv: the CPU benchmarks of scripts/bench-cpu.mjs
on PyTorch and on Keras 3 (TensorFlow CPU), with the same shapes, the same initial weights
and data (read from build/bench-data/, written by bench-cpu.mjs) and the same optimizer, so
the first-step losses can be compared. Prints one JSON object:
{"PyTorch": {"<workload>": {"median": ms, "low": ms, "high": ms, "loss": first loss?}}, "Keras": {...}}.
A framework that is not installed is reported as {"error": "..."}."""
import json, os, sys, time

import numpy as np

from bench_common import THREADS, keras_cnn, keras_with_threads, load as load_array

data_dir = sys.argv[1]
quick = "--quick" in sys.argv

def load(name, shape, dtype=np.float32):
    return load_array(data_dir, name, shape, dtype)

def timed(fn, runs, warmup=3):
    # At least `warmup` runs and two seconds (0.3 s when quick): bench-gradbook.mjs's warmUpMs.
    warm = time.perf_counter() + (0.3 if quick else 2)
    done = 0
    while done < warmup or time.perf_counter() < warm:
        fn()
        done += 1
    times = []
    budget = time.perf_counter() + (1 if quick else 3)
    while len(times) < runs or (time.perf_counter() < budget and len(times) < 200):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    n = len(times)
    return {"median": times[n // 2], "low": times[n // 4], "high": times[(3 * n) // 4], "runs": n}

mlp = json.load(open(os.path.join(data_dir, "shapes.json")))
matmuls = mlp["matmuls"]
convs = mlp["convs"]

def torch_bench():
    import torch
    torch.set_num_threads(THREADS)
    out = {}
    for w in matmuls:
        a = torch.randn(*w["a"]); b = torch.randn(*w["b"])
        ta, tb = w["transposeA"], w["transposeB"]
        out[w["name"]] = timed(lambda: (a.T if ta else a) @ (b.T if tb else b), 5)
    for c in convs:
        n, h, wd, cin = c["x"]; kh, kw, _, cout = c["w"]
        x = torch.randn(n, cin, h, wd, requires_grad=True); k = torch.randn(cout, cin, kh, kw, requires_grad=True)
        conv = lambda: torch.nn.functional.conv2d(x, k, padding="same")
        out[c["name"] + " fwd"] = timed(lambda: conv(), 5)
        def fwd_bwd():
            x.grad = None; k.grad = None
            conv().sum().backward()
        out[c["name"] + " fwd+bwd"] = timed(fwd_bwd, 5)
    # MLP 784-256-128-10, Adam, batch 128, from the shared initial weights.
    x = torch.from_numpy(load("mlp-x", (128, 784))); y = torch.from_numpy(load("mlp-y", (128,), np.int32)).long()
    layers = [torch.nn.Linear(784, 256), torch.nn.Linear(256, 128), torch.nn.Linear(128, 10)]
    with torch.no_grad():
        for i, (layer, (fan_in, units)) in enumerate(zip(layers, [(784, 256), (256, 128), (128, 10)])):
            layer.weight.copy_(torch.from_numpy(load(f"mlp-w{i}", (fan_in, units))).T)
            layer.bias.copy_(torch.from_numpy(load(f"mlp-b{i}", (units,))))
    model = torch.nn.Sequential(layers[0], torch.nn.ReLU(), layers[1], torch.nn.ReLU(), layers[2])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    losses = []
    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    out["MLP step"] = timed(step, 20)
    out["MLP step"]["loss"] = losses[0]
    # CNN conv32-pool-conv64-pool-dense128-dense10 on 28×28×1, batch 64, Adam.
    xc = torch.randn(64, 1, 28, 28); yc = torch.randint(0, 10, (64,))
    cnn = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(1600, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    copt = torch.optim.Adam(cnn.parameters(), lr=1e-3)
    def cnn_step():
        copt.zero_grad()
        torch.nn.functional.cross_entropy(cnn(xc), yc).backward()
        copt.step()
    out["CNN step"] = timed(cnn_step, 10)
    return out

def keras_bench():
    keras = keras_with_threads()
    import tensorflow as tf
    out = {}
    for w in matmuls:
        a = tf.random.normal(w["a"]); b = tf.random.normal(w["b"])
        f = tf.function(lambda: tf.matmul(a, b, transpose_a=w["transposeA"], transpose_b=w["transposeB"]))
        out[w["name"]] = timed(lambda: f().numpy(), 5)
    for c in convs:
        x = tf.random.normal(c["x"]); k = tf.Variable(tf.random.normal(c["w"]))
        fwd = tf.function(lambda: tf.nn.conv2d(x, k, 1, "SAME"))
        out[c["name"] + " fwd"] = timed(lambda: fwd().numpy(), 5)
        @tf.function
        def fwd_bwd():
            with tf.GradientTape() as tape:
                tape.watch(x)
                s = tf.reduce_sum(tf.nn.conv2d(x, k, 1, "SAME"))
            return tape.gradient(s, [x, k])
        out[c["name"] + " fwd+bwd"] = timed(lambda: [g.numpy() for g in fwd_bwd()], 5)
    x = load("mlp-x", (128, 784)); y = load("mlp-y", (128,), np.int32)
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(256, activation="relu"), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10)])
    model.set_weights([load(f"mlp-{p}{i}", s) for i, (fi, u) in enumerate([(784, 256), (256, 128), (128, 10)]) for p, s in (("w", (fi, u)), ("b", (u,)))])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    first = float(model.train_on_batch(x, y))
    out["MLP step"] = timed(lambda: model.train_on_batch(x, y), 20)
    out["MLP step"]["loss"] = first
    xc = np.random.randn(64, 28, 28, 1).astype(np.float32); yc = np.random.randint(0, 10, 64)
    cnn = keras_cnn(keras)
    cnn.compile(optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    out["CNN step"] = timed(lambda: cnn.train_on_batch(xc, yc), 10)
    return out

result = {}
for name, bench in (("PyTorch", torch_bench), ("Keras", keras_bench)):
    try:
        result[name] = bench()
    except ImportError as error:
        result[name] = {"error": f"not installed ({error}); run npm run bench -- --peers"}
print(json.dumps(result))
