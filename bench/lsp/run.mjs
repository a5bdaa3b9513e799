#!/usr/bin/env node
/**
 * Language-server latency and memory, side by side with yaml-language-server.
 *
 * The same harness drives both servers over stdio (vscode-jsonrpc):
 * - ours on a generated 3,000-line template (100 sources, 100 provisioners);
 * - yaml-language-server on a 3,000-line YAML document holding the same
 *   sources and provisioners, checked by a JSON Schema built from our
 *   registry's fields (same names, types, docs), associated by modeline.
 * Measured: open → first diagnostics; completion after an edit (typing);
 * hover right after an edit (a text not analysed yet) and again with no
 * edit; definition p95; RSS with 50 documents open.
 *
 * Run after `npm run build`: `node bench/lsp/run.mjs [--runs N]`.
 * BENCH_NODE_ARGS (space-separated) go to our server's node before the
 * script: how heap flags are tried before cli/v8-flags.ts sets them.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { hclTemplate, PROVISIONERS, SOURCES } from '../support/chroot-template.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(ROOT, 'bench/.tmp/lsp');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 60;
const OPEN_DOCS = 50;

const { fieldsOf, schemaFor } = await import(pathToFileURL(join(ROOT, 'dist/template/schema/registry.js')).href);

/* ------------------------------------------------------------- inputs */

/** @typedef {import('../support/chroot-template.mjs').Marks} Marks */

/**
 * The same content as YAML, with anchors/aliases for definition requests.
 * @param {string} schemaUri
 * @returns {{ text: string, marks: Marks }}
 */
function yamlDocument(schemaUri) {
  const lines = [`# yaml-language-server: $schema=${schemaUri}`, 'variables:', '  image: &image base.img', 'sources:'];
  for (let i = 0; i < SOURCES; i++) {
    lines.push(`  - name: s${i}`);
    lines.push('    source_image: *image');
    lines.push(
      '    source_checksum: none',
      `    image_size: ${i + 1}G`,
      '    mount_partition: "1"',
      '    mount_path: "/mnt/chrootforge/{{.Device}}"',
      '    mount_options: [noatime]',
      '    pre_mount_commands: ["echo {{.Device}}"]',
      '    post_mount_commands: ["echo {{.Device}} {{.MountPath}}"]',
      '    command_wrapper: "sudo {{.Command}}"',
      '    copy_files: [/etc/resolv.conf]',
      `    output_image: out/s${i}.img`,
      '    output_format: raw',
      '    chroot_env:',
      '      LANG: C',
      '',
    );
  }
  lines.push('provisioners:');
  for (let i = 0; i < PROVISIONERS; i++) {
    lines.push(
      '  - type: shell',
      `    inline: ["echo step ${i}", "apt-get install -y pkg${i}"]`,
      '    environment_vars: [A=1, B=2]',
      '    execute_command: "chmod +x {{.Path}}; {{.Vars}} {{.Path}}"',
      '    inline_shebang: /bin/sh -e',
      '    remote_folder: /tmp',
      '    valid_exit_codes: [0]',
      '    pause_before: 1s',
      '    max_retries: 1',
      '    timeout: 5m',
      '',
    );
  }
  while (lines.length < 3000) lines.splice(1, 0, '# padding comment');
  const text = `${lines.join('\n')}\n`;
  // Padding moved everything after the header: the marks are read from the finished text.
  /** @type {Marks} */
  const marks = { fieldLines: [], varUses: [], paddingLine: lines.findIndex((l) => l.startsWith('# padding')) };
  lines.forEach((l, i) => {
    if (l.startsWith('    source_image:')) {
      marks.fieldLines.push(i);
      marks.varUses.push({ line: i, character: l.indexOf('*image') + 2 });
    }
  });
  return { text, marks };
}

/** A JSON Schema of the same fields, from our registry (types, enums, defaults, docs). */
function jsonSchemaOfFields() {
  /**
   * @param {unknown} schema
   * @returns {{ type: 'object', properties: Record<string, object>, additionalProperties: false }}
   */
  const objectOf = (schema) => {
    /** @type {Record<string, object>} */
    const properties = {};
    for (const f of fieldsOf(schema)) {
      properties[f.name] = {
        ...(f.types.length ? { type: f.types.length === 1 ? f.types[0] : f.types } : {}),
        ...(f.description ? { markdownDescription: f.description, description: f.description } : {}),
        ...(f.enum ? { enum: f.enum } : {}),
        ...(f.hasDefault ? { default: f.default } : {}),
      };
    }
    return { type: 'object', properties, additionalProperties: false };
  };
  const source = objectOf(schemaFor('source', 'chroot'));
  source.properties.name = { type: 'string' };
  const shell = objectOf(schemaFor('provisioner', 'shell'));
  shell.properties.type = { enum: ['shell'] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      variables: { type: 'object', additionalProperties: { type: 'string' } },
      sources: { type: 'array', items: source },
      provisioners: { type: 'array', items: shell },
    },
    additionalProperties: false,
  };
}

/* ------------------------------------------------------------ harness */

class Server {
  /**
   * @param {string} name
   * @param {string} command
   * @param {string[]} args
   * @param {Record<string, unknown>} settings workspace/configuration answers by section
   */
  constructor(name, command, args, settings) {
    this.name = name;
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    /** @type {Map<string, (p: unknown) => void>} */
    this.waiters = new Map();
    this.conn.onNotification('textDocument/publishDiagnostics', (/** @type {{ uri: string }} */ p) => {
      const w = this.waiters.get(p.uri);
      if (w) {
        this.waiters.delete(p.uri);
        w(p);
      }
    });
    this.conn.onRequest('workspace/configuration', (/** @type {{ items: Array<{ section: string }> }} */ p) =>
      p.items.map((i) => settings[i.section] ?? null),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification(() => undefined);
    this.conn.listen();
  }

  /** @param {string} root */
  async initialize(root) {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown'] },
        },
      },
      initializationOptions: {},
    });
    await this.conn.sendNotification('initialized', {});
  }

  /**
   * Opens a document; resolves with ms until its first diagnostics.
   * @param {string} uri @param {string} languageId @param {string} text
   */
  async open(uri, languageId, text) {
    const start = performance.now();
    const got = new Promise((r) => this.waiters.set(uri, r));
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    await got;
    return performance.now() - start;
  }

  /** @param {string} method @param {object} params */
  async timed(method, params) {
    const start = performance.now();
    const result = await this.conn.sendRequest(method, params);
    return { ms: performance.now() - start, result };
  }

  rssMb() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  }

  async stop() {
    await this.conn.sendRequest('shutdown').catch(() => undefined);
    await this.conn.sendNotification('exit').catch(() => undefined);
    setTimeout(() => this.child.kill('SIGKILL'), 2000).unref();
  }
}

/** @param {number[]} values @param {number} p */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Drives one server through the whole measurement.
 * @param {Server} server
 * @param {{ dir: string, ext: string, languageId: string, make: () => { text: string, marks: Marks } }} document
 */
async function measure(server, { dir, ext, languageId, make }) {
  await server.initialize(dir);
  const files = [];
  for (let d = 0; d < OPEN_DOCS; d++) {
    // One directory per document: for us a directory is one configuration.
    const sub = join(dir, `doc${d}`);
    mkdirSync(sub, { recursive: true });
    const path = join(sub, `main${ext}`);
    const doc = make();
    writeFileSync(path, doc.text);
    files.push({ uri: pathToFileURL(path).href, ...doc });
  }
  const [first] = files;
  if (!first) throw new Error('OPEN_DOCS must be at least 1');
  const openMs = await server.open(first.uri, languageId, first.text);
  const completion = [];
  const hover = [];
  const hoverSteady = [];
  const definition = [];
  let version = 1;
  let completionCount = 0;
  for (let i = 0; i < RUNS; i++) {
    const line = first.marks.fieldLines[i % first.marks.fieldLines.length] ?? 0;
    // Typing: insert a new line with "mou" inside a source, ask for completion, then undo.
    const insertAt = { line, character: 0 };
    const typed = languageId === 'yaml' ? '    mou\n' : '  mou\n';
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: first.uri, version: ++version },
      contentChanges: [{ range: { start: insertAt, end: insertAt }, text: typed }],
    });
    const c = await server.timed('textDocument/completion', {
      textDocument: { uri: first.uri },
      position: { line, character: typed.length - 1 },
    });
    completion.push(c.ms);
    completionCount = (Array.isArray(c.result) ? c.result : (c.result?.items ?? [])).length;
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: first.uri, version: ++version },
      contentChanges: [{ range: { start: insertAt, end: { line: line + 1, character: 0 } }, text: '' }],
    });
    // A real change that moves no line (a comment's last letter), so hover
    // and definition below see a text no analysis has seen yet.
    const padding = first.marks.paddingLine;
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: first.uri, version: ++version },
      contentChanges: [
        {
          range: { start: { line: padding, character: 16 }, end: { line: padding, character: 17 } },
          text: String.fromCharCode(97 + (i % 26)),
        },
      ],
    });
    const h = await server.timed('textDocument/hover', {
      textDocument: { uri: first.uri },
      position: { line, character: 6 },
    });
    hover.push(h.ms);
    // The same hover again: nothing changed, so no re-analysis (what moving the mouse costs).
    const steady = await server.timed('textDocument/hover', {
      textDocument: { uri: first.uri },
      position: { line, character: 8 },
    });
    hoverSteady.push(steady.ms);
    const use = first.marks.varUses[i % first.marks.varUses.length];
    const def = await server.timed('textDocument/definition', { textDocument: { uri: first.uri }, position: use });
    definition.push(def.ms);
  }
  for (const f of files.slice(1)) await server.open(f.uri, languageId, f.text);
  await new Promise((r) => setTimeout(r, 500));
  const rss = server.rssMb();
  return { openMs, completion, hover, hoverSteady, definition, rss, completionCount };
}

/* ---------------------------------------------------------------- run */

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const schemaPath = join(WORK, 'chroot-template.schema.json');
writeFileSync(schemaPath, JSON.stringify(jsonSchemaOfFields(), null, 2));

const ours = new Server(
  'chrootforge',
  process.execPath,
  [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), join(ROOT, 'dist/cli/main.js'), 'lsp', '--stdio'],
  {},
);
const oursResult = await measure(ours, {
  dir: join(WORK, 'hcl'),
  ext: '.pkr.hcl',
  languageId: 'hcl',
  make: hclTemplate,
});
await ours.stop();

const yamlSettings = {
  yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false }, format: { enable: false } },
};
const yaml = new Server(
  'yaml-language-server',
  process.execPath,
  [join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
  yamlSettings,
);
const yamlResult = await measure(yaml, {
  dir: join(WORK, 'yaml'),
  ext: '.yaml',
  languageId: 'yaml',
  make: () => yamlDocument(pathToFileURL(schemaPath).href),
});
await yaml.stop();

/** @type {Array<[string, number, number]>} */
const rows = [
  ['open → first diagnostics (ms)', oursResult.openMs, yamlResult.openMs],
  ['completion p50 (ms)', percentile(oursResult.completion, 50), percentile(yamlResult.completion, 50)],
  ['completion p95 (ms)', percentile(oursResult.completion, 95), percentile(yamlResult.completion, 95)],
  ['hover p50 (ms)', percentile(oursResult.hover, 50), percentile(yamlResult.hover, 50)],
  ['hover p95 (ms)', percentile(oursResult.hover, 95), percentile(yamlResult.hover, 95)],
  ['hover p95, no edit before (ms)', percentile(oursResult.hoverSteady, 95), percentile(yamlResult.hoverSteady, 95)],
  ['definition p95 (ms)', percentile(oursResult.definition, 95), percentile(yamlResult.definition, 95)],
  [`RSS, ${OPEN_DOCS} documents open (MB)`, oursResult.rss, yamlResult.rss],
];
/** @param {number} n */
const fmt = (n) => n.toFixed(1).padStart(10);
console.log(
  `\nLSP bench: 3,000-line documents, ${RUNS} requests each (completion after an edit); ${OPEN_DOCS} documents for RSS`,
);
console.log(
  `completion items: chrootforge ${oursResult.completionCount}, yaml-language-server ${yamlResult.completionCount}\n`,
);
console.log(`${'measure'.padEnd(34)}${'chrootforge'.padStart(12)}${'yaml-ls'.padStart(10)}${'ratio'.padStart(8)}`);
for (const [label, a, b] of rows)
  console.log(`${label.padEnd(34)}${fmt(a).padStart(12)}${fmt(b)}${(a / b).toFixed(2).padStart(8)}`);
const misses = rows
  .slice(0, 7)
  .filter(([, a, b]) => a > b)
  .map(([l]) => l);
const rssOk = oursResult.rss < 150;
console.log(
  `\ntargets: every p95 <= yaml-language-server's: ${misses.length ? `MISSED (${misses.join('; ')})` : 'met'}; RSS < 150 MB: ${rssOk ? 'met' : 'MISSED'}`,
);
process.exitCode = misses.length || !rssOk ? 1 : 0;
