/**
 * An error catalogue: English message template → its translation. A key is the message as
 * written where it is thrown, each `${…}` replaced by `{0}`, `{1}`, … in source order; the
 * translation uses the same placeholders, in any order.
 *
 * Example: `{ "{0}: inner dimensions differ: a is {1}, b is {2}{3}": "{0}: внутренние размерности не совпадают: a имеет форму {1}, b — {2}{3}" }`.
 */
export type ErrorCatalogue = Readonly<Record<string, string>>;
