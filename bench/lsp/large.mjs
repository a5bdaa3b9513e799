/**
 * Large files and long sessions, our server alone (issue 12's absolute
 * targets): a 5 MB `.pkr.hcl` and a 6.5 MB legacy JSON template opened,
 * asked, edited and closed; then 1,000 distinct small documents opened,
 * edited and closed, for what each leaves behind.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { largeHcl, largeLegacyJson } from '../support/large-documents.mjs';
import { ourServerArgs, percentile, Server } from './harness.mjs';

/** @typedef {import('./harness.mjs').Row} Row */

const HCL_BYTES = 5_000_000;
const JSON_BYTES = 6_500_000;

/**
 * A small template of its own for cycle `i` (names differ, so no text is seen twice).
 * @param {number} i
 */
function smallTemplate(i) {
  return `variable "image_${i}" {
  type    = string
  default = "base-${i}.img"
}

source "chroot" "c${i}" {
  source_image    = var.image_${i}
  source_checksum = "none"
  mount_path      = "/mnt/chrootforge/{{.Device}}"
  output_image    = "out/c${i}.img"
}

build {
  sources = ["source.chroot.c${i}"]
  provisioner "shell" {
    inline = ["echo ${i}"]
  }
}
`;
}

/**
 * @param {{ root: string, work: string, runs: number, cycles: number }} options
 * @returns {Promise<{ note: string, rows: Row[] }>}
 */
export async function largeRows({ root, work, runs, cycles }) {
  const server = new Server('chrootforge', process.execPath, ourServerArgs(root), {});
  await server.initialize(work);
  const rssStart = await server.settledRssMb();

  const hcl = largeHcl(HCL_BYTES);
  const hclPath = join(work, 'big-hcl', 'main.pkr.hcl');
  mkdirSync(join(work, 'big-hcl'), { recursive: true });
  writeFileSync(hclPath, hcl.text);
  const hclUri = pathToFileURL(hclPath).href;
  const hclOpen = await server.open(hclUri, 'hcl', hcl.text);
  const doc = { textDocument: { uri: hclUri } };
  const symbols = await server.timed('textDocument/documentSymbol', doc);
  const formatting = await server.timed('textDocument/formatting', {
    ...doc,
    options: { tabSize: 2, insertSpaces: true },
  });
  /** @type {number[]} */
  const hoverSteady = [];
  for (let i = 0; i < runs; i++)
    hoverSteady.push((await server.timed('textDocument/hover', { ...doc, position: hcl.marks.hover })).ms);
  // Typing in the first source (a new line "mou", completion, then undo), and a hover right after an edit.
  /** @type {number[]} */
  const completion = [];
  /** @type {number[]} */
  const hoverEdited = [];
  let version = 1;
  const at = { line: hcl.marks.fieldLine, character: 0 };
  for (let i = 0; i < runs; i++) {
    await server.change(hclUri, ++version, { start: at, end: at }, '  mou\n');
    completion.push((await server.timed('textDocument/completion', { ...doc, position: { ...at, character: 5 } })).ms);
    await server.change(hclUri, ++version, { start: at, end: { line: at.line + 1, character: 0 } }, '');
    hoverEdited.push((await server.timed('textDocument/hover', { ...doc, position: hcl.marks.hover })).ms);
  }
  // The edits' analysis, then nothing pending.
  const settled = server.diagnostics(hclUri);
  await server.change(hclUri, ++version, { start: at, end: at }, '');
  await settled;
  const rssHcl = await server.settledRssMb(1000);

  const json = largeLegacyJson(JSON_BYTES);
  const jsonPath = join(work, 'big-json', 'template.json');
  mkdirSync(join(work, 'big-json'), { recursive: true });
  writeFileSync(jsonPath, json.text);
  const jsonUri = pathToFileURL(jsonPath).href;
  const jsonOpen = await server.open(jsonUri, 'json', json.text);
  const codeAction = await server.timed('textDocument/codeAction', {
    textDocument: { uri: jsonUri },
    range: { start: json.marks.hover, end: json.marks.hover },
    context: { diagnostics: [] },
  });
  const jsonHover = await server.timed('textDocument/hover', {
    textDocument: { uri: jsonUri },
    position: json.marks.hover,
  });
  const rssBoth = await server.settledRssMb(1000);
  await server.close(hclUri);
  await server.close(jsonUri);
  // V8 collects the closed documents' heap when it next runs a major GC, which an idle server reaches ~15 s later
  // (measured with a forced-GC probe: the heap is back to 15 MB at once when collected; see test/server/memory-after-close).
  const rssClosed = await server.settledRssMb(20_000);

  // Distinct documents, each in its own directory (a configuration of its own): open, edit, ask, close.
  const cyclesDir = join(work, 'cycles');
  /** @type {number[]} */
  const rssAt = [];
  const warmUp = Math.min(100, Math.floor(cycles / 10));
  for (let i = 0; i < cycles; i++) {
    if (i === warmUp) rssAt.push(await server.settledRssMb());
    const dir = join(cyclesDir, `d${i}`);
    mkdirSync(dir, { recursive: true });
    const uri = pathToFileURL(join(dir, 'main.pkr.hcl')).href;
    await server.open(uri, 'hcl', smallTemplate(i));
    await server.change(uri, 2, { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, '  # edited\n');
    await server.timed('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 4 } });
    await server.close(uri);
  }
  rssAt.push(await server.settledRssMb());
  await server.stop();
  const [rssWarm = Number.NaN, rssEnd = Number.NaN] = rssAt;
  const perCycleKb = ((rssEnd - rssWarm) * 1024) / (cycles - warmUp);

  const p95 = (/** @type {number[]} */ values) => percentile(values, 95);
  return {
    note: `${(hcl.text.length / 1e6).toFixed(1)} MB HCL (${hcl.text.split('\n').length} lines), ${(json.text.length / 1e6).toFixed(1)} MB legacy JSON; ${runs} requests each; ${cycles} open/edit/close cycles`,
    rows: [
      { label: '5 MB HCL: open → diagnostics (ms)', ours: hclOpen, max: 2000 },
      { label: '5 MB HCL: documentSymbol (ms)', ours: symbols.ms, max: 1000 },
      { label: '5 MB HCL: formatting (ms)', ours: formatting.ms, max: 1000 },
      { label: '5 MB HCL: completion p95, typing (ms)', ours: p95(completion), max: 100 },
      { label: '5 MB HCL: hover p95, after an edit (ms)', ours: p95(hoverEdited), max: 100 },
      { label: '5 MB HCL: hover p95, no edit (ms)', ours: p95(hoverSteady), max: 100 },
      { label: '6.5 MB JSON: open → diagnostics (ms)', ours: jsonOpen },
      { label: '6.5 MB JSON: codeAction (ms)', ours: codeAction.ms, max: 1000 },
      { label: '6.5 MB JSON: hover (ms)', ours: jsonHover.ms, max: 100 },
      { label: 'RSS before opening (MB)', ours: rssStart },
      { label: 'RSS, 5 MB HCL open (MB)', ours: rssHcl },
      { label: 'RSS, both open (MB)', ours: rssBoth, max: 300 },
      { label: 'RSS 20 s after closing both (MB)', ours: rssClosed, max: rssStart + 50, target: 'start + 50' },
      { label: `RSS growth per open/edit/close cycle (KB)`, ours: perCycleKb, max: 10 },
    ],
  };
}
