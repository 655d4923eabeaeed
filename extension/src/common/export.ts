/** Saving what a view shows: files the browser downloads, and CSV text. */
import { h } from "./dom.js";

/**
 * Starts a download of `content` (a data: URL, or text/Blob) as `filename`.
 * @example download("loss.csv", toCsv([["epoch", "loss"], [1, 0.5]]), "text/csv")
 */
export function download(filename: string, content: string | Blob, type = "text/plain"): void {
  const isDataUrl = typeof content === "string" && content.startsWith("data:");
  const url = isDataUrl ? content : URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = h("a", { href: url, download: filename, style: "display: none" });
  document.body.appendChild(link);
  link.click();
  link.remove();
  if (!isDataUrl) setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * CSV text (RFC 4180 quoting); `undefined` and non-finite numbers become empty cells.
 * @example toCsv([["name", "value"], ["a,b", 1]]) // 'name,value\r\n"a,b",1\r\n'
 */
export function toCsv(rows: readonly (readonly (string | number | undefined | null)[])[]): string {
  const cell = (value: string | number | undefined | null) => {
    if (value === undefined || value === null || (typeof value === "number" && !Number.isFinite(value))) return "";
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** A file-name-safe version of a title: "Run #1 / Adam" → "run-1-adam". */
export function fileStem(title: string | undefined, fallback: string): string {
  const stem = (title ?? "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  return stem || fallback;
}
