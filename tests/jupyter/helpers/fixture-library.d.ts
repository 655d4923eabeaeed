/** The answer, preloaded. */
export declare const fixtureAnswer = 42;
export declare function show(data: Record<string, unknown>, id?: string, update?: boolean): void;
export declare function clear(wait?: boolean): void;
export declare function ask(prompt: string, password?: boolean): Promise<string>;
export declare class Rich {
  readonly label: string;
  constructor(label: string);
}
export declare class Html {
  toHTML(): string;
}
export declare function each<T>(values: T[], f: (value: T) => void): void;
export declare class Gadget {
  /** Spins the gadget. */
  spin(): void;
  /** Rebuilds its state. @internal the library calls it. */
  rebuildInternals(): void;
}
