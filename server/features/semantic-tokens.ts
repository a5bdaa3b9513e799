/**
 * Semantic tokens inside strings: `${ }` interpolations and `{{ }}`
 * Go-template actions, which TextMate grammars colour poorly.
 */

/** Token types and modifiers; the feature emits indexes into these lists. */
export const SEMANTIC_LEGEND = {
  tokenTypes: ['macro', 'variable', 'function', 'property', 'operator', 'keyword', 'parameter'],
  tokenModifiers: ['readonly', 'defaultLibrary'],
};
