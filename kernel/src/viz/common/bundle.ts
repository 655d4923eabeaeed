/**
 * The shape every view bundle shares: the view's JSON payload under its versioned MIME type,
 * plus the fallbacks that need no extension (SVG drawn here, HTML without script, text).
 */
import type { MimeBundle } from "../../jupyter/display/sink.js";
import { escapeHtml } from "../../jupyter/display/html.js";
import { mimeTypeOf, type PayloadByKind, type ViewKind } from "../payloads.js";

/** A view's MIME bundle: payload, SVG, HTML and plain text. */
export type ViewBundle = MimeBundle;

/**
 * Puts a view's parts together. The HTML shows the SVG inline followed by `htmlExtra`
 * (a small table); `plain` is the text/plain form.
 */
export function viewBundle<K extends ViewKind>(kind: K, payload: PayloadByKind[K], svg: string, htmlExtra: string, plain: string): ViewBundle {
  const html = `<div class="gradbook-${kind}-fallback">${svg}${htmlExtra}</div>`;
  return { [mimeTypeOf(kind)]: payload, "image/svg+xml": svg, "text/html": html, "text/plain": plain };
}

/** A plain HTML table; every cell is text (escaped). Numbers are shortened with formatNumber. */
export function htmlTable(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[], caption?: string): string {
  const cell = (v: string | number | undefined, tag: "td" | "th") => {
    const text = v === undefined ? "" : typeof v === "number" ? formatNumber(v) : v;
    const align = typeof v === "number" ? ' style="text-align:right"' : "";
    return `<${tag}${align}>${escapeHtml(text)}</${tag}>`;
  };
  return (
    `<table class="gradbook-table" style="border-collapse:collapse;font-size:12px;margin-top:4px">` +
    (caption ? `<caption style="text-align:left">${escapeHtml(caption)}</caption>` : "") +
    `<thead><tr>${header.map((h) => cell(h, "th")).join("")}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((v) => cell(v, "td")).join("")}</tr>`).join("")}</tbody></table>`
  );
}

/** A short human form of a number: 4 significant digits, exponent form when tiny or huge. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** A plain-text table with padded columns (for text/plain). */
export function textTable(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  const cells = [header, ...rows].map((r) => r.map((v) => (v === undefined ? "" : typeof v === "number" ? formatNumber(v) : v)));
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? "").length)));
  return cells.map((r) => r.map((v, c) => v.padEnd(widths[c]!)).join("  ").trimEnd()).join("\n");
}
