import type { DocumentContext } from '../../workspace/workspace.js';
import type { SymbolScope } from './symbols.js';

/** The files symbols are looked up in: the configuration's templates and its var files. */
export function scopeOf(context: Pick<DocumentContext, 'analysis' | 'varFiles'>): SymbolScope {
  return { config: context.analysis.config, files: [...context.analysis.files, ...context.varFiles] };
}
