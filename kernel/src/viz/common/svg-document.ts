/**
 * The root of every static SVG fallback. It paints its own light background, so its dark
 * text and lines read the same on JupyterLab's light and dark themes, in an HTML export,
 * and on GitHub's notebook preview (a transparent picture with black text vanished on dark).
 */

/** The background of the fallback pictures (a white card, as matplotlib's figures are). */
export const SVG_BACKGROUND = "#ffffff";

/**
 * An `<svg>` document of the given size around `body` (SVG markup, already escaped).
 * @example svgDocument(100, 40, '<text x="4" y="20">loss</text>')
 */
export function svgDocument(width: number, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">` +
    `<rect width="${width}" height="${height}" fill="${SVG_BACKGROUND}"/>${body}</svg>`
  );
}

/**
 * HTML that shows an SVG picture as an `<img>` with a data: URL. JupyterLab's sanitiser
 * keeps it, so the picture shows in untrusted notebooks too (an inline `<svg>` or an
 * image/svg+xml output is dropped there, leaving only the text form).
 * @example svgImageHtml(lineChartSvg([{ label: "lr", ys }]), "learning rate per step")
 */
export function svgImageHtml(svg: string, alt: string): string {
  const escapedAlt = alt.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<img alt="${escapedAlt}" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}"/>`;
}
