/**
 * Pan and zoom as a viewBox: the part of the graph's plane that the SVG shows. Kept with
 * the element's aspect ratio so one user unit is the same size across and down.
 */
import type { Box, Point } from "./layout.js";

export interface View { x: number; y: number; width: number; height: number }

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 4;

/** Pixels per graph unit for a view drawn into an element `elementWidth` pixels wide. */
export const scaleOf = (view: View, elementWidth: number) => elementWidth / view.width;

/**
 * The view showing `box` whole (with a margin), centred, at most at 1:1.
 * @example fitView({ x: 0, y: 0, width: 400, height: 100 }, 800, 400) // 1:1, centred
 */
export function fitView(box: Box, elementWidth: number, elementHeight: number, margin = 16): View {
  const width = box.width + 2 * margin;
  const height = box.height + 2 * margin;
  const scale = Math.min(1, elementWidth / width, elementHeight / height);
  return centreView({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, Math.max(scale, MIN_SCALE), elementWidth, elementHeight);
}

/** The view at `scale` (pixels per unit) with `centre` in the middle. */
export function centreView(centre: Point, scale: number, elementWidth: number, elementHeight: number): View {
  const width = elementWidth / scale;
  const height = elementHeight / scale;
  return { x: centre.x - width / 2, y: centre.y - height / 2, width, height };
}

/** Zooms by `factor` (> 1 zooms in) keeping the graph point under `at` (pixels in the element) still. */
export function zoomView(view: View, factor: number, at: Point, elementWidth: number, elementHeight: number): View {
  const scale = scaleOf(view, elementWidth);
  const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * factor));
  const anchor = { x: view.x + at.x / scale, y: view.y + at.y / scale };
  return { x: anchor.x - at.x / next, y: anchor.y - at.y / next, width: elementWidth / next, height: elementHeight / next };
}

/** Moves the view by a drag of (dx, dy) pixels: the graph follows the pointer. */
export function panView(view: View, dx: number, dy: number, elementWidth: number): View {
  const scale = scaleOf(view, elementWidth);
  return { ...view, x: view.x - dx / scale, y: view.y - dy / scale };
}

export const viewBoxText = (view: View) => [view.x, view.y, view.width, view.height].map((v) => Number(v.toFixed(2))).join(" ");
