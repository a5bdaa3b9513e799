// The templates bench/lint validates: half legacy JSON (amazon-chroot),
// half HCL2, each in its own directory (a directory is one configuration).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {number} i */
function amazonJson(i) {
  return JSON.stringify(
    {
      variables: { region: 'us-east-1', name: `image-${i}` },
      builders: [
        {
          type: 'amazon-chroot',
          ami_name: `{{user \`name\`}}-{{timestamp}}`,
          region: '{{user `region`}}',
          source_ami: 'ami-0123456789abcdef0',
          command_wrapper: 'sudo {{.Command}}',
          post_mount_commands: ['echo {{.Device}} {{.MountPath}}'],
          chroot_mounts: [
            ['proc', 'proc', '/proc'],
            ['sysfs', 'sysfs', '/sys'],
          ],
          copy_files: ['/etc/resolv.conf'],
        },
      ],
      provisioners: [{ type: 'shell', inline: [`echo ${i}`], environment_vars: ['A=1'] }],
    },
    null,
    2,
  );
}

/** @param {number} i */
function amazonHcl(i) {
  return `variable "region" {
  type    = string
  default = "us-east-1"
}

source "amazon-chroot" "s${i}" {
  ami_name        = "image-${i}"
  region          = var.region
  source_ami      = "ami-0123456789abcdef0"
  command_wrapper = "sudo {{.Command}}"
  chroot_mounts   = [["proc", "proc", "/proc"], ["sysfs", "sysfs", "/sys"]]
}

build {
  sources = ["source.amazon-chroot.s${i}"]
  provisioner "shell" {
    inline = ["echo ${i}"]
  }
}
`;
}

/**
 * Writes `count` templates under `work` (emptied first); returns their paths.
 * @param {string} work @param {number} count
 */
export function generate(work, count) {
  rmSync(work, { recursive: true, force: true });
  const files = [];
  for (let i = 0; i < count; i++) {
    const dir = join(work, `t${i}`);
    mkdirSync(dir, { recursive: true });
    const file = i % 2 === 0 ? join(dir, 'template.json') : join(dir, 'template.pkr.hcl');
    writeFileSync(file, i % 2 === 0 ? amazonJson(i) : amazonHcl(i));
    files.push(file);
  }
  return files;
}
