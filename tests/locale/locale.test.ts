import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { setLocale, getLocale, message, localizeError } from "../../kernel/src/locale/index.js";
import { resetLocale } from "../../kernel/src/locale/locale.js";
import { matmul, tensor } from "../../kernel/src/index.js";
import { tensorHeader, tensorToHTML } from "../../kernel/src/tensor/format.js";
import { ShapeError } from "../../kernel/src/tensor/errors.js";
import { metricsPlot } from "../../kernel/src/viz/metrics/metrics-plot.js";
import { mimeTypeOf } from "../../kernel/src/viz/payloads.js";
import { exponentialDecay } from "../../kernel/src/optim/index.js";

afterEach(() => resetLocale());

test("English until setLocale; getLocale reports the choice; an unknown locale is refused by name", () => {
  assert.equal(getLocale(), "en");
  assert.equal(message("epoch", { epoch: 3, epochs: 10 }), "Epoch 3/10");
  setLocale("ru");
  assert.equal(getLocale(), "ru");
  assert.equal(message("epoch", { epoch: 3, epochs: 10 }), "Эпоха 3/10");
  assert.throws(() => setLocale("fr" as "en"), /setLocale: unknown locale "fr"; gradbook speaks "en" and "ru"/);
  assert.equal(getLocale(), "ru", "a refused locale changes nothing");
});

test("tensor captions follow the locale; the HTML caption never wraps", () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.equal(tensorHeader(t), "Tensor float32 [2, 3]");
  assert.match(tensorToHTML(t)!, /<caption style="[^"]*white-space: nowrap[^"]*">Tensor float32 \[2, 3\]<\/caption>/);
  setLocale("ru");
  assert.equal(tensorHeader(t), "Тензор float32 [2, 3]");
});

test("a shape error thrown by an op reads in Russian after setLocale(\"ru\"), values and op kept", () => {
  setLocale("ru");
  const error = (() => {
    try {
      matmul(tensor([[1, 2, 3]]), tensor([[1, 2]]));
    } catch (caught) {
      return caught;
    }
  })();
  assert.ok(error instanceof ShapeError);
  assert.match(error.message, /^matmul: внутренние размерности не совпадают: a имеет форму \[1, 3\], b — \[1, 2\]/);
});

test("the catalogue translates broadcasting errors and leaves unknown messages (and English) alone", () => {
  const broadcast = "add: shapes [2, 3] and [4] cannot be broadcast together (axis 1: 3 vs 4)";
  assert.equal(localizeError(broadcast), broadcast);
  setLocale("ru");
  assert.equal(localizeError(broadcast), "add: формы [2, 3] и [4] нельзя согласовать (broadcast) (ось 1: 3 против 4)");
  assert.equal(localizeError("something new went wrong"), "something new went wrong");
});

test("views emitted after setLocale carry the locale; before it they carry none (JupyterLab's language applies)", () => {
  const payloadOf = () => {
    const plot = metricsPlot({ display: false });
    plot.log({ loss: 0.5 }, { epoch: 0 });
    return plot.bundle()[mimeTypeOf("metrics")] as { locale?: string };
  };
  assert.equal(payloadOf().locale, undefined);
  setLocale("ru");
  assert.equal(payloadOf().locale, "ru");
});

test("the schedule plot's labels follow the locale", () => {
  setLocale("ru");
  const bundle = (exponentialDecay(0.1, 100).plot(10) as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("gradbook.mimebundle")]!();
  assert.match(bundle["image/svg+xml"]!, /скорость обучения/);
  assert.match(bundle["text/plain"]!, /за 10 шагов/);
});
