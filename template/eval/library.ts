/**
 * Packer's HCL2 function library, as one table: the evaluator calls from it,
 * and the language server reads it for completion, hover and signature help.
 */
import { signatureLabel, type HclFunction } from './function-model.js';
import { collectionFunctions } from './functions/collections.js';
import { conversionFunctions } from './functions/conversion.js';
import { cryptoFunctions } from './functions/crypto.js';
import { datetimeFunctions } from './functions/datetime.js';
import { encodingFunctions } from './functions/encoding.js';
import { filesystemFunctions } from './functions/filesystem.js';
import { networkFunctions } from './functions/network.js';
import { numericFunctions } from './functions/numeric.js';
import { packerFunctions } from './functions/packer-specific.js';
import { stringFunctions } from './functions/strings.js';
import { templatefileFunction } from './functions/templatefile.js';
import { typeToString } from './types.js';

/** Every function, by name. */
export const hclFunctions: ReadonlyMap<string, HclFunction> = new Map(
  [
    ...numericFunctions,
    ...stringFunctions,
    ...collectionFunctions,
    ...encodingFunctions,
    ...filesystemFunctions,
    ...datetimeFunctions,
    ...cryptoFunctions,
    ...networkFunctions,
    ...conversionFunctions,
    ...packerFunctions,
    templatefileFunction,
  ].map((f) => [f.name, f]),
);

/** `join(separator string, lists... list(string)) string`: a function's signature as text. */
export function functionSignature(f: HclFunction): string {
  return signatureLabel(f, typeToString);
}
