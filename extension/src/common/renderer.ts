/**
 * The base class of every gradbook MIME renderer. It reads the view's JSON from the
 * model, validates it with the shared payload contract, and hands a checked payload to
 * the view's `render`; a malformed or future-version payload shows an error box with the
 * reason instead. Live views get `renderModel` again for every `update_display_data`
 * (about 4 Hz, full state each time): renders run one at a time and only the latest
 * waiting model is drawn, so a slow render never queues up stale frames.
 */
import { Widget } from "@lumino/widgets";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { mimeTypeOf, validatePayload, type PayloadByKind, type ViewKind } from "gradbook/payloads";
import { h, replaceChildren, setText } from "./dom.js";
import { commonStrings, format, pickLocale, type Locale } from "./strings.js";
import { onThemeChange } from "./theme.js";

/** What a view's `render` receives besides the payload. */
export interface RenderContext {
  locale: Locale;
  /** Whether the notebook is trusted; the views render the same either way (data only). */
  trusted: boolean;
  /** How many times this renderer has drawn a valid payload before (0 on the first). */
  renderCount: number;
}

export abstract class GradbookRenderer<K extends ViewKind> extends Widget implements IRenderMime.IRenderer {
  /** The element a view draws into; kept across renders so updates happen in place. */
  protected readonly content: HTMLDivElement;
  private readonly errorBox: HTMLDivElement;
  private readonly translator?: IRenderMime.ITranslator;
  private pending: IRenderMime.IMimeModel | undefined;
  private last: IRenderMime.IMimeModel | undefined;
  private readonly stopThemeWatch: () => void;
  private running: Promise<void> | undefined;
  private renders = 0;

  constructor(
    readonly kind: K,
    options: IRenderMime.IRendererOptions,
  ) {
    super();
    this.translator = options.translator;
    this.addClass("gb-view");
    this.addClass(`gb-view-${kind}`);
    this.content = h("div", { class: "gb-view-content" });
    this.errorBox = h("div", { class: "gb-error", role: "alert", hidden: true });
    this.node.append(this.errorBox, this.content);
    // Colours come from the theme: draw the last model again in the new one.
    this.stopThemeWatch = onThemeChange(() => {
      if (this.last && !this.isDisposed) void this.renderModel(this.last);
    });
  }

  /** The MIME type this renderer reads. */
  get mimeType(): string {
    return mimeTypeOf(this.kind);
  }

  /**
   * Draws the model's payload. Safe to call again at any rate: while a render runs, the
   * newest model waits and earlier waiting ones are dropped (latest wins); the returned
   * promise settles once the newest model known at that point has been drawn.
   */
  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.pending = model;
    this.last = model;
    this.running ??= this.drain();
    return this.running;
  }

  /** Draws a checked payload into `this.content`, updating what is there when it can. */
  protected abstract render(payload: PayloadByKind[K], context: RenderContext): void | Promise<void>;

  override dispose(): void {
    this.stopThemeWatch();
    super.dispose();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const model = this.pending;
        this.pending = undefined;
        await this.renderOne(model);
      }
    } finally {
      this.running = undefined;
    }
  }

  private async renderOne(model: IRenderMime.IMimeModel): Promise<void> {
    const started = performance.now();
    await this.renderChecked(model);
    // Exposed for the browser benchmark: the time one update took, from JSON to pixels queued.
    this.node.dataset.renderMs = (performance.now() - started).toFixed(2);
    this.node.dataset.renderCount = String(Number(this.node.dataset.renderCount ?? 0) + 1);
  }

  private async renderChecked(model: IRenderMime.IMimeModel): Promise<void> {
    const data = model.data[this.mimeType];
    const locale = pickLocale(isRecord(data) ? data.locale : undefined, this.translator);
    const checked = validatePayload(this.kind, data, locale);
    if (!checked.ok) {
      this.showError(checked.reason, locale);
      return;
    }
    try {
      await this.render(checked.payload, { locale, trusted: model.trusted, renderCount: this.renders });
      this.renders += 1;
      this.hideError();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.showError(format(commonStrings[locale].renderFailed, { kind: this.kind, message }), locale);
    }
  }

  /** Shows the error box (text only) and hides the view until a valid payload arrives. */
  protected showError(reason: string, locale: Locale): void {
    replaceChildren(this.errorBox, h("strong", {}, commonStrings[locale].errorTitle), h("div", { class: "gb-error-reason" }, reason));
    this.errorBox.hidden = false;
    this.content.hidden = true;
  }

  private hideError(): void {
    if (this.errorBox.hidden) return;
    this.errorBox.hidden = true;
    setText(this.errorBox, "");
    this.content.hidden = false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
