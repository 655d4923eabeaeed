// What `npm run lab` shows of JupyterLab's log (its stderr): error and critical records
// with their continuation lines (tracebacks), never the info and warning records a
// newcomer cannot act on (jupyter_lsp's list of language servers not installed, extension
// loading, kernel starts). The URL is handed to `onUrl` once; the "To access the server"
// block it comes in (logged at critical level) is not repeated.

const URL_PATTERN = /https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?\/lab(?:\?token=\w+)?/;
// A record starts with "[I 2026-12-04 17:02:08.123 ServerApp]" (D, I, W, E or C).
const RECORD = /^\[([DIWEC]) \d{4}-\d\d-\d\d/;
const QUIET_MS = 200;

/**
 * A filter for JupyterLab's stderr: feed it chunks; it writes the records worth showing
 * with `write` and calls `onUrl(url)` for the first URL it sees.
 * @example lab.stderr.on("data", jupyterLogFilter((text) => process.stderr.write(text), (url) => console.log(url)));
 */
export function jupyterLogFilter(write, onUrl) {
  let pending = "";
  let record = []; // the lines of the record being read
  let announced = false;
  let timer;
  const flush = () => {
    clearTimeout(timer);
    const level = RECORD.exec(record[0] ?? "")?.[1];
    const text = record.join("\n");
    const url = URL_PATTERN.exec(text);
    if (url && !announced) {
      announced = true;
      onUrl(url[0]);
    }
    // Lines before the first record (a Python traceback at start-up) count as an error.
    if ((level === "E" || level === "C" || (level === undefined && text.trim())) && !/To access the server|received signal \d+, stopping/.test(text)) write(`${text}\n`);
    record = [];
  };
  return (chunk) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (RECORD.test(line)) flush();
      record.push(line);
    }
    // A record ends at the next one, or once the log has been quiet for a moment.
    clearTimeout(timer);
    timer = setTimeout(flush, QUIET_MS);
  };
}
