/**
 * How deep brackets may nest in a template. Every stage after the parsers
 * (conversion, evaluation, validation, formatting, the editor features)
 * walks expressions recursively, as HCL's and Go's own code do; Go's stacks
 * grow, Node's do not. Real templates nest a handful of levels. Past this
 * limit a file is refused with one error at the bracket that crosses it,
 * rather than exhausting the stack somewhere later.
 */
export const MAX_NESTING = 256;

/** Go's text/template wording for the same refusal (its own limit is deeper). */
export const NESTED_TOO_DEEPLY = `max expression depth exceeded: expressions nest more than ${MAX_NESTING} levels deep here`;

export interface Span {
  start: number;
  end: number;
}

/**
 * The first token that opens level MAX_NESTING + 1, or undefined. `delta`
 * says whether a token opens (+1), closes (-1) or neither (0); a stray
 * closer in a broken file never takes the depth below zero.
 */
export function firstTooDeep<T extends Span>(tokens: Iterable<T>, delta: (token: T) => number): T | undefined {
  let depth = 0;
  for (const token of tokens) {
    depth = Math.max(0, depth + delta(token));
    if (depth > MAX_NESTING) return token;
  }
  return undefined;
}

/**
 * False when `text` holds at most MAX_NESTING of the given opening
 * characters in all: then no token that opens with one of them can nest past
 * the limit, and the token walk of {@link firstTooDeep} can be skipped (a
 * full scan of every file otherwise, to find what real files never hold).
 */
export function mayNestTooDeep(text: string, openers: readonly string[]): boolean {
  let count = 0;
  for (const opener of openers) {
    for (let at = text.indexOf(opener); at !== -1; at = text.indexOf(opener, at + 1)) {
      if (++count > MAX_NESTING) return true;
    }
  }
  return false;
}
