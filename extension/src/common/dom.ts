/**
 * Building DOM from data without ever parsing HTML: every string becomes a text node, so a
 * label such as `<script>alert(1)</script>` shows as those characters and runs nothing.
 */

export type Child = Node | string | number | null | undefined | false;

/** Attributes `h` sets: `class`, plain attributes (as strings), `style` and event handlers (`on*`). */
export type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)> & {
  style?: Partial<CSSStyleDeclaration> | string;
};

/**
 * Creates an element; strings among the children become text nodes (never HTML).
 * @example h("button", { class: "gb-button", onclick: () => save() }, "Save")
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, ...children);
  return element;
}

/** Sets attributes the way `h` does, on an existing element. */
export function setAttributes(element: HTMLElement, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === "style" && typeof value === "object") Object.assign(element.style, value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value as EventListener);
    else element.setAttribute(name === "className" ? "class" : name, value === true ? "" : String(value));
  }
}

/** Appends children; strings and numbers as text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `parent` (the text-only counterpart of assigning innerHTML). */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

/** Sets an element's text only when it changed, so repeated renders do not touch the DOM. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Creates an SVG element (for small hand-drawn marks; charts use Plotly). */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  append(element, ...children);
  return element;
}
