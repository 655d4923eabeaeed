/**
 * The computation graph: ops as boxes (label, output shapes and dtypes), tensors on the
 * edges, scopes as groups that open and close on a click. The layout (ELK, in a worker)
 * runs only when the visible structure changes; a new payload with the same structure
 * (values, gradient norms after a backward pass) only recolours and updates hover text.
 * Pan and zoom move the SVG's viewBox; the minimap shows where the view is.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import type { GraphPayload } from "gradbook/payloads";
import { GradbookRenderer, format, h, replaceChildren, setText, svg, type Locale, type RenderContext } from "../common/index.js";
import { layoutEngine, layoutGraph, GROUP_HEADER, type Box, type GraphLayout, type Point } from "./layout.js";
import {
  defaultExpanded, gradientColor, gradientScale, groupsAround, indexGraph, outputsText, rampStops, searchNodes, shapeText, shortNumber,
  structureKey, visibleGraph, visibleKeyOf, nodeKey, type GradientScale, type GraphIndex, type VisibleEdge, type VisibleGraph, type VisibleItem,
} from "./model.js";
import { strings } from "./strings.js";
import { centreView, fitView, panView, scaleOf, viewBoxText, zoomView, type View } from "./viewport.js";

const DEFAULT_WIDTH = 800;
const DEFAULT_HEIGHT = 480;
const MINIMAP_WIDTH = 160;
const MINIMAP_HEIGHT = 110;
let gradientIds = 0;

export class GraphRenderer extends GradbookRenderer<"graph"> {
  private locale: Locale = "en";
  private index: GraphIndex | undefined;
  private structure = "";
  private expanded = new Set<string>();
  private visible: VisibleGraph | undefined;
  private graphLayout: GraphLayout | undefined;
  private view: View | undefined;
  private scale: GradientScale | undefined;
  private layoutRun = 0;
  private matches: string[] = [];
  private matchIndex = -1;
  private readonly gradientId = `gb-graph-ramp-${++gradientIds}`;

  private readonly heading = h("div", { class: "gb-graph-heading" });
  private readonly titleText = h("span", { class: "gb-title" });
  private readonly status = h("span", { class: "gb-graph-status" });
  private readonly toolbar = h("div", { class: "gb-toolbar gb-graph-toolbar" });
  private readonly searchInput = h("input", { class: "gb-graph-search", type: "search" });
  private readonly matchText = h("span", { class: "gb-graph-matches" });
  private readonly stage = h("div", { class: "gb-graph-stage" });
  private readonly canvas = svg("svg", { class: "gb-graph-canvas", role: "img", preserveAspectRatio: "xMidYMid meet" });
  private readonly groupLayer = svg("g", { class: "gb-graph-groups" });
  private readonly edgeLayer = svg("g", { class: "gb-graph-edges" });
  private readonly nodeLayer = svg("g", { class: "gb-graph-nodes" });
  private readonly minimap = svg("svg", { class: "gb-graph-minimap", width: MINIMAP_WIDTH, height: MINIMAP_HEIGHT, preserveAspectRatio: "xMidYMid meet" });
  private readonly minimapBoxes = svg("path", { class: "gb-graph-minimap-boxes" });
  private readonly minimapView = svg("rect", { class: "gb-graph-minimap-view" });
  private readonly tooltip = h("div", { class: "gb-graph-tooltip", hidden: true });
  private readonly legend = h("div", { class: "gb-graph-legend", hidden: true });
  private readonly help = h("div", { class: "gb-graph-help" });

  /** Milliseconds the last layout took in ELK (read by the browser tests). */
  lastLayoutMs = 0;

  constructor(options: IRenderMime.IRendererOptions) {
    super("graph", options);
    this.canvas.append(
      svg("defs", {},
        svg("marker", { id: `${this.gradientId}-arrow`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
          svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "gb-graph-arrow" }))),
      this.groupLayer, this.edgeLayer, this.nodeLayer,
    );
    this.minimap.append(this.minimapBoxes, this.minimapView);
    this.stage.append(this.canvas, this.minimap, this.tooltip);
    this.heading.append(this.titleText, this.status);
    this.content.append(this.heading, this.toolbar, this.stage, this.legend, this.help);
    this.wireInteractions();
  }

  protected async render(payload: GraphPayload, context: RenderContext): Promise<void> {
    const localeChanged = this.locale !== context.locale || context.renderCount === 0;
    this.locale = context.locale;
    if (localeChanged) this.buildToolbar();
    const text = strings[this.locale];
    setText(this.titleText, payload.title ?? text.title);
    const structure = structureKey(payload);
    const index = indexGraph(payload);
    this.index = index;
    if (structure !== this.structure || !this.graphLayout) {
      const first = !this.structure;
      this.structure = structure;
      // Keep what the user opened when the graph grows; open a sensible start otherwise.
      const kept = new Set([...this.expanded].filter((key) => index.groups.has(key)));
      this.expanded = first || kept.size === 0 ? defaultExpanded(index) : kept;
      this.matches = searchNodes(index, this.searchInput.value);
      this.matchIndex = -1;
      await this.relayout({ fit: first });
    } else {
      // Same boxes: only values and gradient norms changed.
      this.visible = visibleGraph(index, this.expanded);
      this.drawEdges();
      if (localeChanged) this.drawBoxes();
    }
    this.updateStatus();
  }

  /** Lays out the visible graph again and redraws; an older layout still running is dropped. */
  private async relayout(options: { fit?: boolean; focus?: string } = {}): Promise<void> {
    const index = this.index;
    if (!index) return;
    const run = ++this.layoutRun;
    const visible = visibleGraph(index, this.expanded);
    const text = strings[this.locale];
    this.stage.classList.add("gb-graph-busy");
    setText(this.status, text.layingOut);
    const layout = await layoutGraph(visible, (count) => format(text.groupSize, { count }));
    if (run !== this.layoutRun) return;
    this.stage.classList.remove("gb-graph-busy");
    this.visible = visible;
    this.graphLayout = layout;
    this.lastLayoutMs = layout.ms;
    this.stage.dataset.layoutMs = layout.ms.toFixed(1);
    this.stage.dataset.boxes = String(visible.boxCount);
    this.drawBoxes();
    this.drawEdges();
    this.drawMinimap();
    const size = this.elementSize();
    const focusBox = options.focus ? layout.boxes.get(options.focus) : undefined;
    if (options.fit || !this.view) this.setView(this.initialView(layout, size));
    else if (focusBox) this.setView(centreView(centreOf(focusBox), scaleOf(this.view, size.width), size.width, size.height));
    else this.setView(this.view);
    this.updateStatus();
  }

  /** The whole graph when it fits readably; else its top, at a readable scale. */
  private initialView(layout: GraphLayout, size: { width: number; height: number }): View {
    const whole = fitView({ x: 0, y: 0, width: layout.width, height: layout.height }, size.width, size.height);
    // Below this scale the 12 px labels shrink under ~10 px: show the top of the graph instead.
    const readable = 0.85;
    if (scaleOf(whole, size.width) >= readable) return whole;
    return { ...centreView({ x: layout.width / 2, y: 0 }, readable, size.width, size.height), y: 0 };
  }

  private elementSize(): { width: number; height: number } {
    return { width: this.canvas.clientWidth || DEFAULT_WIDTH, height: this.canvas.clientHeight || DEFAULT_HEIGHT };
  }

  private setView(view: View): void {
    this.view = view;
    this.canvas.setAttribute("viewBox", viewBoxText(view));
    for (const [name, value] of Object.entries({ x: view.x, y: view.y, width: view.width, height: view.height })) this.minimapView.setAttribute(name, value.toFixed(1));
  }

  private updateStatus(): void {
    const text = strings[this.locale];
    const index = this.index;
    if (!index) return;
    const parts = [
      format(text.summary, { nodes: index.nodes.size, edges: index.payload.edges.length, groups: index.groups.size }),
      this.visible ? format(text.showing, { boxes: this.visible.boxCount }) : "",
      this.graphLayout ? format(text.layoutTime, { ms: Math.round(this.graphLayout.ms), where: layoutEngine().where }) : "",
    ];
    setText(this.status, parts.filter(Boolean).join(" · "));
  }

  private buildToolbar(): void {
    const text = strings[this.locale];
    this.searchInput.setAttribute("placeholder", text.searchPlaceholder);
    this.searchInput.setAttribute("aria-label", text.search);
    this.canvas.setAttribute("aria-label", text.title);
    this.minimap.setAttribute("aria-label", text.minimap);
    replaceChildren(this.minimap, svg("title", {}, text.minimap), this.minimapBoxes, this.minimapView);
    const button = (label: string, className: string, action: () => void) => h("button", { class: `gb-button ${className}`, type: "button", onclick: action }, label);
    replaceChildren(this.toolbar,
      h("label", {}, `${text.search} `, this.searchInput), this.matchText,
      button(text.expandAll, "gb-graph-expand-all", () => this.setExpanded(new Set(this.index?.groups.keys() ?? []))),
      // Collapsing leaves a small graph: fit it to the canvas.
      button(text.collapseAll, "gb-graph-collapse-all", () => void this.setExpanded(new Set()).then(() => this.fitWhole())),
      button(text.fit, "gb-graph-fit", () => this.fitWhole()),
    );
    setText(this.help, text.help);
    setText(this.legend, "");
    this.updateMatches();
  }

  private fitWhole(): void {
    if (!this.graphLayout) return;
    const size = this.elementSize();
    this.setView(fitView({ x: 0, y: 0, width: this.graphLayout.width, height: this.graphLayout.height }, size.width, size.height));
  }

  private setExpanded(expanded: Set<string>, focus?: string): Promise<void> {
    this.expanded = expanded;
    return this.relayout({ focus }).catch((error: unknown) => this.showError(String(error), this.locale));
  }

  /** Opens or closes a group (the click on a group box or header). */
  toggleGroup(key: string): Promise<void> {
    const expanded = new Set(this.expanded);
    if (expanded.has(key)) {
      for (const open of [...expanded]) if (open === key || this.isInside(open, key)) expanded.delete(open);
    } else expanded.add(key);
    return this.setExpanded(expanded, key);
  }

  private isInside(groupKey: string, ancestor: string): boolean {
    for (let key = this.index?.groups.get(groupKey)?.parent; key; key = this.index?.groups.get(key)?.parent) if (key === ancestor) return true;
    return false;
  }

  // ---- drawing -------------------------------------------------------------------------

  private drawBoxes(): void {
    const visible = this.visible;
    const layout = this.graphLayout;
    if (!visible || !layout) return;
    const text = strings[this.locale];
    const outputs = new Set(this.index?.payload.outputs ?? []);
    const groups: SVGGElement[] = [];
    const boxes: SVGGElement[] = [];
    for (const item of visible.items.values()) {
      const box = layout.boxes.get(item.key);
      if (!box) continue;
      if (item.kind === "group" && item.expanded) groups.push(this.drawExpandedGroup(item, box));
      else boxes.push(item.kind === "group" ? this.drawCollapsedGroup(item, box, text) : this.drawNode(item, box, outputs.has(item.node!.id)));
    }
    replaceChildren(this.groupLayer, ...groups);
    replaceChildren(this.nodeLayer, ...boxes);
    this.markMatches();
  }

  private drawNode(item: VisibleItem, box: Box, isOutput: boolean): SVGGElement {
    const node = item.node!;
    const classes = ["gb-graph-node", node.kind === "leaf" ? "gb-graph-leaf" : "gb-graph-op", isOutput ? "gb-graph-output" : ""].filter(Boolean).join(" ");
    return svg("g", { class: classes, "data-key": item.key, "data-id": node.id, transform: `translate(${box.x} ${box.y})` },
      svg("rect", { width: box.width, height: box.height, rx: node.kind === "leaf" ? 12 : 3 }),
      svg("text", { x: box.width / 2, y: 15, class: "gb-graph-label" }, node.label),
      svg("text", { x: box.width / 2, y: 30, class: "gb-graph-shape" }, outputsText(node)),
    );
  }

  private drawCollapsedGroup(item: VisibleItem, box: Box, text: (typeof strings)["en"]): SVGGElement {
    const group = item.group!;
    return svg("g", { class: "gb-graph-group gb-graph-collapsed", "data-key": item.key, transform: `translate(${box.x} ${box.y})`, role: "button" },
      svg("title", {}, `${text.expand}: ${group.path.join(" / ")}`),
      svg("rect", { class: "gb-graph-group-shadow", x: 3, y: 3, width: box.width, height: box.height, rx: 5 }),
      svg("rect", { width: box.width, height: box.height, rx: 5 }),
      svg("text", { x: box.width / 2, y: 16, class: "gb-graph-label" }, `⊞ ${group.name}`),
      svg("text", { x: box.width / 2, y: 32, class: "gb-graph-shape" }, format(text.groupSize, { count: group.size })),
    );
  }

  private drawExpandedGroup(item: VisibleItem, box: Box): SVGGElement {
    const group = item.group!;
    const text = strings[this.locale];
    return svg("g", { class: "gb-graph-group gb-graph-expanded", "data-key": item.key, transform: `translate(${box.x} ${box.y})` },
      svg("rect", { class: "gb-graph-group-frame", width: box.width, height: box.height, rx: 6 }),
      svg("g", { class: "gb-graph-group-header", role: "button" },
        svg("title", {}, `${text.collapse}: ${group.path.join(" / ")}`),
        svg("rect", { width: box.width, height: GROUP_HEADER, rx: 6 }),
        svg("text", { x: 8, y: 16, class: "gb-graph-group-name" }, `⊟ ${group.name}`)),
    );
  }

  private drawEdges(): void {
    const visible = this.visible;
    const layout = this.graphLayout;
    if (!visible || !layout) return;
    this.scale = gradientScale(visible.edges);
    const paths: SVGPathElement[] = [];
    for (const edge of visible.edges) {
      const points = layout.edges.get(edge.key);
      if (!points || points.length < 2) continue;
      const attributes: Record<string, string | number> = {
        class: edge.gradNorm !== undefined && this.scale ? "gb-graph-edge gb-graph-edge-grad" : "gb-graph-edge",
        d: points.map((point, i) => `${i ? "L" : "M"} ${point.x.toFixed(1)} ${point.y.toFixed(1)}`).join(" "),
        "data-edge": edge.key,
        "marker-end": `url(#${this.gradientId}-arrow)`,
        "stroke-width": (1.2 + Math.log2(edge.count) * 0.6).toFixed(2),
      };
      if (edge.gradNorm !== undefined && this.scale) attributes.stroke = gradientColor(edge.gradNorm, this.scale);
      paths.push(svg("path", attributes));
    }
    replaceChildren(this.edgeLayer, ...paths);
    this.drawLegend();
  }

  private drawLegend(): void {
    const scale = this.scale;
    this.legend.hidden = !scale;
    if (!scale) return replaceChildren(this.legend);
    const text = strings[this.locale];
    const stops = rampStops();
    const bar = svg("svg", { class: "gb-graph-legend-bar", width: 160, height: 12 },
      svg("defs", {}, svg("linearGradient", { id: this.gradientId },
        ...stops.map((colour, i) => svg("stop", { offset: `${(100 * i) / (stops.length - 1)}%`, "stop-color": colour })))),
      svg("rect", { width: 160, height: 12, fill: `url(#${this.gradientId})` }));
    replaceChildren(this.legend,
      h("span", { class: "gb-graph-legend-title" }, text.legend),
      h("span", { class: "gb-graph-legend-min" }, shortNumber(scale.min)), bar, h("span", { class: "gb-graph-legend-max" }, shortNumber(scale.max)));
  }

  private drawMinimap(): void {
    const layout = this.graphLayout;
    if (!layout) return;
    this.minimap.setAttribute("viewBox", `0 0 ${Math.max(1, layout.width).toFixed(1)} ${Math.max(1, layout.height).toFixed(1)}`);
    // One path for every box keeps a 1000-node minimap cheap.
    let d = "";
    for (const [key, box] of layout.boxes) {
      const item = this.visible?.items.get(key);
      if (item?.kind === "group" && item.expanded) continue;
      d += `M${box.x.toFixed(0)} ${box.y.toFixed(0)}h${box.width.toFixed(0)}v${box.height.toFixed(0)}h${(-box.width).toFixed(0)}z`;
    }
    this.minimapBoxes.setAttribute("d", d);
  }

  // ---- search ----------------------------------------------------------------------------

  private updateMatches(): void {
    const text = strings[this.locale];
    const query = this.searchInput.value.trim();
    if (!query) setText(this.matchText, "");
    else if (this.matches.length === 0) setText(this.matchText, text.noMatch);
    else setText(this.matchText, format(text.matches, { current: this.matchIndex >= 0 ? this.matchIndex + 1 : "–", total: this.matches.length }));
  }

  /** Highlights boxes holding a match; the current match gets its own mark. */
  private markMatches(): void {
    const index = this.index;
    if (!index) return;
    const holding = new Set(this.matches.map((id) => visibleKeyOf(index, this.expanded, id)));
    const current = this.matchIndex >= 0 ? nodeKey(this.matches[this.matchIndex]!) : undefined;
    for (const element of this.nodeLayer.children) {
      const key = element.getAttribute("data-key") ?? "";
      element.classList.toggle("gb-graph-match", holding.has(key));
      element.classList.toggle("gb-graph-current", key === current);
    }
  }

  /** Finds nodes by name; `next` moves to the next match, opening its groups and centring it. */
  async search(query: string, next = true): Promise<void> {
    const index = this.index;
    if (!index) return;
    if (this.searchInput.value !== query) this.searchInput.value = query;
    const matches = searchNodes(index, query);
    const same = matches.length === this.matches.length && matches.every((id, i) => id === this.matches[i]);
    this.matches = matches;
    if (!same) this.matchIndex = -1;
    if (next && matches.length > 0) {
      this.matchIndex = (this.matchIndex + 1) % matches.length;
      const id = matches[this.matchIndex]!;
      const closed = groupsAround(index, id).filter((key) => !this.expanded.has(key));
      if (closed.length > 0) await this.setExpanded(new Set([...this.expanded, ...closed]));
      const box = this.graphLayout?.boxes.get(nodeKey(id));
      if (box && this.view) {
        const size = this.elementSize();
        this.setView(centreView(centreOf(box), Math.max(scaleOf(this.view, size.width), 0.8), size.width, size.height));
      }
    }
    this.markMatches();
    this.updateMatches();
  }

  // ---- interaction -----------------------------------------------------------------------

  private wireInteractions(): void {
    this.searchInput.addEventListener("input", () => void this.search(this.searchInput.value, false));
    this.searchInput.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        void this.search(this.searchInput.value, true);
      }
    });
    let drag: { x: number; y: number; moved: boolean } | undefined;
    this.canvas.addEventListener("pointerdown", (event) => {
      drag = { x: event.clientX, y: event.clientY, moved: false };
    });
    this.canvas.addEventListener("pointermove", (event) => {
      if (drag && this.view && (event.buttons & 1) === 1) {
        const dx = event.clientX - drag.x;
        const dy = event.clientY - drag.y;
        if (drag.moved || Math.abs(dx) + Math.abs(dy) > 3) {
          drag.moved = true;
          this.canvas.setPointerCapture?.(event.pointerId);
          this.setView(panView(this.view, dx, dy, this.elementSize().width));
          drag.x = event.clientX;
          drag.y = event.clientY;
        }
      }
    });
    const endDrag = () => setTimeout(() => (drag = undefined), 0);
    this.canvas.addEventListener("pointerup", endDrag);
    this.canvas.addEventListener("pointercancel", endDrag);
    this.canvas.addEventListener("wheel", (event) => {
      if (!this.view) return;
      event.preventDefault();
      const rect = this.canvas.getBoundingClientRect();
      const size = this.elementSize();
      const at = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      this.setView(zoomView(this.view, Math.exp(-event.deltaY * 0.0006), at, size.width, size.height));
    }, { passive: false });
    this.canvas.addEventListener("click", (event) => {
      if (drag?.moved) return;
      const target = (event.target as Element).closest?.(".gb-graph-collapsed, .gb-graph-group-header");
      const key = target?.closest("[data-key]")?.getAttribute("data-key");
      if (key) void this.toggleGroup(key);
    });
    this.canvas.addEventListener("mouseover", (event) => this.showTooltip(event));
    this.canvas.addEventListener("mousemove", (event) => this.moveTooltip(event));
    this.canvas.addEventListener("mouseleave", () => (this.tooltip.hidden = true));
    const moveTo = (event: MouseEvent) => {
      if (!this.graphLayout || !this.view) return;
      const rect = this.minimap.getBoundingClientRect();
      const scale = Math.min(MINIMAP_WIDTH / Math.max(1, this.graphLayout.width), MINIMAP_HEIGHT / Math.max(1, this.graphLayout.height));
      const offsetX = (MINIMAP_WIDTH - this.graphLayout.width * scale) / 2;
      const offsetY = (MINIMAP_HEIGHT - this.graphLayout.height * scale) / 2;
      const point = { x: (event.clientX - rect.left - offsetX) / scale, y: (event.clientY - rect.top - offsetY) / scale };
      const size = this.elementSize();
      this.setView(centreView(point, scaleOf(this.view, size.width), size.width, size.height));
    };
    this.minimap.addEventListener("pointerdown", (event) => {
      event.stopPropagation();
      moveTo(event);
    });
    this.minimap.addEventListener("pointermove", (event) => {
      if ((event.buttons & 1) === 1) moveTo(event);
    });
  }

  private showTooltip(event: MouseEvent): void {
    const target = event.target as Element;
    const lines = this.describe(target);
    if (!lines) {
      this.tooltip.hidden = true;
      return;
    }
    replaceChildren(this.tooltip, ...lines.map((line, i) => h("div", { class: i === 0 ? "gb-graph-tooltip-title" : "gb-graph-tooltip-line" }, line)));
    this.tooltip.hidden = false;
    this.moveTooltip(event);
  }

  private moveTooltip(event: MouseEvent): void {
    if (this.tooltip.hidden) return;
    const rect = this.stage.getBoundingClientRect();
    this.tooltip.style.left = `${event.clientX - rect.left + 14}px`;
    this.tooltip.style.top = `${event.clientY - rect.top + 14}px`;
  }

  /** The hover text of a box or an edge: lines, the first one a title. */
  describe(target: Element): string[] | undefined {
    const text = strings[this.locale];
    const edgeKey = target.closest?.("[data-edge]")?.getAttribute("data-edge");
    if (edgeKey) {
      const edge = this.visible?.edges.find((candidate) => candidate.key === edgeKey);
      return edge ? describeEdge(edge, text, this.visible!) : undefined;
    }
    const key = target.closest?.("[data-key]")?.getAttribute("data-key");
    const item = key ? this.visible?.items.get(key) : undefined;
    if (!item) return undefined;
    if (item.kind === "group") {
      const group = item.group!;
      return [`${text.group}: ${group.path.join(" / ")}`, format(text.groupSize, { count: group.size }), item.expanded ? text.collapse : text.expand];
    }
    const node = item.node!;
    const lines = [`${node.label} (${node.op})`];
    if (Array.isArray(node.scope) && node.scope.length) lines.push(`${text.scope}: ${node.scope.join(" / ")}`);
    for (const output of Array.isArray(node.outputs) ? node.outputs : []) lines.push(`${text.outputs}: ${shapeText(output.shape)} ${output.dtype}`);
    if ((this.index?.payload.outputs ?? []).includes(node.id)) lines.push(text.outputNode);
    const value = node.value;
    if (!value && this.index?.payload.symbolicInputs && node.kind === "op") lines.push(text.symbolic);
    if (value && typeof value === "object") {
      if (Array.isArray(value.values)) {
        const shown = value.values.slice(0, 16).map(shortNumber).join(", ");
        lines.push(`${text.values}: [${shown}${value.values.length > 16 ? ", …" : ""}]`);
      }
      lines.push(format(text.stats, { min: shortNumber(value.min), max: shortNumber(value.max), mean: shortNumber(value.mean), std: shortNumber(value.std) }));
    }
    const attrs = node.attrs && typeof node.attrs === "object" ? Object.entries(node.attrs) : [];
    if (attrs.length) lines.push(`${text.attrs}: ${attrs.map(([name, v]) => `${name}=${JSON.stringify(v)}`).join(", ").slice(0, 200)}`);
    return lines;
  }
}

function describeEdge(edge: VisibleEdge, text: (typeof strings)["en"], visible: VisibleGraph): string[] {
  const name = (key: string) => {
    const item = visible.items.get(key);
    return item?.kind === "node" ? item.node!.label : item?.group?.name ?? key;
  };
  const lines = [`${name(edge.from)} → ${name(edge.to)}`, `${edge.count > 1 ? format(text.tensors, { count: edge.count }) : text.tensor}: ${shapeText(edge.shape)} ${edge.dtype}`];
  if (edge.gradNorm !== undefined) lines.push(`${text.gradNorm}: ${shortNumber(edge.gradNorm)}`);
  return lines;
}

const centreOf = (box: Box): Point => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
