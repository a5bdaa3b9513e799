import { describe, expect, it } from 'vitest';
import { execa } from 'execa';

const cli = ['dist/cli/main.js'];

describe('chrootforge CLI', () => {
  it('prints help and exits 0', async () => {
    const r = await execa('node', [...cli, '--help'], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('validate');
  });
  it('rejects an unknown command with exit 2 and no stack trace', async () => {
    const r = await execa('node', [...cli, 'frobnicate'], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
