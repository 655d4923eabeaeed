/**
 * Theme helpers for the browser tests: switch JupyterLab's theme and wait for it, read
 * the colours an element is painted with, and the WCAG contrast of text against the
 * first opaque background behind it.
 * @example await setTheme(lab.page, "JupyterLab Dark"); (await contrastOf(tick)).ratio >= 4.5
 */
import type { Locator, Page } from "playwright-core";
import { until } from "./lab.js";

/** Switches JupyterLab to `theme` and waits until its name is on the body and the views had time to redraw. */
export async function setTheme(page: Page, theme: string): Promise<void> {
  await page.evaluate((theme) => (window as unknown as { jupyterapp: any }).jupyterapp.commands.execute("apputils:change-theme", { theme }), theme);
  await until(`the ${theme} theme`, () => page.evaluate((theme) => document.body.dataset.jpThemeName === theme, theme), 30_000);
  await page.waitForTimeout(1500); // the views redraw on the theme change
}

/** The distinct stroke colours the browser paints the matched elements with (computed style, not attributes). */
export async function strokeColours(elements: Locator): Promise<Set<string>> {
  return new Set(await elements.evaluateAll((nodes) => nodes.map((node) => getComputedStyle(node).stroke)));
}

/** The contrast ratio of an SVG text's fill (or an element's colour) against the first opaque background behind it. */
export async function contrastOf(text: Locator): Promise<{ ratio: number; text: string; background: string }> {
  // A string, not a closure: tsx's helpers (__name) do not exist in the page.
  return text.evaluate((node, script) => (0, eval)(script)(node), CONTRAST_SCRIPT) as Promise<{ ratio: number; text: string; background: string }>;
}

const CONTRAST_SCRIPT = `(node) => {
    const parse = (colour) => (colour.match(/[\\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]) => {
      const channel = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const style = getComputedStyle(node);
    const foreground = node instanceof SVGElement ? style.fill : style.color;
    let background = "rgb(255, 255, 255)";
    for (let element = node; element; element = element.parentElement) {
      const colour = getComputedStyle(element).backgroundColor;
      const [, , , alpha = 1] = parse(colour);
      if (colour && colour !== "transparent" && alpha > 0.5) {
        background = colour;
        break;
      }
    }
    const [a, b] = [luminance(parse(foreground)), luminance(parse(background))];
    return { ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), text: foreground, background };
  }`;
