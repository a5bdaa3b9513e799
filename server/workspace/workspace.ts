/**
 * The server's view of the files: open documents (the editor's text wins)
 * plus the unopened siblings of their configurations, read from disk and
 * kept until a watched-file event says they changed. Each file is parsed
 * once per text (an edit re-parses the file it changed, not its
 * siblings); the last complete analysis of each configuration is kept.
 *
 * Everything that costs is in steps ({@link Steps}): an analysis, and the
 * parses a request needs, pause between files and stages so requests,
 * cancellations and the end of the input are read in between.
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
  UNKNOWN,
  type Analysis,
  type Configuration,
  type Evaluation,
  type ParsedFile,
  type SourceText,
} from '../../template/index.js';
import type { Steps } from '../work/steps.js';
import type { OpenDocuments } from './documents.js';
import { configurationKey, pathToUri, untitledPath, uriToPath, type FileKind } from './files.js';
import type { WorkspaceFiles } from './workspace-files.js';

/** What the workspace needs from the template core (injected so tests can see the seams). */
export interface Core {
  /** The analysis of one configuration, in steps; `parse` gives each file's parse. */
  analysisSteps(
    files: SourceText[],
    varFiles: ParsedFile[],
    templateDir: string,
    parse: (source: SourceText) => ParsedFile,
  ): Steps<Analysis>;
  /** One file of a configuration, in the syntax its name gives; `previous`, its last parse, lends what an edit left alone. */
  parseFile(path: string, text: string, previous?: ParsedFile): ParsedFile;
  parseVarFile(path: string, text: string): ParsedFile;
  /** Declarations only (no evaluation, no validation): cheap. */
  configurationOf(files: ParsedFile[]): Configuration;
}

/** Where a document belongs: the path the engine knows it by, its kind and its configuration. */
export interface Where {
  path: string;
  kind: FileKind;
  /** The configuration: a directory, a legacy JSON template's path, or an unsaved document's URI. */
  key: string;
  /** An unsaved document (`untitled:`): a configuration of its own, with no directory. */
  untitled?: boolean;
}

/** One configuration and the document being asked about. */
export interface DocumentContext {
  uri: string;
  path: string;
  kind: FileKind;
  key: string;
  /** An unsaved document: no directory, so nothing relative to one (path completion). */
  untitled?: boolean;
  document: TextDocument;
  /**
   * The configuration: its files and declarations as fresh as the request
   * asked ({@link Freshness}); the evaluation of the last complete analysis
   * (an empty one before the first).
   */
  analysis: Analysis;
  /** The parsed form of this document (var files are parsed on their own). */
  file: ParsedFile | undefined;
  /** The configuration's var files, parsed (with `declarations`: every var file of the directory). */
  varFiles: ParsedFile[];
}

/**
 * How current the configuration handed to a feature must be, by what the
 * feature reads. No request waits for evaluation and validation: those run
 * in the background and only publish diagnostics.
 * - `text`: the last analysis as is (completion scans the text itself and
 *   reads only names; formatting and code actions read the text);
 * - `file`: this document parsed as it is now, the rest from the last
 *   analysis (hover looks declarations up by name);
 * - `declarations`: every file as its editor holds it now (var files of the
 *   directory included, open or not) and the declarations rebuilt from them
 *   (definition, references, rename: positions current everywhere).
 */
export type Freshness = 'text' | 'file' | 'declarations';

/** A complete analysis and the inputs it was made from. */
export interface CachedAnalysis {
  signature: string;
  analysis: Analysis;
  varFiles: ParsedFile[];
}

/** How many configurations keep their analysis, and their files' parses, in memory. */
const MAX_CACHED_ANALYSES = 6;

interface InputFile {
  path: string;
  kind: FileKind;
  text: string;
  version: string;
}

export class Workspace {
  private readonly disk = new Map<string, string | undefined>();
  private readonly listings = new Map<string, string[]>();
  private readonly analyses = new Map<string, CachedAnalysis>();
  /**
   * One parse per path, reused while its text is the same (and lent to the
   * next parse after an edit); kept for the configurations whose analysis
   * is kept (a 3,000-line file's model is 2 MB: 50 open documents kept
   * 100 MB of parses nobody was looking at).
   */
  private readonly parses = new Map<string, { key: string; text: string; file: ParsedFile }>();
  /** Where each open document belongs, per version (a JSON file's kind depends on its text). */
  private readonly places = new Map<string, { version: number; where: Where | undefined }>();
  /** Bumped on every disk invalidation: part of each analysis signature. */
  private diskGeneration = 0;
  /** Stands for the directory of unsaved documents (path.root, relative paths): the workspace folder. */
  private root = '/';

  constructor(
    private readonly documents: OpenDocuments,
    private readonly core: Core,
    /** The files not open in the editor: the host's (disk in Node, the client's file system in a browser). */
    private readonly files: WorkspaceFiles,
  ) {}

  /** The workspace folder, from initialize: unsaved documents resolve relative paths there. */
  setRoot(path: string | undefined): void {
    if (path) this.root = path;
  }

  /** Where a document belongs, or undefined when it is not a template (nor an unsaved one in a template language). */
  classify(uri: string): Where | undefined {
    const document = this.documents.get(uri);
    if (!document) return this.placeOf(uri, undefined);
    const known = this.places.get(uri);
    if (known && known.version === document.version) return known.where;
    const where = this.placeOf(uri, document);
    this.places.set(uri, { version: document.version, where });
    return where;
  }

  private placeOf(uri: string, document: TextDocument | undefined): Where | undefined {
    const path = uriToPath(uri);
    if (path === undefined) {
      if (!document) return undefined;
      const pseudo = untitledPath(uri, document.languageId);
      const kind = pseudo === undefined ? undefined : editorFileKind(pseudo, document.getText());
      return pseudo === undefined || kind === undefined ? undefined : { path: pseudo, kind, key: uri, untitled: true };
    }
    const kind = editorFileKind(path, document ? document.getText() : this.readDisk(path));
    return kind === undefined ? undefined : { path, kind, key: configurationKey(path, kind) };
  }

  /**
   * Everything a feature needs about one open document, as fresh as asked;
   * in steps (each file parsed is one).
   */
  *contextSteps(uri: string, freshness: Freshness): Steps<DocumentContext | undefined> {
    const document = this.documents.get(uri);
    const where = this.classify(uri);
    if (!document || !where) return undefined;
    const last = this.analyses.get(where.key);
    const base = { uri, path: where.path, kind: where.kind, key: where.key, untitled: where.untitled, document };
    if (freshness === 'declarations' || !last) {
      const files: ParsedFile[] = [];
      const varFiles: ParsedFile[] = [];
      const inputs = freshness === 'declarations' ? this.renameInputs(where) : this.inputsOf(where);
      for (const input of inputs) {
        (isVarFileKind(input.kind) ? varFiles : files).push(this.parsed(where.key, input));
        yield;
      }
      const unchanged = last && files.length === last.analysis.files.length;
      const config =
        unchanged && files.every((f, i) => f === last.analysis.files[i])
          ? last.analysis.config
          : this.core.configurationOf(files);
      const analysis: Analysis = {
        files,
        config,
        evaluation: last?.analysis.evaluation ?? emptyEvaluation(),
        diagnostics: last?.analysis.diagnostics ?? [],
      };
      return { ...base, analysis, varFiles, file: own([...files, ...varFiles], where.path) };
    }
    if (freshness === 'text') {
      const file = own([...last.analysis.files, ...last.varFiles], where.path);
      return { ...base, analysis: last.analysis, varFiles: last.varFiles, file };
    }
    const file = this.parsed(where.key, { ...where, text: document.getText() });
    // This file as it is now, in place of its analysed parse (hover reads its text through the files).
    const files = last.analysis.files.map((f) => (f.path === where.path ? file : f));
    const varFiles = last.varFiles.map((f) => (f.path === where.path ? file : f));
    return { ...base, analysis: { ...last.analysis, files }, varFiles, file };
  }

  /** The last complete analysis of a configuration, if any. */
  lastAnalysis(key: string): CachedAnalysis | undefined {
    return this.analyses.get(key);
  }

  /**
   * The current analysis of a document's configuration, in steps: the
   * cached one when no input changed, else a new one (kept once complete).
   */
  *analysisSteps(where: Where): Steps<CachedAnalysis> {
    const inputs = this.inputsOf(where);
    const signature = `${this.diskGeneration}|${inputs.map((f) => `${f.path}@${f.version}`).join('|')}`;
    const cached = this.analyses.get(where.key);
    if (cached && cached.signature === signature) {
      this.touch(where.key, cached);
      return cached;
    }
    const kinds = new Map(inputs.map((f) => [f.path, f.kind]));
    const templates = inputs.filter((f) => !isVarFileKind(f.kind));
    const varFiles: ParsedFile[] = [];
    for (const input of inputs.filter((f) => isVarFileKind(f.kind))) {
      varFiles.push(this.parsed(where.key, input));
      yield;
    }
    if (where.untitled && isVarFileKind(where.kind)) {
      // A var file on its own has no declarations to be checked against: its syntax is all there is.
      const analysis = {
        files: [],
        config: this.core.configurationOf([]),
        evaluation: emptyEvaluation(),
        diagnostics: varFiles.flatMap((f) => f.diagnostics),
      };
      return this.keep(where.key, { signature, analysis, varFiles });
    }
    const templateDir = where.untitled ? this.root : belongsToDirectory(where.kind) ? where.key : dirname(where.key);
    const parse = (source: SourceText) =>
      this.parsed(where.key, { ...source, kind: kinds.get(source.path) ?? where.kind });
    const analysis = yield* this.core.analysisSteps(templates, varFiles, templateDir, parse);
    return this.keep(where.key, { signature, analysis, varFiles });
  }

  /**
   * Keeps a complete analysis, unless its configuration was closed while it
   * ran: kept then, nothing would ever drop it but five other configurations
   * (a 5 MB template's model is hundreds of MB).
   */
  private keep(key: string, entry: CachedAnalysis): CachedAnalysis {
    if (this.isOpen(key)) this.touch(key, entry);
    return entry;
  }

  /** Whether any document of a configuration is open: only those keep analyses and parses. */
  private isOpen(key: string): boolean {
    return this.openInConfiguration(key).length > 0;
  }

  /** A file's parse for this text: the one kept when the text is the same, else a parse that reuses what the edit left alone. */
  private parsed(key: string, input: Pick<InputFile, 'path' | 'kind' | 'text'>): ParsedFile {
    const kept = this.parses.get(input.path);
    if (kept && kept.text === input.text) return kept.file;
    const file = isVarFileKind(input.kind)
      ? this.core.parseVarFile(input.path, input.text)
      : this.core.parseFile(input.path, input.text, kept?.file);
    // A parse for work that outlived its configuration's last document (closed meanwhile) is not kept.
    if (this.isOpen(key)) this.parses.set(input.path, { key, text: input.text, file });
    else this.parses.delete(input.path);
    return file;
  }

  /**
   * Keeps the most recently used analyses only: a model of a large template
   * is megabytes, and a configuration not looked at for a while is cheap to
   * analyse again (its diagnostics are already published).
   */
  private touch(key: string, entry: CachedAnalysis): void {
    this.analyses.delete(key);
    this.analyses.set(key, entry);
    while (this.analyses.size > MAX_CACHED_ANALYSES) {
      const oldest = this.analyses.keys().next().value!;
      this.analyses.delete(oldest);
      this.dropParses(oldest);
    }
  }

  /** Drops the parses of a configuration's files; returns their paths. */
  private dropParses(key: string): string[] {
    const dropped: string[] = [];
    for (const [path, kept] of this.parses) {
      if (kept.key !== key) continue;
      this.parses.delete(path);
      dropped.push(path);
    }
    return dropped;
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

  /** A document closed: what was kept for it alone goes. */
  closed(uri: string): void {
    this.places.delete(uri);
  }

  /** Drops what is kept for a configuration nobody has open any more: its analysis, parses and disk texts. */
  forget(key: string): void {
    this.analyses.delete(key);
    for (const path of this.dropParses(key)) this.disk.delete(path);
    this.listings.delete(key);
  }

  /** The files of a configuration, with the editor's text for open ones. */
  private inputsOf(where: Where): InputFile[] {
    if (where.untitled) {
      const document = this.documents.get(where.key);
      return document
        ? [{ path: where.path, kind: where.kind, text: document.getText(), version: `v${document.version}` }]
        : [];
    }
    return belongsToDirectory(where.kind) ? this.directoryInputs(where.key) : this.jsonInputs(where.key);
  }

  /**
   * The configuration's files plus every var file of its directory, open
   * or not: a `-var-file` is named on the command line only, so any
   * `*.pkrvars.hcl` there may set the configuration's variables, and a
   * rename must edit it too.
   */
  private renameInputs(where: Where): InputFile[] {
    const inputs = this.inputsOf(where);
    if (where.untitled || !belongsToDirectory(where.kind)) return inputs;
    const have = new Set(inputs.map((f) => f.path));
    for (const name of this.list(where.key).sort()) {
      const path = join(where.key, name);
      if (have.has(path) || !isVarFileKind(configurationFileKind(name))) continue;
      const input = this.textOf(path);
      if (input) inputs.push(input);
    }
    return inputs;
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

function own(files: ParsedFile[], path: string): ParsedFile | undefined {
  return files.find((f) => f.path === path);
}

/** What features see before the first analysis completes: declarations, no values. */
function emptyEvaluation(): Evaluation {
  return { variables: new Map(), locals: new Map(), diagnostics: [], evaluate: () => UNKNOWN };
}
