/**
 * Every real arm and arm-image configuration of the issue 10 corpus
 * (test/fixtures/realworld) that current Packer accepts is planned for the
 * build: `chrootforge build` takes it (it plans), or refuses it for a reason
 * that has nothing to do with its arm source (a provisioner or
 * post-processor chrootforge does not run, a data source whose value exists
 * only when Packer runs it). No arm or arm-image field may be the reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfiguration } from '../../cli/load-configuration.js';
import { planBuilds, PlanError } from '../../template/plan.js';

const ROOT = join(import.meta.dirname, '../fixtures/realworld');

interface Entry {
  verdict: 'valid' | 'invalid';
  vars?: Record<string, string>;
  varFiles?: string[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'expectations.json'), 'utf8')) as Record<string, Entry>;

/** Why a plan may be refused: not the arm source's fault. */
const NOT_THE_SOURCE = [
  /^provisioner "(ansible|ansible-local|goss|breakpoint)": chrootforge does not run it/,
  /^post-processor "[a-z-]+" is not supported by chrootforge builds/,
  /: the value is not known before the build runs/,
];

function isArmFamily(path: string): boolean {
  const abs = join(ROOT, path);
  const files = statSync(abs).isDirectory() ? readdirSync(abs).map((f) => join(abs, f)) : [abs];
  return files.some((f) => /\.(hcl|json)$/.test(f) && /"arm(-image)?"/.test(readFileSync(f, 'utf8')));
}

describe('planBuilds over the real arm and arm-image templates', () => {
  const entries = Object.entries(manifest).filter(([path, e]) => e.verdict === 'valid' && isArmFamily(path));
  it('has them', () => expect(entries.length).toBeGreaterThan(40));
  for (const [path, entry] of entries) {
    it(path, async () => {
      const abs = join(ROOT, path);
      const cwd = statSync(abs).isDirectory() ? abs : dirname(abs);
      const analysis = await loadConfiguration(abs, {
        vars: Object.entries(entry.vars ?? {}).map(([k, v]) => `${k}=${v}`),
        varFiles: (entry.varFiles ?? []).map((f) => join(ROOT, f)),
        env: {},
        cwd,
      });
      try {
        const plans = planBuilds(analysis, { templateDir: cwd, cwd });
        expect(plans.length).toBeGreaterThan(0);
        for (const plan of plans) expect(['arm', 'arm-image']).toContain(plan.source.type);
      } catch (err) {
        if (!(err instanceof PlanError)) throw err;
        expect(
          NOT_THE_SOURCE.some((re) => re.test(err.message.replace(/^source\.[^:]+: /, ''))),
          err.message,
        ).toBe(true);
      }
    });
  }
});
