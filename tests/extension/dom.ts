/**
 * A jsdom window as the global browser environment for renderer tests. Import this module
 * first in a test file (before anything from extension/src): Lumino reads `navigator`
 * and `document` when its modules load.
 */
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true, url: "http://localhost/" });
const window = dom.window as unknown as Window & typeof globalThis;
const names = [
  "window", "document", "navigator", "Node", "Element", "HTMLElement", "HTMLDivElement", "HTMLInputElement", "HTMLSelectElement",
  "SVGElement", "Event", "KeyboardEvent", "MouseEvent", "CustomEvent", "MutationObserver", "getComputedStyle", "requestAnimationFrame",
  "cancelAnimationFrame", "DOMParser",
] as const;
for (const name of names) {
  Object.defineProperty(globalThis, name, { value: name === "window" ? window : (window as unknown as Record<string, unknown>)[name], configurable: true, writable: true });
}
// Lumino's drag-and-drop module subclasses DragEvent when it loads; jsdom has none.
const windowGlobals = window as unknown as Record<string, unknown>;
windowGlobals.DragEvent ??= class DragEvent extends window.MouseEvent {};
Object.defineProperty(globalThis, "DragEvent", { value: windowGlobals.DragEvent, configurable: true, writable: true });
// Blob and URL.createObjectURL stay Node's own (download() uses them; jsdom has no object URLs).

export { dom };
