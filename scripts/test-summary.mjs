#!/usr/bin/env node
// Prints what CI ran and the plain closing line CI reads:
// "N passed, N failed, N skipped".
//
//   node scripts/test-summary.mjs VITEST_JSON [STEPS_TSV]
//
// VITEST_JSON is vitest's JSON report; a missing or unreadable report counts
// as one failure, and so does a test file that failed with no failed test of
// its own to count (it did not load, or a beforeAll/afterAll hook failed and
// its tests were reported skipped). With CHROOTFORGE_REQUIRE_ALL=1 (.ci/run)
// a skipped test is a failure too. STEPS_TSV holds one line per step of
// .ci/run, `kind<TAB>name<TAB>exit status<TAB>milliseconds`: every step's
// time is printed, and each step of kind `check` (type-check, lint, format
// check) counts as one test, passed or failed.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** Test groups (directories under test/) slower than this are listed with their time. */
const SLOW_GROUP_SECONDS = 5;

const requireAll = process.env.CHROOTFORGE_REQUIRE_ALL === '1';

/**
 * @typedef {{ status: string, fullName?: string }} Assertion
 * @typedef {{ name: string, status: string, message?: string, startTime?: number, endTime?: number,
 *   assertionResults?: Assertion[] }} FileResult
 * @typedef {{ success?: boolean, numPassedTests?: number, numFailedTests?: number, numPendingTests?: number,
 *   numTodoTests?: number, testResults?: FileResult[] }} VitestReport
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

// A file that failed with no failed test of its own: it did not load (its message says why, an unmet
// requirement on CI say) or a hook failed (vitest then reports its tests skipped, the error only above).
const brokenFiles = files.filter(
  (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
);
for (const f of brokenFiles) {
  const why =
    (f.message ?? '').split('\n')[0] || 'a hook failed or the file did not run; the error is in the output above';
  console.log(`\nFAILED file: ${relative(process.cwd(), f.name)}\n  ${why}`);
}
const skippedTests = (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0);
if (requireAll && skippedTests > 0) {
  console.log(`\nFAILED: ${skippedTests} test(s) skipped, and CHROOTFORGE_REQUIRE_ALL=1 forbids skipping:`);
  for (const f of files) {
    for (const a of f.assertionResults ?? []) {
      if (a.status === 'skipped' || a.status === 'pending' || a.status === 'todo') {
        console.log(`  ${relative(process.cwd(), f.name)}: ${a.fullName ?? ''}`);
      }
    }
  }
}
const checks = steps.filter((s) => s.kind === 'check');
const failedChecks = checks.filter((s) => s.status !== 0);
for (const s of failedChecks) console.log(`\nFAILED check: ${s.name} (exit ${s.status})`);
if (!report) console.log(`\nFAILED: no readable test report at ${reportPath ?? '(none given)'}`);

const passed = (report?.numPassedTests ?? 0) + checks.length - failedChecks.length;
let failed = (report?.numFailedTests ?? 0) + brokenFiles.length + failedChecks.length + (report ? 0 : 1);
// Whatever vitest failed on, the closing line must not say 0 failed.
if (report?.success === false && failed === 0) {
  console.log('\nFAILED: vitest reports a failure that no test or file above accounts for; see its output');
  failed = 1;
}
const skipped = requireAll ? 0 : skippedTests;
if (requireAll) failed += skippedTests;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
