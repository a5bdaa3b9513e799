/**
 * What follows a term, as hclsyntax's parseExpressionTraversals: attribute
 * steps (`.name`), legacy index steps (`.0`), indexes (`[expr]`) and the
 * splats (`.*`, `[*]`).
 */
import type { Token } from '../hcl-lexer.js';
import { checkNumber, parseExpression } from './expressions.js';
import type { ParserState } from './parser-state.js';

/** As many `.name`, `.0`, `.*`, `[i]` and `[*]` steps as follow a term. */
export function parseTraversals(p: ParserState): boolean {
  for (;;) {
    const next = p.peek();
    if (next.type === '.') {
      p.read();
      const name = p.peek();
      if (name.type === 'ident') {
        p.read();
        continue;
      }
      if (name.type === 'number') {
        p.read();
        checkLegacyIndex(p, name, name, '');
        continue;
      }
      if (name.type === '*') {
        p.read();
        if (!parseAttributeSplat(p, name)) return false;
        continue;
      }
      // Reported even after an earlier error, as HCL does.
      p.report(name, 'Invalid attribute name; An attribute name is required after a dot.');
      p.recovery = true;
      return false;
    }
    if (next.type === '[') {
      if (!parseIndex(p)) return false;
      continue;
    }
    return true;
  }
}

/** After `.*`: only `.name` and legacy `.0` steps belong to the splat. */
function parseAttributeSplat(p: ParserState, star: Token): boolean {
  while (p.peek().type === '.') {
    p.read();
    const name = p.peek();
    if (name.type === 'number') {
      p.read();
      checkLegacyIndex(p, name, star, ' with a full splat expression [*]');
      continue;
    }
    if (name.type !== 'ident') {
      if (name.type === '*') {
        p.fail(
          name,
          'Nested splat expression not allowed; A splat expression (*) cannot be used inside another attribute-only splat expression.',
        );
      } else {
        p.fail(star, 'Invalid attribute name; An attribute name is required after a dot.');
      }
      return false;
    }
    p.read();
  }
  return true;
}

/**
 * A number after a dot, a legacy index: `x.0.1` scans as the number 0.1,
 * which HCL rejects (reported even after other errors, as HCL does).
 */
function checkLegacyIndex(p: ParserState, index: Token, at: Token, splat: string): void {
  const literal = p.text.slice(index.start, index.end);
  const dot = literal.indexOf('.');
  if (dot < 0) {
    checkNumber(p, index);
    return;
  }
  p.report(
    at,
    `Invalid legacy index syntax; When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax${splat} instead, like [${literal.slice(0, dot)}][${literal.slice(dot + 1)}].`,
  );
}

/** `[ expr ]` or `[*]`. */
function parseIndex(p: ParserState): boolean {
  p.read(); // [
  return p.withNewlines(false, () => {
    if (p.peek().type === '*') {
      p.read();
      if (p.peek().type === ']') {
        p.read();
        return true;
      }
      return failWhereRecoveryLands(
        p,
        'Missing close bracket on splat index; The star for a full splat operator must be immediately followed by a closing bracket ("]").',
      );
    }
    if (!parseExpression(p)) {
      p.recover(']');
      return false;
    }
    if (p.peek().type !== ']') {
      return failWhereRecoveryLands(
        p,
        'Missing close bracket on index; The index operator must end with a closing bracket ("]").',
      );
    }
    p.read();
    return true;
  });
}

/**
 * An index not closed where expected: HCL reports the place its recovery
 * lands on (the closing bracket further on, or the end of the file), and
 * nothing at all when already in recovery.
 */
function failWhereRecoveryLands(p: ParserState, message: string): false {
  const reporting = !p.recovery;
  const landed = p.recover(']');
  if (reporting) p.report(landed, message);
  return false;
}
