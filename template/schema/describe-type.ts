/**
 * Plain-language names of JSON Schema types and values, for messages that
 * say what a field must be ("a list of strings", "true or false").
 */
import type { JsonSchema } from './schema-types.js';

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  array: 'a list',
  object: 'an object (map)',
  null: 'null',
};

/** "a string", "a string or a whole number", "a list of strings". */
export function describeType(schema: JsonSchema): string {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const words = types.map((type) => {
    if (type === 'array' && schema.items && typeof schema.items === 'object' && typeof schema.items.type === 'string') {
      return `a list of ${plural(schema.items.type)}`;
    }
    return TYPE_WORDS[type] ?? type;
  });
  return words.length > 0 ? words.join(' or ') : 'a valid value';
}

function plural(type: string): string {
  return type === 'array' ? 'lists' : type === 'object' ? 'objects' : type === 'boolean' ? 'booleans' : `${type}s`;
}

/** The JSON type of a value as a word, for "…, not a list". */
export function valueKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return 'a boolean';
  return TYPE_WORDS[typeof value] ?? typeof value;
}

/** A short quotation of a value for messages, cut when long. */
export function quoteValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
