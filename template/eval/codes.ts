/** The stable diagnostic codes HCL evaluation reports (see docs/diagnostics.md). */
export const EvalCode = {
  /** `var.x` where no variable `x` is declared. */
  undefinedVariable: 'undefined-variable',
  /** `local.x` where no local `x` is declared. */
  undefinedLocal: 'undefined-local',
  /** `data.TYPE.NAME` where no such data block is declared. */
  undefinedDataSource: 'undefined-data-source',
  /** A reference that has no meaning where it stands (`var` alone, `build.X` outside a provisioner). */
  invalidReference: 'invalid-reference',
  /** A call to a function the library does not have. */
  unknownFunction: 'unknown-function',
  /** A function call where Packer allows none: variable defaults and values must be literal. */
  functionNotAllowed: 'function-not-allowed',
  /** Too few or too many arguments. */
  functionArity: 'function-arity',
  /** A function rejected its arguments (bad regex, wrong type, file missing…). */
  functionError: 'function-error',
  /** An operator, index, attribute access or template part that cannot apply to its value. */
  invalidExpression: 'invalid-expression',
  /** A variable's `type = …` is not a type constraint. */
  invalidType: 'invalid-type-constraint',
  /** A variable's value does not convert to its declared type. */
  variableTypeMismatch: 'variable-type-mismatch',
  /** A `validation` block's condition is false for the variable's value. */
  variableValidation: 'variable-validation',
  /** A variable with no default and no value from any source. */
  missingVariableValue: 'missing-variable-value',
  /** A var file or `-var` sets a variable no block declares. */
  undeclaredVariableValue: 'undeclared-variable-value',
  /** A block in a var file, which holds only `name = value` assignments. */
  varFileBlock: 'var-file-block',
  /** Locals that depend on each other in a circle. */
  localCycle: 'local-cycle',
} as const;

/** Codes still reported from the branch of a conditional that is not taken: mistakes in the text itself. */
export const STATIC_CODES: ReadonlySet<string> = new Set([
  EvalCode.undefinedVariable,
  EvalCode.undefinedLocal,
  EvalCode.undefinedDataSource,
  EvalCode.invalidReference,
  EvalCode.unknownFunction,
  EvalCode.functionArity,
  EvalCode.functionNotAllowed,
]);
