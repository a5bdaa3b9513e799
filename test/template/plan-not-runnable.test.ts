/**
 * Sources chrootforge validates but does not build: the build refuses them with a reason that is true for
 * their kind (cloud builders never run here; the arm builders are checked and not built yet), and a provisioner it does not run.
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
  it('says arm-image is checked but not built yet (not that it runs in the cloud)', async () => {
    const message = await planError(
      'source "arm-image" "x" {\n  iso_url = "https://e/raspios.img"\n  iso_checksum = "none"\n}',
      'arm-image',
    );
    expect(message).toBe(
      'source.arm-image.x: chrootforge checks arm-image templates but does not build them yet; it runs only "chroot" sources.',
    );
  });

  it('says amazon-chroot runs in the cloud', async () => {
    const message = await planError(
      'source "amazon-chroot" "x" {\n  ami_name = "image"\n  source_ami = "ami-1"\n}',
      'amazon-chroot',
    );
    expect(message).toContain('amazon-chroot builds run in the cloud');
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
