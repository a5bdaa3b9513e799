/** Commander helper for repeatable options (`--var a=1 --var b=2`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
