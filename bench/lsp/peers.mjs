/**
 * Against the peer: our server and yaml-language-server side by side, in
 * one run, over stdio with the same harness (harness.mjs).
 * - ours on a generated 3,000-line template (100 sources, 100 provisioners);
 * - yaml-language-server on a 3,000-line YAML document holding the same
 *   sources and provisioners, checked by a JSON Schema built from our
 *   registry's fields (same names, types, docs), associated by modeline.
 * Measured: open → first diagnostics; completion after an edit (typing);
 * hover right after an edit (a text not analysed yet) and again with no
 * edit; definition p95; RSS with 50 documents open.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hclTemplate, PROVISIONERS, SOURCES } from '../support/chroot-template.mjs';
import { ourServerArgs, percentile, Server } from './harness.mjs';

const OPEN_DOCS = 50;

/* ------------------------------------------------------------- inputs */

/** The same content as YAML, with anchors/aliases for definition requests. */
function yamlDocument(schemaUri) {
  const lines = [`# yaml-language-server: $schema=${schemaUri}`, 'variables:', '  image: &image base.img', 'sources:'];
  const fieldLines = [];
  const aliasUses = [];
  for (let i = 0; i < SOURCES; i++) {
    lines.push(`  - name: s${i}`);
    fieldLines.push(lines.length);
    lines.push('    source_image: *image');
    aliasUses.push({ line: lines.length - 1, character: 19 });
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
  const all = text.split('\n');
  const marks = { fieldLines: [], varUses: [], paddingLine: all.findIndex((l) => l.startsWith('# padding')) };
  all.forEach((l, i) => {
    if (l.startsWith('    source_image:')) {
      marks.fieldLines.push(i);
      marks.varUses.push({ line: i, character: l.indexOf('*image') + 2 });
    }
  });
  void fieldLines;
  void aliasUses;
  return { text, marks };
}

/** A JSON Schema of the same fields, from our registry (types, enums, defaults, docs). */
function jsonSchemaOfFields(fieldsOf, schemaFor) {
  const objectOf = (schema) => {
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

/** Drives one server through the whole measurement. */
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
  const first = files[0];
  const openMs = await server.open(first.uri, languageId, first.text);
  const completion = [];
  const hover = [];
  const hoverSteady = [];
  const definition = [];
  let version = 1;
  let completionCount = 0;
  for (let i = 0; i < runs; i++) {
    const line = first.marks.fieldLines[i % first.marks.fieldLines.length];
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

/**
 * Both servers, one after the other in this process; rows of the figures
 * with the targets of issue 12 (ratios to the peer).
 */
export async function peerRows({ root, work, runs }) {
  await import(pathToFileURL(join(root, 'dist/template/node/index.js')).href);
  const { fieldsOf, schemaFor } = await import(pathToFileURL(join(root, 'dist/template/schema/registry.js')).href);
  mkdirSync(work, { recursive: true });
  const schemaPath = join(work, 'chroot-template.schema.json');
  writeFileSync(schemaPath, JSON.stringify(jsonSchemaOfFields(fieldsOf, schemaFor), null, 2));

  const ours = new Server('chrootforge', process.execPath, ourServerArgs(root));
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
    [join(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    yamlSettings,
  );
  const b = await measure(yaml, runs, {
    dir: join(work, 'yaml'),
    ext: '.yaml',
    languageId: 'yaml',
    make: () => yamlDocument(pathToFileURL(schemaPath).href),
  });
  await yaml.stop();

  const p = (values, n) => percentile(values, n);
  return {
    note: `3,000-line documents, ${runs} requests each; completion items: chrootforge ${a.completionCount}, yaml-language-server ${b.completionCount}`,
    rows: [
      { label: 'open → first diagnostics (ms)', ours: a.openMs, peer: b.openMs, ratio: 0.5 },
      { label: 'completion p50 (ms)', ours: p(a.completion, 50), peer: p(b.completion, 50) },
      { label: 'completion p95, typing (ms)', ours: p(a.completion, 95), peer: p(b.completion, 95), ratio: 0.25 },
      { label: 'hover p50 (ms)', ours: p(a.hover, 50), peer: p(b.hover, 50) },
      { label: 'hover p95, after an edit (ms)', ours: p(a.hover, 95), peer: p(b.hover, 95), ratio: 1 },
      { label: 'hover p95, no edit (ms)', ours: p(a.hoverSteady, 95), peer: p(b.hoverSteady, 95), ratio: 1 },
      { label: 'definition p95 (ms)', ours: p(a.definition, 95), peer: p(b.definition, 95), ratio: 1 },
      { label: `RSS, ${OPEN_DOCS} documents open (MB)`, ours: a.rss, peer: b.rss, max: 150 },
    ],
  };
}
