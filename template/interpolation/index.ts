/**
 * Go-template interpolation (`{{ }}`) and legacy JSON evaluation: the public
 * surface of template/interpolation for the validator, the language server
 * and the runner.
 */
export { parseGoTemplate, parseGoTemplateText, parseMappedText, mayContainActions } from './parse-go-template.js';
export type * from './go-template-ast.js';
export { walkOperands } from './go-template-ast.js';
export { mapTemplateExpr, mapPlainText, rangeOf, HOLE, type MappedText } from './mapped-text.js';
export { checkGoTemplate, checkParsedGoTemplate, type GoTemplateCheckContext } from './check-go-template.js';
export {
  TEMPLATE_FUNCTIONS,
  templateFunction,
  arityOf,
  signatureOf,
  PACKER_COMPAT_VERSION,
  type TemplateFunction,
  type FunctionParam,
  type FunctionScope,
  type ParamType,
} from './functions.js';
export { renderGoTemplate, renderParsedTemplate, type RenderOptions } from './render-go-template.js';
export { RenderError, type RenderErrorCode } from './render-error.js';
export type { FunctionContext, GoValue, UserVariableLookup } from './render-functions.js';
export { evaluateLegacy } from './evaluate-legacy.js';
export { locateInGoTemplate, type GoTemplateLocation } from './locate-go-template.js';
