/**
 * Loaded into a language-server process under test (NODE_OPTIONS
 * `--import`): on SIGUSR2 it collects all garbage, then writes the V8 heap
 * in use (bytes) to CHROOTFORGE_TEST_HEAP_FILE. What the server still holds
 * is read without a request or a notification, so the probe changes nothing
 * the server does; and without the noise of RSS, which V8 returns to the
 * system when it pleases.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** A context made after the flag has `gc`. */
const gc = /** @type {() => void} */ (runInNewContext('gc'));
const out = process.env.CHROOTFORGE_TEST_HEAP_FILE;

process.on('SIGUSR2', () => {
  if (!out) return;
  // Twice: what the first collection frees may keep more alive until the second.
  gc();
  gc();
  writeFileSync(`${out}.tmp`, String(getHeapStatistics().used_heap_size));
  renameSync(`${out}.tmp`, out);
});
