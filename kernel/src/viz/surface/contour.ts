/**
 * Contour lines of a grid by marching squares: line segments per level, for the static
 * SVG of a loss surface (the extension draws filled contours with Plotly).
 */

/** Segments [x1, y1, x2, y2] (grid coordinates: column, row) where z crosses `level`. */
export function contourSegments(z: readonly (readonly number[])[], level: number): number[][] {
  const segments: number[][] = [];
  const rows = z.length;
  const cols = z[0]?.length ?? 0;
  const cross = (a: number, b: number) => (level - a) / (b - a);
  for (let r = 0; r + 1 < rows; r++) {
    for (let c = 0; c + 1 < cols; c++) {
      const [v0, v1, v2, v3] = [z[r]![c]!, z[r]![c + 1]!, z[r + 1]![c + 1]!, z[r + 1]![c]!];
      if (![v0, v1, v2, v3].every(Number.isFinite)) continue;
      // Crossing points on the four edges: bottom (v0–v1), right (v1–v2), top (v3–v2), left (v0–v3).
      const points: [number, number][] = [];
      if (v0 < level !== v1 < level) points.push([c + cross(v0, v1), r]);
      if (v1 < level !== v2 < level) points.push([c + 1, r + cross(v1, v2)]);
      if (v3 < level !== v2 < level) points.push([c + cross(v3, v2), r + 1]);
      if (v0 < level !== v3 < level) points.push([c, r + cross(v0, v3)]);
      if (points.length === 2) segments.push([...points[0]!, ...points[1]!]);
      else if (points.length === 4) segments.push([...points[0]!, ...points[1]!], [...points[2]!, ...points[3]!]);
    }
  }
  return segments;
}

/** `count` contour levels between the grid's min and max: evenly spaced, or geometrically above the minimum when `log`. */
export function contourLevels(min: number, max: number, count: number, log: boolean): number[] {
  if (!(max > min)) return [];
  if (log) {
    // Levels at min + (max − min)·10^(−k…0): dense near the minimum, where trajectories end.
    const span = max - min;
    return Array.from({ length: count }, (_, i) => min + span * 10 ** (-4 + (4 * (i + 1)) / (count + 1)));
  }
  return Array.from({ length: count }, (_, i) => min + ((max - min) * (i + 1)) / (count + 1));
}
