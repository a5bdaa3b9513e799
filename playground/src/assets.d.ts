/** The examples, bundled as text (scripts/build-browser.mjs: loader `text`). */
declare module '*.pkr.hcl' {
  const text: string;
  export default text;
}

/** Monaco's stylesheets: bundled by esbuild into playground.css. */
declare module '*.css';

/** Monaco's HCL highlighting (a Monarch grammar), shipped without declarations. */
declare module 'monaco-editor/languages/definitions/hcl/hcl.js' {
  import type { languages } from 'monaco-editor/editor/editor.api.js';
  export const conf: languages.LanguageConfiguration;
  export const language: languages.IMonarchLanguage;
}
