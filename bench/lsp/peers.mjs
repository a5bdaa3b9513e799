/**
 * Against the peer: our server and yaml-language-server side by side, in
 * one run, over stdio with the same harness (harness.mjs).
 * - ours on a generated 3,000-line template (100 sources, 100 provisioners);
 * - yaml-language-server on a 3,000-line YAML document holding the same
 *   sources and provisioners, checked by a JSON Schema built from our
 *   registry's fields (same names, types, docs), associated by modeline.
 * Measured: open → first diagnostics; completion after an edit (typing);
 * hover right after an edit (a text not analysed yet) and again with no
 * edit; definition p95; then, idle (nothing pending), hover and completion
 * on field names; RSS with 50 documents open.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hclTemplate, PROVISIONERS, SOURCES } from '../support/chroot-template.mjs';
import { ourServerArgs, percentile, Server } from './harness.mjs';

/** @typedef {import('./harness.mjs').Row} Row */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OPEN_DOCS = 50;

// The registry reads the schemas through the engine's resources: Node's are bound first.
await import(pathToFileURL(join(ROOT, 'dist/template/node/index.js')).href);
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

/**
 * Drives one server through the whole measurement.
 * @param {Server} server
 * @param {number} runs
 * @param {{ dir: string, ext: string, languageId: string, make: () => { text: string, marks: Marks } }} document
 */
async function measure(server, runs, { dir, ext, languageId, make }) {
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
  for (let i = 0; i < runs; i++) {
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
  // Idle: no edit pending, the last analysis done; what moving the mouse and asking without typing cost.
  await new Promise((r) => setTimeout(r, 3000));
  /** @type {number[]} */
  const hoverIdle = [];
  /** @type {number[]} */
  const completionIdle = [];
  const indent = languageId === 'yaml' ? 4 : 2;
  for (let i = 0; i < runs; i++) {
    const line = first.marks.fieldLines[i % first.marks.fieldLines.length] ?? 0;
    const position = { line, character: indent + 1 };
    hoverIdle.push((await server.timed('textDocument/hover', { textDocument: { uri: first.uri }, position })).ms);
    completionIdle.push(
      (await server.timed('textDocument/completion', { textDocument: { uri: first.uri }, position })).ms,
    );
  }
  for (const f of files.slice(1)) await server.open(f.uri, languageId, f.text);
  await new Promise((r) => setTimeout(r, 500));
  const rss = server.rssMb();
  return { openMs, completion, hover, hoverSteady, hoverIdle, completionIdle, definition, rss, completionCount };
}

/**
 * Both servers, one after the other; the figures as rows with issue 12's
 * targets (ratios to the peer).
 * @param {{ work: string, runs: number }} options
 * @returns {Promise<{ note: string, rows: Row[] }>}
 */
export async function peerRows({ work, runs }) {
  mkdirSync(work, { recursive: true });
  const schemaPath = join(work, 'chroot-template.schema.json');
  writeFileSync(schemaPath, JSON.stringify(jsonSchemaOfFields(), null, 2));

  const ours = new Server('chrootforge', process.execPath, ourServerArgs(ROOT), {});
  const a = await measure(ours, runs, {
    dir: join(work, 'hcl'),
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
  const b = await measure(yaml, runs, {
    dir: join(work, 'yaml'),
    ext: '.yaml',
    languageId: 'yaml',
    make: () => yamlDocument(pathToFileURL(schemaPath).href),
  });
  await yaml.stop();

  return {
    note: `3,000-line documents, ${runs} requests each; completion items: chrootforge ${a.completionCount}, yaml-language-server ${b.completionCount}`,
    rows: [
      { label: 'open → first diagnostics (ms)', ours: a.openMs, peer: b.openMs, ratio: 0.5 },
      { label: 'completion p50 (ms)', ours: percentile(a.completion, 50), peer: percentile(b.completion, 50) },
      {
        label: 'completion p95, typing (ms)',
        ours: percentile(a.completion, 95),
        peer: percentile(b.completion, 95),
        ratio: 0.25,
      },
      { label: 'hover p50, after an edit (ms)', ours: percentile(a.hover, 50), peer: percentile(b.hover, 50) },
      {
        label: 'hover p95, after an edit (ms)',
        ours: percentile(a.hover, 95),
        peer: percentile(b.hover, 95),
        ratio: 1,
      },
      {
        label: 'hover p95, no edit (ms)',
        ours: percentile(a.hoverSteady, 95),
        peer: percentile(b.hoverSteady, 95),
        ratio: 1,
      },
      {
        label: 'completion p95, idle (ms)',
        ours: percentile(a.completionIdle, 95),
        peer: percentile(b.completionIdle, 95),
        ratio: 0.25,
      },
      { label: 'hover p95, idle (ms)', ours: percentile(a.hoverIdle, 95), peer: percentile(b.hoverIdle, 95), ratio: 1 },
      {
        label: 'definition p95 (ms)',
        ours: percentile(a.definition, 95),
        peer: percentile(b.definition, 95),
        ratio: 1,
      },
      { label: `RSS, ${OPEN_DOCS} documents open (MB)`, ours: a.rss, peer: b.rss, max: 150 },
    ],
  };
}
