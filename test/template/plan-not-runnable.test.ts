/**
 * Sources chrootforge validates but does not build: the build refuses them with a reason that is true for
 * their kind (cloud builders never run here; the arm builders are built: test/template/plan-arm.test.ts), and a
 * provisioner it does not run.
 */
import { describe, expect, it } from 'vitest';
import { planBuilds } from '../../template/plan.js';
import { analyzeFiles } from '../support/analyze-text.js';

async function planError(source: string, type: string, provisioner = ''): Promise<string> {
  const text = `${source}\nbuild {\n  sources = ["source.${type}.x"]\n${provisioner}}\n`;
  const analysis = await analyzeFiles({ 't.pkr.hcl': text });
  try {
    planBuilds(analysis, { templateDir: '/work' });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('planBuilds accepted the source');
}

describe('planBuilds: validated but not runnable sources', () => {
  it('says amazon-chroot runs in the cloud, and which builders run', async () => {
    const message = await planError(
      'source "amazon-chroot" "x" {\n  ami_name = "image"\n  source_ami = "ami-1"\n}',
      'amazon-chroot',
    );
    expect(message).toBe(
      'source.amazon-chroot.x: amazon-chroot builds run in the cloud; chrootforge validates them but runs only chroot, arm and arm-image sources.',
    );
  });

  it('says which provisioners run, for one it does not run', async () => {
    const message = await planError(
      'source "chroot" "x" {\n  source_image = "https://e/a.img"\n}',
      'chroot',
      '  provisioner "goss" {\n    tests = ["goss.yaml"]\n  }\n',
    );
    expect(message).toBe(
      'provisioner "goss": chrootforge does not run it; it runs shell, file, shell-local, ansible and ansible-local provisioners.',
    );
  });
});
