/**
 * Optimizers on a 2-D loss surface: the contour with each optimizer's path from the same
 * start, animated step by step (play/pause and a step slider), the learning-rate schedule
 * beside it, and a table of each run's loss and learning rate at the shown step. Live
 * updates keep the slider where the user left it, or follow the newest step when it was
 * at the end.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import type { Message } from "@lumino/messaging";
import { Widget } from "@lumino/widgets";
import type { SurfacePayload } from "gradbook/payloads";
import { GradbookRenderer, commonStrings, format, h, loadPlotlyInto, replaceChildren, setText, themeName, themed, type Locale, type PlotlyApi, type PlotlyData, type RenderContext } from "../common/index.js";
import { buildScheduleFigure, buildSurfaceFigure, contourTrace, maxSteps } from "./figure.js";
import { strings } from "./strings.js";

const CONFIG = { displaylogo: false, responsive: true };
/** Animation speed: frames per second, and about how long a whole run takes at most. */
const FRAME_MS = 80;
const LONGEST_ANIMATION_MS = 8000;

const shortNumber = (value: number | undefined) =>
  typeof value !== "number" ? "–" : !Number.isFinite(value) ? String(value) : Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(2) : String(Number(value.toPrecision(4)));

export class SurfaceRenderer extends GradbookRenderer<"surface"> {
  private locale: Locale = "en";
  private payload: SurfacePayload | undefined;
  private step = 0;
  private followEnd = true;
  private logColor: boolean | undefined; // undefined: the payload's choice
  private timer: ReturnType<typeof setInterval> | undefined;
  private plotly: PlotlyApi | undefined;
  private contour: { key: string; trace: PlotlyData } | undefined;
  private drawnKey = "";
  /** The grid as text: a live update with the same surface keeps the contour trace. */
  private gridKey = "";
  private drawing: Promise<void> | undefined;
  private redraw = false;
  private readonly heading = h("div", { class: "gb-surface-heading" });
  private readonly titleText = h("span", { class: "gb-title" });
  private readonly status = h("span", { class: "gb-surface-status" });
  private readonly toolbar = h("div", { class: "gb-toolbar" });
  private readonly playButton = h("button", { class: "gb-button gb-surface-play", type: "button" });
  private readonly slider = h("input", { class: "gb-surface-step", type: "range", min: 0, max: 0, step: 1, value: 0 });
  private readonly stepText = h("span", { class: "gb-surface-step-text" });
  private readonly logInput = h("input", { class: "gb-surface-log", type: "checkbox" });
  private readonly body = h("div", { class: "gb-surface-body" });
  private readonly chart = h("div", { class: "gb-surface-chart" });
  private readonly side = h("div", { class: "gb-surface-side" });
  private readonly scheduleTitle = h("div", { class: "gb-subtitle" });
  private readonly schedule = h("div", { class: "gb-surface-schedule" });
  private readonly table = h("table", { class: "gb-table gb-surface-table" });

  constructor(options: IRenderMime.IRendererOptions) {
    super("surface", options);
    this.heading.append(this.titleText, this.status);
    this.side.append(this.scheduleTitle, this.schedule, this.table);
    this.body.append(this.chart, this.side);
    this.content.append(this.heading, this.toolbar, this.body);
    this.playButton.addEventListener("click", () => (this.timer ? this.pause() : this.play()));
    this.slider.addEventListener("input", () => {
      this.pause();
      this.showStep(Number(this.slider.value));
    });
    this.logInput.addEventListener("change", () => {
      this.logColor = this.logInput.checked;
      this.requestDraw();
    });
  }

  protected async render(payload: SurfacePayload, context: RenderContext): Promise<void> {
    this.payload = payload;
    this.gridKey = JSON.stringify(payload.grid);
    if (this.locale !== context.locale || context.renderCount === 0) {
      this.locale = context.locale;
      this.buildFrame();
    }
    const text = strings[this.locale];
    const total = maxSteps(payload);
    setText(this.titleText, payload.title ?? format(text.title, { function: payload.function }));
    setText(this.status, format(text.status, { count: payload.trajectories.length, steps: total }));
    this.slider.max = String(total);
    this.step = this.followEnd ? total : Math.min(this.step, total);
    if (!this.timer) this.logInput.checked = this.logColor ?? payload.logColor;
    await this.requestDraw();
  }

  /** The parts that change only with the language. */
  private buildFrame(): void {
    const text = strings[this.locale];
    setText(this.playButton, this.timer ? text.pause : text.play);
    this.slider.setAttribute("aria-label", text.step);
    replaceChildren(this.toolbar,
      this.playButton,
      h("label", {}, `${text.step} `, this.slider, " ", this.stepText),
      h("label", {}, this.logInput, ` ${text.logColor}`));
    setText(this.scheduleTitle, text.schedule);
    this.drawnKey = "";
    this.contour = undefined;
  }

  /** Starts the animation (from the beginning when at the end). */
  play(): void {
    const payload = this.payload;
    if (!payload || this.timer) return;
    const total = maxSteps(payload);
    if (this.step >= total) this.showStep(0);
    // Long runs skip frames so a whole animation lasts at most a few seconds.
    const stride = Math.max(1, Math.ceil((total * FRAME_MS) / LONGEST_ANIMATION_MS));
    this.timer = setInterval(() => {
      const end = maxSteps(this.payload ?? payload);
      this.showStep(Math.min(end, this.step + stride));
      if (this.step >= end) this.pause();
    }, FRAME_MS);
    setText(this.playButton, strings[this.locale].pause);
    this.playButton.classList.add("gb-playing");
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    setText(this.playButton, strings[this.locale].play);
    this.playButton.classList.remove("gb-playing");
  }

  /** Shows the paths up to `step` (what the slider and the animation call). */
  showStep(step: number): Promise<void> {
    const total = this.payload ? maxSteps(this.payload) : 0;
    this.step = Math.max(0, Math.min(total, Math.round(step)));
    this.followEnd = this.step === total;
    if (this.slider.value !== String(this.step)) this.slider.value = String(this.step);
    return this.requestDraw();
  }

  /** Draws now, or once more after the draw in progress (frames never queue up). */
  private requestDraw(): Promise<void> {
    if (this.drawing) {
      this.redraw = true;
      return this.drawing;
    }
    this.drawing = (async () => {
      try {
        do {
          this.redraw = false;
          await this.draw();
        } while (this.redraw);
      } finally {
        this.drawing = undefined;
      }
    })();
    return this.drawing;
  }

  private async draw(): Promise<void> {
    const payload = this.payload;
    if (!payload) return;
    const text = strings[this.locale];
    const total = maxSteps(payload);
    const logColor = this.logColor ?? payload.logColor;
    setText(this.stepText, format(text.stepOf, { step: this.step, total }));
    if (this.slider.value !== String(this.step)) this.slider.value = String(this.step);
    this.fillTable(payload);
    const contourKey = JSON.stringify([logColor, this.locale, this.gridKey]);
    const key = JSON.stringify([this.step, contourKey, themeName(), payload.trajectories, payload.minima]);
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    this.plotly ??= await loadPlotlyInto(this.chart, commonStrings[this.locale].loading);
    // The contour is rebuilt only when the surface or the colour scale changes; each
    // animation frame reuses the same trace object.
    if (this.contour?.key !== contourKey) this.contour = { key: contourKey, trace: contourTrace(payload, { logColor, locale: this.locale }) };
    const options = { step: this.step, logColor, locale: this.locale };
    const surface = buildSurfaceFigure(payload, options, this.contour.trace);
    const schedule = buildScheduleFigure(payload, options);
    await this.plotly.react(this.chart, surface.data, themed(surface.layout), CONFIG);
    await this.plotly.react(this.schedule, schedule.data, themed(schedule.layout), CONFIG);
    this.chart.dataset.step = String(this.step);
  }

  private fillTable(payload: SurfacePayload): void {
    const text = strings[this.locale];
    const head = h("tr", {}, ...[text.label, text.optimizer, text.step, text.atStep, text.rate].map((label) => h("th", {}, label)));
    const rows = payload.trajectories.map((trajectory, i) => {
      const last = trajectory.points.length - 1;
      const k = Math.min(this.step, last);
      return h("tr", { class: `gb-surface-run gb-series-${i}` },
        h("td", {}, trajectory.label),
        h("td", {}, trajectory.optimizer),
        h("td", { class: "gb-number" }, k < this.step ? format(text.finished, { step: last }) : String(k)),
        h("td", { class: "gb-number" }, shortNumber(trajectory.losses?.[k])),
        h("td", { class: "gb-number" }, shortNumber(trajectory.learningRates?.[Math.min(k, (trajectory.learningRates?.length ?? 1) - 1)])));
    });
    replaceChildren(this.table, h("thead", {}, head), h("tbody", {}, ...rows));
  }

  // After a reload a cell off screen is drawn before it has a width (Plotly then assumes 700 px and
  // the chart spills over the schedule and table): fit the charts again once attached or resized.
  protected override onAfterAttach(message: Message): void {
    super.onAfterAttach(message);
    this.fitCharts();
  }

  protected override onResize(message: Widget.ResizeMessage): void {
    super.onResize(message);
    this.fitCharts();
  }

  private fitCharts(): void {
    for (const chart of [this.chart, this.schedule]) if (this.plotly && chart.querySelector(".plot-container")) this.plotly.Plots?.resize(chart);
  }

  override dispose(): void {
    this.pause();
    if (this.plotly && !this.isDisposed) {
      this.plotly.purge(this.chart);
      this.plotly.purge(this.schedule);
    }
    super.dispose();
  }
}
