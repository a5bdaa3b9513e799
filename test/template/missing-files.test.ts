/**
 * Local files named by path fields: Packer and its plugins open relative
 * paths from the working directory they run in, not from the template's
 * directory (`${path.root}` anchors a path there). The warning says which
 * base it used; `~` is never expanded by Packer, so a path starting with it
 * is an error.
 */
import { describe, expect, it } from 'vitest';
import { analyzeFiles, rangeOf, withCode } from '../support/analyze-text.js';

const template = (provisioner: string) => `source "chroot" "x" {
  source_image = "https://example.invalid/x.img"
}
build {
  sources = ["source.chroot.x"]
  ${provisioner}
}
`;

describe('missing local files', () => {
  it('are resolved from the working directory, and the warning says so', async () => {
    const text = template('provisioner "shell" {\n    script = "setup.sh"\n  }');
    const [d] = withCode(await analyzeFiles({ 't.pkr.hcl': text }), 'missing-file');
    expect(d).toMatchObject({ severity: 'warning', range: rangeOf(text, '"setup.sh"') });
    expect(d!.message).toBe(
      'script: "setup.sh" does not exist in the working directory /work (Packer resolves relative paths from where it runs, here the template\'s directory); the build will fail without it.',
    );
  });

  it('are looked for in the working directory even when they sit next to the template elsewhere', async () => {
    const text = template('provisioner "file" {\n    source      = "files/motd"\n    destination = "/etc/motd"\n  }');
    const options = { cwd: '/home/me', templateDir: '/repo/packer', existing: ['/repo/packer/files/motd'] };
    const [d] = withCode(await analyzeFiles({ '/repo/packer/t.pkr.hcl': text }, options), 'missing-file');
    expect(d!.message).toContain('does not exist in the working directory /home/me');
    expect(d!.message).toContain('not from the template\'s directory /repo/packer: write "${path.root}/files/motd"');
  });

  it('are found where the template anchors them with path.root', async () => {
    const text = template(
      'provisioner "file" {\n    source      = "${path.root}/files/motd"\n    destination = "/etc/motd"\n  }',
    );
    const options = { cwd: '/home/me', templateDir: '/repo/packer', existing: ['/repo/packer/files/motd'] };
    expect(withCode(await analyzeFiles({ '/repo/packer/t.pkr.hcl': text }, options), 'missing-file')).toEqual([]);
  });

  it('are found from the working directory', async () => {
    const text = template('provisioner "shell" {\n    scripts = ["a.sh", "b.sh"]\n  }');
    const analysis = await analyzeFiles({ 't.pkr.hcl': text }, { existing: ['a.sh'] });
    expect(withCode(analysis, 'missing-file').map((d) => d.range)).toEqual([rangeOf(text, '"b.sh"')]);
  });

  it('name the template_dir function in a legacy JSON template', async () => {
    const json = JSON.stringify({
      builders: [{ type: 'chroot', source_image: 'https://example.invalid/x.img' }],
      provisioners: [{ type: 'shell', script: 'x.sh' }],
    });
    const options = { cwd: '/home/me', templateDir: '/repo' };
    const [d] = withCode(await analyzeFiles({ '/repo/t.json': json }, options), 'missing-file');
    expect(d!.message).toContain('write "{{template_dir}}/x.sh"');
  });
});

describe('~ in a path', () => {
  it('is an error: Packer opens it literally, and pathexpand() is the fix', async () => {
    const text = template(
      'provisioner "file" {\n    source      = "~/.ssh/id_ed25519.pub"\n    destination = "/root/.ssh/authorized_keys"\n  }',
    );
    const [d] = withCode(await analyzeFiles({ 't.pkr.hcl': text }), 'unexpanded-home');
    expect(d).toMatchObject({ severity: 'error', range: rangeOf(text, '"~/.ssh/id_ed25519.pub"') });
    expect(d!.message).toContain('write pathexpand("~/.ssh/id_ed25519.pub") instead');
  });
  it('is fine through pathexpand()', async () => {
    const text = template(
      'provisioner "file" {\n    source      = pathexpand("~/.ssh/id.pub")\n    destination = "/root/.ssh/authorized_keys"\n  }',
    );
    const analysis = await analyzeFiles(
      { 't.pkr.hcl': text },
      { env: { HOME: '/home/me' }, existing: ['/home/me/.ssh/id.pub'] },
    );
    expect(analysis.diagnostics).toEqual([]);
  });
});
