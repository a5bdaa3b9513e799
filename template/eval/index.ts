/**
 * HCL2 evaluation, public surface: `evaluateHcl` for a configuration, the
 * function table for completion/hover/signature help, the `build.X` names,
 * type constraints and the diagnostic codes.
 */
export { evaluateHcl } from './evaluate-hcl.js';
export { hclFunctions, functionSignature } from './library.js';
export type { HclFunction, FunctionParam, EagerFunction, LazyFunction } from './function-model.js';
export { BUILD_VARIABLES, BUILD_VARIABLE_DOCS, PACKER_ATTRIBUTES } from './references.js';
export { envFunction } from './functions/env.js';
export { EvalCode } from './codes.js';
export { parseTypeExpr } from './parse-type.js';
export { convertValue } from './convert.js';
export { T, typeToString, describeType, type HclType } from './types.js';
export { COMMAND_LINE } from './variable-sources.js';
