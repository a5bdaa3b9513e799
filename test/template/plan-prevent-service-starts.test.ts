/**
 * prevent_service_starts reaches the runner's plan: true unless the
 * template says false (HCL and legacy JSON alike).
 */
import { describe, expect, it } from 'vitest';
import { planBuilds } from '../../template/plan.js';
import { analyzeFiles } from '../support/analyze-text.js';

const hcl = (field: string) => `source "chroot" "x" {
  source_image = "base.img"
${field}
}
build {
  sources = ["source.chroot.x"]
}
`;

async function planned(files: Record<string, string>): Promise<boolean> {
  const analysis = await analyzeFiles(files, { existing: ['/work/base.img'] });
  expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const [plan] = planBuilds(analysis, { templateDir: '/work' });
  return plan!.source.prevent_service_starts;
}

describe('prevent_service_starts in the plan', () => {
  it('is true when the template does not set it', async () => {
    expect(await planned({ 'a.pkr.hcl': hcl('') })).toBe(true);
  });

  it('is false when the template turns it off (HCL and legacy JSON)', async () => {
    expect(await planned({ 'a.pkr.hcl': hcl('  prevent_service_starts = false') })).toBe(false);
    const json = JSON.stringify({
      builders: [{ type: 'chroot', name: 'x', source_image: 'base.img', prevent_service_starts: false }],
    });
    expect(await planned({ 't.json': json })).toBe(false);
  });
});
