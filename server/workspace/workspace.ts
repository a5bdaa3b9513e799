/**
 * The server's view of the files: open documents (the editor's text wins)
 * plus the unopened siblings of their configurations, read from disk and
 * kept until a watched-file event says they changed. Analyses are cached
 * per configuration and recomputed only when one of its inputs changed.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  belongsToDirectory,
  configurationFileKind,
  directoryConfiguration,
  editorFileKind,
  isVarFileKind,
  posixDirname as dirname,
  posixJoin as join,
  type Analysis,
  type Configuration,
  type ParsedFile,
} from '../../template/index.js';
import { configurationKey, pathToUri, uriToPath, type FileKind } from './files.js';
import type { WorkspaceFiles } from './workspace-files.js';

/** What the workspace needs from the template core (injected so tests can see the seams). */
export interface Core {
  analyze(files: Array<{ path: string; text: string }>, varFiles: ParsedFile[], templateDir: string): Analysis;
  /** One file of a configuration, in the syntax its name gives. */
  parseFile(path: string, text: string): ParsedFile;
  parseVarFile(path: string, text: string): ParsedFile;
  /** Declarations only (no evaluation, no validation): cheap. */
  configurationOf(files: ParsedFile[]): Configuration;
}

/** Open documents by URI; the server's TextDocuments satisfies it. */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

/** One configuration and the document being asked about. */
export interface DocumentContext {
  uri: string;
  path: string;
  kind: FileKind;
  key: string;
  document: TextDocument;
  analysis: Analysis;
  /** The parsed form of this document (var files are parsed on their own). */
  file: ParsedFile | undefined;
  /** The configuration's var files (auto-loaded or open), parsed. */
  varFiles: ParsedFile[];
}

/** How current the analysis handed to a feature must be (see {@link Workspace.context}). */
export type Freshness = 'analysis' | 'declarations' | 'file' | 'stale';

/** How many configurations keep their analysis in memory. */
const MAX_CACHED_ANALYSES = 6;

interface CachedAnalysis {
  signature: string;
  analysis: Analysis;
  varFiles: ParsedFile[];
}

export class Workspace {
  private readonly disk = new Map<string, string | undefined>();
  private readonly listings = new Map<string, string[]>();
  private readonly analyses = new Map<string, CachedAnalysis>();
  /** Bumped on every disk invalidation: part of each analysis signature. */
  private diskGeneration = 0;

  constructor(
    private readonly documents: OpenDocuments,
    private readonly core: Core,
    /** The files not open in the editor: the host's (disk in Node, the client's file system in a browser). */
    private readonly files: WorkspaceFiles,
  ) {}

  /** Path, kind and configuration key of a document, or undefined when it is not a template. */
  classify(uri: string): { path: string; kind: FileKind; key: string } | undefined {
    const path = uriToPath(uri);
    if (path === undefined) return undefined;
    const kind = editorFileKind(path, this.documents.get(uri)?.getText() ?? this.readDisk(path));
    return kind === undefined ? undefined : { path, kind, key: configurationKey(path, kind) };
  }

  /**
   * Everything a feature needs about one open document. Freshness, by what
   * the feature reads:
   * - `analysis`: the configuration analysed as it is now (positions in
   *   every file are current; definition, references, rename);
   * - `declarations`: this document parsed as it is now and the
   *   configuration's declarations rebuilt from it and the other files'
   *   last parse (definition, references, rename: positions current,
   *   without evaluating and validating again);
   * - `file`: this document parsed as it is now, the rest of the analysis
   *   possibly from before the last edit (hover looks declarations up by
   *   name, so a stale configuration answers it; a full re-analysis costs
   *   twice a parse);
   * - `stale`: the last analysis as is (completion scans the text itself and
   *   reads only names; formatting and code actions read the text).
   */
  context(uri: string, freshness: Freshness = 'analysis'): DocumentContext | undefined {
    const document = this.documents.get(uri);
    const where = this.classify(uri);
    if (!document || !where) return undefined;
    // Var files are parsed apart from the analysis: only a fresh one is right for them.
    const mode = isVarFileKind(where.kind) && freshness !== 'stale' ? 'analysis' : freshness;
    const cached = (mode !== 'analysis' && this.analyses.get(where.key)) || this.analysisOf(where.key, where.kind);
    const base = { uri, ...where, document, varFiles: cached.varFiles };
    const own = (files: ParsedFile[]) => files.find((f) => f.path === where.path);
    if (isVarFileKind(where.kind)) return { ...base, analysis: cached.analysis, file: own(cached.varFiles) };
    if (mode === 'analysis' || mode === 'stale')
      return { ...base, analysis: cached.analysis, file: own(cached.analysis.files) };
    if (mode === 'file')
      return { ...base, analysis: cached.analysis, file: this.current(own(cached.analysis.files), where.path) };
    // declarations: every file as its editor holds it now, declarations rebuilt from them.
    const files = cached.analysis.files.map((f) => this.current(f, f.path));
    const config = files.every((f, i) => f === cached.analysis.files[i])
      ? cached.analysis.config
      : this.core.configurationOf(files);
    return { ...base, analysis: { ...cached.analysis, files, config }, file: own(files) };
  }

  private readonly parses = new Map<string, { version: number; file: ParsedFile }>();

  /**
   * A file as its open document holds it now: the analysed parse when the
   * text is the same, else a parse of the document (kept per version, so
   * repeated requests between edits parse once).
   */
  private current(analysed: ParsedFile | undefined, path: string): ParsedFile {
    const document = this.openByPath(path);
    if (analysed && (!document || analysed.text === document.getText())) return analysed;
    if (!document) return this.core.parseFile(path, this.readDisk(path) ?? '');
    const kept = this.parses.get(path);
    if (kept && kept.version === document.version) return kept.file;
    const file = this.core.parseFile(path, document.getText());
    this.parses.set(path, { version: document.version, file });
    return file;
  }

  /** URIs of the open documents of a configuration. */
  openInConfiguration(key: string): string[] {
    return this.documents
      .all()
      .map((d) => d.uri)
      .filter((uri) => this.classify(uri)?.key === key);
  }

  /** Forgets what was read from disk for a path (a watched-file event). */
  invalidate(path: string): void {
    this.disk.delete(path);
    this.listings.delete(dirname(path));
    this.diskGeneration++;
  }

  /** Forgets a directory listing (a file opened there may be new). */
  relist(dir: string): void {
    if (this.listings.delete(dir)) this.diskGeneration++;
  }

  /** Current analysis of a configuration. */
  analysisOf(key: string, kind: FileKind): CachedAnalysis {
    const inputs = belongsToDirectory(kind) ? this.directoryInputs(key) : this.jsonInputs(key);
    const signature = `${this.diskGeneration}|${inputs.map((f) => `${f.path}@${f.version}`).join('|')}`;
    const cached = this.analyses.get(key);
    if (cached && cached.signature === signature) {
      this.touch(key, cached);
      return cached;
    }
    const templates = inputs.filter((f) => !isVarFileKind(f.kind));
    const varFiles = inputs.filter((f) => isVarFileKind(f.kind)).map((f) => this.core.parseVarFile(f.path, f.text));
    const templateDir = belongsToDirectory(kind) ? key : dirname(key);
    const analysis = this.core.analyze(templates, varFiles, templateDir);
    const fresh = { signature, analysis, varFiles };
    // Parses kept for requests between edits are now in the analysis.
    for (const f of analysis.files) this.parses.delete(f.path);
    this.touch(key, fresh);
    return fresh;
  }

  /**
   * Keeps the most recently used analyses only: a model of a large template
   * is megabytes, and a configuration not looked at for a while is cheap to
   * analyse again (its diagnostics are already published).
   */
  private touch(key: string, entry: CachedAnalysis): void {
    this.analyses.delete(key);
    this.analyses.set(key, entry);
    while (this.analyses.size > MAX_CACHED_ANALYSES) this.analyses.delete(this.analyses.keys().next().value!);
  }

  /** Drops the cached analysis of a configuration nobody has open any more. */
  forget(key: string): void {
    this.analyses.delete(key);
  }

  private jsonInputs(path: string): InputFile[] {
    const text = this.textOf(path);
    return text === undefined ? [] : [text];
  }

  /**
   * What `chrootforge validate DIR` reads (the engine's directory rule:
   * templates, then auto var files), with the editor's text for open files
   * and open files not yet on disk counted in; then any other var file the
   * user has open there, so its values are checked against the declarations.
   */
  private directoryInputs(dir: string): InputFile[] {
    const names = new Set(this.list(dir));
    const openVarFiles: string[] = [];
    for (const doc of this.documents.all()) {
      const path = uriToPath(doc.uri);
      if (path === undefined || dirname(path) !== dir) continue;
      const name = path.slice(dir.length + 1);
      names.add(name);
      if (isVarFileKind(configurationFileKind(name))) openVarFiles.push(name);
    }
    const { templates, autoVarFiles } = directoryConfiguration([...names]);
    const others = openVarFiles.filter((n) => !autoVarFiles.includes(n)).sort();
    const inputs: InputFile[] = [];
    for (const name of [...templates, ...autoVarFiles, ...others]) {
      const input = this.textOf(join(dir, name));
      if (input) inputs.push(input);
    }
    return inputs;
  }

  /**
   * The open document of a path. Looked up by path, not by a URI we build:
   * clients encode URIs in their own ways (`%3A`, case of hex digits).
   */
  openByPath(path: string): TextDocument | undefined {
    const direct = this.documents.get(pathToUri(path));
    if (direct) return direct;
    return this.documents.all().find((d) => uriToPath(d.uri) === path);
  }

  private textOf(path: string): InputFile | undefined {
    const kind = configurationFileKind(path);
    const open = this.openByPath(path);
    if (open) return { path, kind, text: open.getText(), version: `v${open.version}` };
    const text = this.readDisk(path);
    return text === undefined ? undefined : { path, kind, text, version: 'disk' };
  }

  private readDisk(path: string): string | undefined {
    if (!this.disk.has(path)) this.disk.set(path, this.files.readTextFile(path));
    return this.disk.get(path);
  }

  private list(dir: string): string[] {
    let names = this.listings.get(dir);
    if (!names) {
      try {
        names = this.files.directoryFileNames(dir);
      } catch {
        names = [];
      }
      this.listings.set(dir, names);
    }
    return names;
  }
}

interface InputFile {
  path: string;
  kind: FileKind;
  text: string;
  version: string;
}
