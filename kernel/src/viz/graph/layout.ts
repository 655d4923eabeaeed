/**
 * A layered (Sugiyama-style) layout for the static SVG of a graph: longest-path layers
 * from the inputs down, leaves pulled next to their first use, then a few barycentre
 * sweeps to reduce crossings. The extension lays graphs out with ELK; this only has to
 * give a readable picture for exported notebooks.
 */

export interface LayoutInput {
  ids: readonly string[];
  edges: readonly { from: string; to: string }[];
}

export interface Layout {
  /** Layer (row) and position (column) of each node. */
  layer: Map<string, number>;
  order: Map<string, number>;
  layers: string[][];
}

/**
 * Layers and in-layer order; `ids` must list sources before the nodes that use them
 * (graphOf's order), which makes one forward pass enough for the longest path.
 * @example layeredLayout({ ids: ["a", "b"], edges: [{ from: "a", to: "b" }] }).layer.get("b") // 1
 */
export function layeredLayout({ ids, edges }: LayoutInput): Layout {
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  const succs = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) {
    if (!preds.has(e.to) || !succs.has(e.from) || e.from === e.to) continue;
    preds.get(e.to)!.push(e.from);
    succs.get(e.from)!.push(e.to);
  }
  const layer = new Map<string, number>();
  for (const id of ids) layer.set(id, Math.max(-1, ...preds.get(id)!.map((p) => layer.get(p) ?? 0)) + 1);
  // A source (data, a weight) sits just above its first user instead of at the top.
  for (const id of ids) {
    const users = succs.get(id)!;
    if (preds.get(id)!.length === 0 && users.length > 0) layer.set(id, Math.max(0, Math.min(...users.map((u) => layer.get(u)!)) - 1));
  }
  const depth = Math.max(0, ...layer.values()) + 1;
  const layers: string[][] = Array.from({ length: depth }, () => []);
  for (const id of ids) layers[layer.get(id)!]!.push(id);
  const order = new Map<string, number>();
  const renumber = (row: string[]) => row.forEach((id, i) => order.set(id, i));
  layers.forEach(renumber);
  const barycentre = (id: string, neighbours: Map<string, string[]>) => {
    const ns = neighbours.get(id)!;
    return ns.length === 0 ? order.get(id)! : ns.reduce((s, n) => s + order.get(n)!, 0) / ns.length;
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    const down = sweep % 2 === 0;
    const rows = down ? layers.slice(1) : layers.slice(0, -1).reverse();
    for (const row of rows) {
      const key = new Map(row.map((id) => [id, barycentre(id, down ? preds : succs)]));
      row.sort((a, b) => key.get(a)! - key.get(b)! || order.get(a)! - order.get(b)!);
      renumber(row);
    }
  }
  return { layer, order, layers };
}
