/**
 * The values of locals, computed on first use so that each local is
 * evaluated after the locals it refers to (dependency order), and once.
 */
import type { LocalDecl } from '../configuration-model.js';
import type { Value } from '../evaluation-model.js';
import { UNKNOWN } from './value.js';

/** Locals by name, evaluated lazily; cycles (found beforehand) are UNKNOWN. */
export class LocalValues {
  readonly values = new Map<string, Value>();
  private readonly decls = new Map<string, LocalDecl>();
  private readonly inProgress = new Set<string>();
  private readonly cyclic = new Set<string>();
  private compute: (decl: LocalDecl) => Value = () => UNKNOWN;

  constructor(decls: LocalDecl[]) {
    for (const decl of decls) if (!this.decls.has(decl.name)) this.decls.set(decl.name, decl);
  }

  start(compute: (decl: LocalDecl) => Value): void {
    this.compute = compute;
  }

  markCyclic(names: string[]): void {
    for (const name of names) {
      this.cyclic.add(name);
      this.values.set(name, UNKNOWN);
    }
  }

  names(): string[] {
    return [...this.decls.keys()];
  }

  /** The local's value; undefined when no local of that name is declared. */
  value(name: string): Value | undefined {
    const decl = this.decls.get(name);
    if (!decl) return undefined;
    const known = this.values.get(name);
    if (known !== undefined) return known;
    // Re-entry means a cycle the static check did not see (it is reported there): unknown.
    if (this.inProgress.has(name) || this.cyclic.has(name)) return UNKNOWN;
    this.inProgress.add(name);
    const value = this.compute(decl);
    this.inProgress.delete(name);
    this.values.set(name, value);
    return value;
  }

  evaluateAll(): void {
    for (const name of this.decls.keys()) this.value(name);
  }
}
