/**
 * Remembers the code of every cell this kernel ran, under the script name its stack
 * frames carry (`cell[3]`), and rewrites stack traces so frames in cells show the
 * cell's own TypeScript line and column. Installed as `Error.prepareStackTrace`, so
 * every `error.stack` is right: in tracebacks, in errors printed by user code, and in
 * library messages that point at "the line of the user's cell".
 *
 * Example:
 *   const cells = new CellRegistry();
 *   const name = cells.begin("throw new Error('x')", 3);  // "cell[3]"
 *   cells.compiled(name, js, prefixLength);
 *   cells.installStackTraces();
 */
import { createPositionMap, type CellPosition } from "./positions.js";

interface CellRecord {
  name: string;
  source: string;
  javascript?: string;
  /** Characters tslab's executor puts before the first line of the JavaScript. */
  prefixLength: number;
  lineCount?: number;
  map?: (line: number, column: number) => CellPosition | undefined;
}

/** Matches `cell[3]:12:5` and `cell[~7]:1:1` in stack text. */
export const CELL_FRAME = /(cell\[~?\d+\]):(\d+):(\d+)/;

export class CellRegistry {
  private readonly cells = new Map<string, CellRecord>();
  private current: CellRecord | undefined;
  private runs = 0;

  /**
   * Registers code about to run and returns its script name: `cell[N]` for a cell with
   * execution count N, `cell[~K]` for code that has none (silent runs, the prelude).
   */
  begin(source: string, executionCount: number | undefined): string {
    this.runs++;
    const name = executionCount === undefined ? `cell[~${this.runs}]` : `cell[${executionCount}]`;
    this.current = { name, source, prefixLength: 0 };
    this.cells.set(name, this.current);
    return name;
  }

  /** Name of the code that is being compiled right now. */
  get currentName(): string | undefined {
    return this.current?.name;
  }

  /** Records the JavaScript that will actually run for the current cell. */
  compiled(javascript: string, prefixLength: number): void {
    if (!this.current) return;
    this.current.javascript = javascript;
    this.current.prefixLength = prefixLength;
    this.current.map = undefined;
    this.current.lineCount = undefined;
  }

  /** The cell's TypeScript source, e.g. for a source excerpt under an error. */
  source(name: string): string | undefined {
    return this.cells.get(name)?.source;
  }

  /** Maps a position in a cell's script (as V8 reports it) to the cell's TypeScript. */
  locate(name: string, line: number, column: number): CellPosition | undefined {
    const cell = this.cells.get(name);
    if (!cell?.javascript) return undefined;
    if (this.isWrapperLine(cell, line)) return undefined;
    cell.map ??= createPositionMap(cell.source, cell.javascript);
    return cell.map(line, line === 1 ? column - cell.prefixLength : column);
  }

  /** The lines after the cell's own code are tslab's wrapper call: not the user's code. */
  private isWrapperLine(cell: CellRecord, line: number): boolean {
    cell.lineCount ??= cell.javascript!.split("\n").length;
    return line > cell.lineCount;
  }

  /** Whether a frame at `line` of script `name` is tslab's wrapper rather than cell code. */
  isWrapperFrame(name: string, line: number): boolean {
    const cell = this.cells.get(name);
    return cell?.javascript !== undefined && this.isWrapperLine(cell, line);
  }

  /** Installs the stack formatter; other scripts' frames are left as V8 writes them. */
  installStackTraces(): void {
    Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
      let header: string;
      try {
        header = Error.prototype.toString.call(error);
      } catch {
        header = "Error";
      }
      const lines: string[] = [];
      for (const frame of frames) {
        let text: string;
        try {
          text = String(frame);
        } catch {
          lines.push("    at <unknown>");
          continue;
        }
        const match = CELL_FRAME.exec(text);
        if (match) {
          if (this.isWrapperFrame(match[1]!, Number(match[2]))) continue;
          const position = this.locate(match[1]!, Number(match[2]), Number(match[3]));
          if (position) text = text.replace(match[0], `${match[1]}:${position.line}:${position.column}`);
          // A function from an earlier cell is called through tslab's exports proxy: V8 names it `Proxy.f`.
          text = text.replace(/^(async )?Proxy\./, "$1");
        }
        lines.push(`    at ${text}`);
      }
      return [header, ...lines].join("\n");
    };
  }
}
