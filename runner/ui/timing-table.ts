/** The per-step timing table printed at the end of a build. */
import type { StepTiming } from '../multistep/run-steps.js';
import type { Ui } from './ui.js';

/** Formats timings as aligned rows, slowest visible at a glance. */
export function formatTimingTable(timings: StepTiming[]): string[] {
  const width = Math.max(5, ...timings.map((t) => t.name.length));
  const rows = timings.map((t) =>
    `${t.name.padEnd(width)}  ${seconds(t.runMs)}  ${t.cleanupMs === undefined ? '' : `cleanup ${seconds(t.cleanupMs)}`}`.trimEnd(),
  );
  const total = timings.reduce((sum, t) => sum + t.runMs + (t.cleanupMs ?? 0), 0);
  rows.push(`${'total'.padEnd(width)}  ${seconds(total)}`);
  return rows;
}

/** Prints the table through the Ui, and one `timing` event per step. */
export function reportTimings(ui: Ui, timings: StepTiming[]): void {
  ui.say('Step timings:');
  for (const row of formatTimingTable(timings)) ui.message(row);
  for (const t of timings)
    ui.event('timing', t.name, (t.runMs / 1000).toFixed(3), ((t.cleanupMs ?? 0) / 1000).toFixed(3), t.outcome);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`.padStart(8);
}
