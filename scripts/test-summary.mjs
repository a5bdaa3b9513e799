#!/usr/bin/env node
// Prints the plain closing line CI reads ("N passed, N failed, N skipped")
// from vitest's JSON report. A missing report counts as one failure.
import { readFileSync } from 'node:fs';

let report;
try {
  report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// Suites that failed to load have no tests counted; surface them as failures.
const brokenSuites = (report.testResults ?? []).filter(
  (s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0,
).length;
console.log(`${passed} passed, ${failed + brokenSuites} failed, ${skipped} skipped`);
process.exit(failed + brokenSuites > 0 ? 1 : 0);
