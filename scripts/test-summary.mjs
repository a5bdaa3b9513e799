#!/usr/bin/env node
// Prints what CI ran and the plain closing line CI reads:
// "N passed, N failed, N skipped".
//
//   node scripts/test-summary.mjs VITEST_JSON [STEPS_TSV]
//
// VITEST_JSON is vitest's JSON report; a missing or unreadable report counts
// as one failure, and so does a test file that failed to load (it has no
// tests to count). STEPS_TSV holds one line per step of .ci/run,
// `kind<TAB>name<TAB>exit status<TAB>milliseconds`: every step's time is
// printed, and each step of kind `check` (type-check, lint, format check)
// counts as one test, passed or failed.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** Test groups (directories under test/) slower than this are listed with their time. */
const SLOW_GROUP_SECONDS = 5;

/**
 * @typedef {{ status: string }} Assertion
 * @typedef {{ name: string, status: string, message?: string, startTime?: number, endTime?: number,
 *   assertionResults?: Assertion[] }} FileResult
 * @typedef {{ numPassedTests?: number, numFailedTests?: number, numPendingTests?: number, numTodoTests?: number,
 *   testResults?: FileResult[] }} VitestReport
 * @typedef {{ kind: string, name: string, status: number, ms: number }} Step
 */

const [reportPath, stepsPath] = process.argv.slice(2);

/** @returns {VitestReport | undefined} */
function readReport() {
  try {
    return reportPath ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

/** @returns {Step[]} */
function readSteps() {
  if (!stepsPath || !existsSync(stepsPath)) return [];
  return readFileSync(stepsPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind = '', name = '', status = '1', ms = '0'] = line.split('\t');
      return { kind, name, status: Number(status), ms: Number(ms) };
    });
}

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

const report = readReport();
const steps = readSteps();
const files = report?.testResults ?? [];

if (steps.length > 0) {
  console.log('\nTime per step:');
  for (const s of steps)
    console.log(`  ${s.name.padEnd(24)} ${seconds(s.ms).padStart(9)}${s.status === 0 ? '' : '  FAILED'}`);
}

/** @type {Map<string, number>} */
const groups = new Map();
for (const f of files) {
  const group = relative(process.cwd(), f.name).split('/').slice(0, 2).join('/');
  groups.set(group, (groups.get(group) ?? 0) + Math.max(0, (f.endTime ?? 0) - (f.startTime ?? 0)));
}
const slow = [...groups].filter(([, ms]) => ms >= SLOW_GROUP_SECONDS * 1000).sort((a, b) => b[1] - a[1]);
if (slow.length > 0) {
  console.log(`\nTest groups over ${SLOW_GROUP_SECONDS} s:`);
  for (const [group, ms] of slow) console.log(`  ${group.padEnd(24)} ${seconds(ms).padStart(9)}`);
}

// Files that failed to load have no tests counted; their message says why (an unmet requirement on CI, say).
const brokenFiles = files.filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0);
for (const f of brokenFiles) {
  console.log(`\nFAILED to load: ${relative(process.cwd(), f.name)}\n  ${(f.message ?? '').split('\n')[0]}`);
}
const checks = steps.filter((s) => s.kind === 'check');
const failedChecks = checks.filter((s) => s.status !== 0);
for (const s of failedChecks) console.log(`\nFAILED check: ${s.name} (exit ${s.status})`);
if (!report) console.log(`\nFAILED: no readable test report at ${reportPath ?? '(none given)'}`);

const passed = (report?.numPassedTests ?? 0) + checks.length - failedChecks.length;
const failed = (report?.numFailedTests ?? 0) + brokenFiles.length + failedChecks.length + (report ? 0 : 1);
const skipped = (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
