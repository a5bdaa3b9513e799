/**
 * What the runner is given for an HCL2 template: plugin fields rendered as a
 * plugin renders them (`{{timestamp}}`, `{{build_name}}`; data kept for the
 * runner), relative local paths from the working directory as Packer opens
 * them, and a build's `source` block merged into the source.
 */
import { describe, expect, it } from 'vitest';
import { planBuilds } from '../../template/plan.js';
import { analyzeFiles, errors } from '../support/analyze-text.js';

const TEMPLATE = `source "chroot" "base" {
  source_image = "images/base.img"
  mount_path   = "/mnt/{{build_name}}/{{.Device}}"
}
build {
  source "chroot.base" {
    name         = "renamed"
    output_image = "out/{{build_type}}-{{timestamp}}.img"
  }
  provisioner "shell" {
    inline = ["echo {{build_name}} {{ upper \`x\` }} > /etc/built-by"]
  }
  provisioner "shell" {
    script = "scripts/setup.sh"
  }
}
`;

describe('planBuilds for an HCL2 template', async () => {
  const analysis = await analyzeFiles(
    { '/repo/t.pkr.hcl': TEMPLATE },
    { cwd: '/home/me', templateDir: '/repo', existing: ['images/base.img', 'scripts/setup.sh'] },
  );
  const plans = planBuilds(analysis, { templateDir: '/repo', cwd: '/home/me' });
  const [plan] = plans;

  it('is planned from a template without errors', () => {
    expect(errors(analysis)).toEqual([]);
    // One build, of the one source.
    expect(plans).toHaveLength(1);
  });
  it('renders the functions of plugin fields and keeps their data for the runner', () => {
    expect(plan!.source.mount_path).toBe('/mnt/base/{{.Device}}');
    expect(plan!.source.output_image).toMatch(/^\/repo\/out\/chroot-[0-9]{10}\.img$/);
    const shell = plan!.provisioners[0]!;
    expect(shell.type === 'shell' && shell.inline).toEqual(['echo base X > /etc/built-by']);
  });
  it('opens relative local paths from the working directory, as Packer does', () => {
    expect(plan!.source.type === 'chroot' && plan!.source.source_image).toBe('/home/me/images/base.img');
    const shell = plan!.provisioners[1]!;
    expect(shell.type === 'shell' && shell.script).toBe('/home/me/scripts/setup.sh');
  });
});
