/**
 * This session's input history for history_request: tail, range and search.
 * The session is numbered 1; session 0 and negative numbers (IPython's "current" and
 * "earlier sessions") refer to it or to nothing, since history is not kept on disk.
 *
 * Example: `history.add(1, "1 + 1"); history.reply({ hist_access_type: "tail", n: 10 })`.
 */

type Entry = [session: number, line: number, input: string | [string, string | null]];

export interface HistoryQuery {
  hist_access_type?: string;
  output?: boolean;
  raw?: boolean;
  session?: number;
  start?: number;
  stop?: number | null;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

const SESSION = 1;

export class History {
  private readonly inputs: Array<{ line: number; input: string }> = [];

  /** Records the code of execution `line`. */
  add(line: number, input: string): void {
    this.inputs.push({ line, input });
  }

  /** The content of a history_reply. */
  reply(query: HistoryQuery): { status: "ok"; history: Entry[] } {
    return { status: "ok", history: this.select(query).map(({ line, input }) => [SESSION, line, query.output ? [input, null] : input]) };
  }

  private select(query: HistoryQuery): Array<{ line: number; input: string }> {
    switch (query.hist_access_type) {
      case "tail":
        return query.n ? this.inputs.slice(-query.n) : this.inputs.slice();
      case "range": {
        const session = query.session ?? 0;
        if (session !== 0 && session !== SESSION) return [];
        const start = query.start ?? 0;
        const stop = query.stop ?? Number.POSITIVE_INFINITY;
        return this.inputs.filter(({ line }) => line >= start && line < stop);
      }
      case "search": {
        const pattern = globToRegExp(query.pattern ?? "*");
        let found = this.inputs.filter(({ input }) => pattern.test(input));
        if (query.unique) {
          const seen = new Set<string>();
          found = found.reverse().filter(({ input }) => !seen.has(input) && seen.add(input)).reverse();
        }
        return query.n ? found.slice(-query.n) : found;
      }
      default:
        return [];
    }
  }
}

/** IPython's search patterns are globs (`*` and `?`) matched against the whole input. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${escaped}$`);
}
