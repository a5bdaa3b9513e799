/**
 * `chrootforge fmt [-check] [-diff] [-write=false] [-recursive] PATH...`:
 * canonical HCL formatting, byte-identical to `packer fmt`.
 *
 * Flags are Go-style (single dash, `-flag=value` for booleans) like
 * Packer's; the double-dash spellings work too. Commander cannot parse
 * `-check`, so this command takes its raw arguments and parses them here.
 *
 * Exit codes, as `packer fmt` where it has them: 0 done (or nothing to do);
 * 1 a file has a syntax error (packer fmt's exit for a file it cannot
 * parse, so a pre-commit hook written for packer behaves the same); 3 when
 * `-check` finds a file that needs formatting; 2 usage or I/O error (the
 * project's code for those; packer fmt uses 1). An error outranks 3.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
  type Dirent,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatHcl, isFormattable, unifiedDiff } from '../../template/index.js';
import { writeAtomically } from '../../runner/image/atomic-file.js';
import { CliError, EXIT_FINDINGS, EXIT_FMT_CHECK, EXIT_OK, EXIT_USAGE } from '../errors.js';
import { decodeUtf8Text, invalidUtf8Message } from '../utf8-text.js';

interface FmtFlags {
  check: boolean;
  diff: boolean;
  write: boolean;
  recursive: boolean;
}

interface FmtRequest {
  flags: FmtFlags;
  paths: string[];
}

/** What happened to one input; the command's exit code is derived from all of them. */
type Outcome = 'unchanged' | 'changed' | 'syntax-error' | 'error';

const FLAG_NAMES = ['check', 'diff', 'write', 'recursive'] as const;

const HELP = `
Formats .pkr.hcl and .pkrvars.hcl files the way packer fmt does, and prints
the name of each file it changes. PATH is a file, a directory (its template
files; with -recursive also those of its subdirectories) or - to format
standard input to standard output (-diff prints the diff instead, -check
prints nothing). Files with syntax errors are reported as file:line:col and
left unchanged.

Exit status: 0 done; 1 a file has a syntax error (as packer fmt); 3 -check
found a file that needs formatting; 2 usage or I/O error.

Flags (Packer style; --check and the like work too):
  -check        exit 3 when a file needs formatting; write nothing
  -diff         print a unified diff of the changes
  -write=false  print the formatted text instead of writing the file
  -recursive    also format files in subdirectories
`;

/** Registers `fmt` on the program (cli/main.ts calls this). */
export function registerFmt(program: Command): void {
  program
    .command('fmt')
    .description('rewrite HCL templates in canonical format (byte-identical to packer fmt)')
    .usage('[-check] [-diff] [-write=false] [-recursive] PATH...')
    .argument('[args...]')
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText('after', HELP)
    .action(async (_args: string[], _options: unknown, command: Command) => {
      quietOnClosedStdout();
      const request = parseFmtArgs(command.args);
      process.exitCode = await runFmt(request);
    });
}

/**
 * `chrootforge fmt -write=false big.pkr.hcl | head` closes the pipe early:
 * stop quietly, as other Unix tools do, instead of dying with a stack trace.
 */
function quietOnClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`chrootforge: fmt: cannot write output: ${err.message}\n`);
    process.exit(EXIT_USAGE);
  });
}

/**
 * Parses Packer-style arguments: `-check`, `--check`, `-write=false`,
 * `-write false` is NOT accepted (a Go boolean flag takes `=value`), `--`
 * ends the flags. Everything else is a path; `-` is standard input.
 */
export function parseFmtArgs(args: readonly string[]): FmtRequest {
  const flags: FmtFlags = { check: false, diff: false, write: true, recursive: false };
  const paths: string[] = [];
  let flagsDone = false;
  for (const arg of args) {
    if (flagsDone || arg === '-' || !arg.startsWith('-')) {
      paths.push(arg);
    } else if (arg === '--') {
      flagsDone = true;
    } else {
      applyFlag(flags, arg);
    }
  }
  if (paths.length === 0)
    throw new CliError('fmt: no PATH given (a file, a directory, or - for standard input)', EXIT_USAGE);
  return { flags, paths };
}

function applyFlag(flags: FmtFlags, arg: string): void {
  const match = /^--?([a-z-]+)(?:=(.*))?$/.exec(arg);
  const name = FLAG_NAMES.find((n) => n === match?.[1]);
  if (!match || !name) throw new CliError(`fmt: flag provided but not defined: ${arg}`, EXIT_USAGE);
  flags[name] = parseBool(match[2], arg);
}

/** Go's strconv.ParseBool spellings. */
function parseBool(value: string | undefined, arg: string): boolean {
  if (value === undefined) return true;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new CliError(`fmt: invalid boolean value ${JSON.stringify(value)} for ${arg}`, EXIT_USAGE);
}

/** Formats every path and returns the exit code. */
export async function runFmt({ flags, paths }: FmtRequest): Promise<number> {
  const outcomes: Outcome[] = [];
  for (const path of paths) {
    if (path === '-') outcomes.push(await formatStdin(flags));
    else for (const file of expandPath(path, flags.recursive, outcomes)) outcomes.push(await formatFile(file, flags));
  }
  if (outcomes.includes('error')) return EXIT_USAGE;
  if (outcomes.includes('syntax-error')) return EXIT_FINDINGS;
  if (flags.check && outcomes.includes('changed')) return EXIT_FMT_CHECK;
  return EXIT_OK;
}

/**
 * The template files a path names: the file itself, or the files of a
 * directory in packer fmt's order (`.pkr.hcl` then `.pkrvars.hcl`, each by
 * name; with -recursive, then each subdirectory by name). An unusable path
 * records an error outcome.
 */
function expandPath(path: string, recursive: boolean, outcomes: Outcome[]): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    outcomes.push(reportError(`${path}: cannot read: ${describeIoError(err)}`));
    return [];
  }
  if (!isDir) {
    if (isFormattable(path)) return [path];
    outcomes.push(reportError(`${path}: not an HCL2 template (expected a .pkr.hcl or .pkrvars.hcl file)`));
    return [];
  }
  try {
    return listTemplates(path, recursive);
  } catch (err) {
    outcomes.push(reportError(`${path}: cannot read directory: ${describeIoError(err)}`));
    return [];
  }
}

function listTemplates(dir: string, recursive: boolean): string[] {
  const entries = readdirSync(dir, { withFileTypes: true })
    .filter((e) => !isIgnored(e.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const templates = entries.filter((e) => isFormattable(e.name) && isFileOrLinkToFile(dir, e)).map((e) => e.name);
  // Packer 1.6.6 takes a directory's .pkr.hcl files first, then its .pkrvars.hcl files.
  const files = [
    ...templates.filter((n) => n.endsWith('.pkr.hcl')),
    ...templates.filter((n) => n.endsWith('.pkrvars.hcl')),
  ];
  // Only real directories: following symlinks could loop forever.
  const subdirs = recursive ? entries.filter((e) => e.isDirectory()).map((e) => e.name) : [];
  return [...files.map((n) => join(dir, n)), ...subdirs.flatMap((d) => listTemplates(join(dir, d), true))];
}

/** Hidden files and editor leftovers (`.x`, `x~`, `#x#`), which packer fmt skips too. */
function isIgnored(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'));
}

/** Regular files, and symlinks to regular files (packer fmt formats those too). */
function isFileOrLinkToFile(dir: string, entry: Dirent): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(join(dir, entry.name)).isFile();
  } catch {
    return false; // a dangling link
  }
}

async function formatFile(file: string, flags: FmtFlags): Promise<Outcome> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return reportError(`${file}: cannot read: ${describeIoError(err)}`);
  }
  const text = textOrReport(bytes, file);
  if (text === undefined) return 'syntax-error';
  const formatted = formatOrReport(text, file);
  if (formatted === undefined) return 'syntax-error';
  if (formatted === text) return 'unchanged';
  if (!flags.write && !flags.check && !flags.diff) {
    process.stdout.write(formatted); // -write=false: the formatted text instead of the file
  } else {
    // Like packer fmt: the name of each file that (would have) changed, then its diff.
    process.stdout.write(`${file}\n${flags.diff ? diffText(text, formatted, file) : ''}`);
  }
  if (flags.write && !flags.check) {
    try {
      // Through a symlink, the file it points to is rewritten; the link stays a link.
      await writeAtomically(realpathSync(file), (temp) => writeFile(temp, formatted));
    } catch (err) {
      return reportError(`${file}: cannot write: ${describeIoError(err)}`);
    }
  }
  return 'changed';
}

/** `-` : standard input to standard output (the formatted text, a diff, or nothing with -check). */
async function formatStdin(flags: FmtFlags): Promise<Outcome> {
  let bytes: Buffer;
  try {
    bytes = await readAll(process.stdin);
  } catch (err) {
    return reportError(`<stdin>: cannot read: ${describeIoError(err)}`);
  }
  const text = textOrReport(bytes, '<stdin>');
  if (text === undefined) return 'syntax-error';
  const formatted = formatOrReport(text, '<stdin>');
  if (formatted === undefined) return 'syntax-error';
  if (flags.diff) process.stdout.write(diffText(text, formatted, '<stdin>'));
  else if (!flags.check) process.stdout.write(formatted);
  return formatted === text ? 'unchanged' : 'changed';
}

/** The bytes as UTF-8 text, or undefined after printing where they stop being UTF-8 (as hclsyntax does). */
function textOrReport(bytes: Buffer, name: string): string | undefined {
  const decoded = decodeUtf8Text(bytes);
  if (decoded.ok) return decoded.text;
  process.stderr.write(`${invalidUtf8Message(name, decoded)}\n`);
  return undefined;
}

/** The formatted text, or undefined after printing each syntax error as `file:line:col: message`. */
function formatOrReport(text: string, name: string): string | undefined {
  const result = formatHcl(text, name);
  if (result.ok) return result.text;
  for (const d of result.diagnostics) {
    process.stderr.write(`${name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}\n`);
  }
  return undefined;
}

function reportError(line: string): Outcome {
  process.stderr.write(`${line}\n`);
  return 'error';
}

/**
 * The unified diff packer fmt prints: it runs `diff -u` with `old/` and
 * `new/` labels, so we do too, for identical hunks. Without a usable diff
 * program, our own unified diff (same format, Myers alignment) stands in.
 */
function diffText(before: string, after: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'chrootforge-fmt-diff-'));
  try {
    writeFileSync(join(dir, 'old'), before);
    writeFileSync(join(dir, 'new'), after);
    execFileSync('diff', [`--label=old/${name}`, `--label=new/${name}`, '-u', join(dir, 'old'), join(dir, 'new')], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return ''; // exit 0: no difference
  } catch (err) {
    const e = err as { status?: number; stdout?: string };
    // diff exits 1 when the files differ; anything else means it is unusable.
    return e.status === 1 && e.stdout ? e.stdout : unifiedDiff(before, after, name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** `ENOENT: no such file or directory, stat 'x'` → `no such file or directory`. */
function describeIoError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const m = /^[A-Z]+: ([^,]+)/.exec(message);
  return m ? m[1]! : message;
}
