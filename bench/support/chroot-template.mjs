/**
 * The generated 3,000-line chroot template the LSP and parse benches share
 * (100 sources, 100 provisioners), with the positions requests aim at.
 */
export const SOURCES = 100;
export const PROVISIONERS = 100;

/**
 * @typedef {{ line: number, character: number }} Position
 * @typedef {{ fieldLines: number[], varUses: Position[], paddingLine: number }} Marks
 */

/**
 * The HCL template; returns its text and the positions the requests use.
 * @returns {{ text: string, marks: Marks }}
 */
export function hclTemplate() {
  /** @type {string[]} */
  const lines = [];
  lines.push('variable "image" {', '  type    = string', '  default = "base.img"', '}', '');
  for (let i = 0; i < SOURCES; i++) {
    lines.push(`source "chroot" "s${i}" {`);
    lines.push('  source_image    = var.image');
    lines.push(
      '  source_checksum = "none"',
      `  image_size      = "${i + 1}G"`,
      '  mount_partition = "1"',
      '  mount_path      = "/mnt/chrootforge/{{.Device}}"',
      '  mount_options   = ["noatime"]',
      '  pre_mount_commands = ["echo {{.Device}}"]',
      '  post_mount_commands = ["echo {{.Device}} {{.MountPath}}"]',
      '  command_wrapper = "sudo {{.Command}}"',
      '  copy_files      = ["/etc/resolv.conf"]',
      `  output_image    = "out/s${i}.img"`,
      '  output_format   = "raw"',
      '  chroot_env      = { LANG = "C" }',
      '}',
      '',
    );
  }
  lines.push(
    'build {',
    `  sources = [${Array.from({ length: SOURCES }, (_, i) => `"source.chroot.s${i}"`).join(', ')}]`,
    '',
  );
  for (let i = 0; i < PROVISIONERS; i++) {
    lines.push('  provisioner "shell" {');
    lines.push(
      `    inline = ["echo step ${i}", "apt-get install -y pkg${i}"]`,
      '    environment_vars = ["A=1", "B=2"]',
      '    execute_command = "chmod +x {{.Path}}; {{.Vars}} {{.Path}}"',
      '    inline_shebang = "/bin/sh -e"',
      '    remote_folder = "/tmp"',
      '    valid_exit_codes = [0]',
      '    pause_before = "1s"',
      '    max_retries = 1',
      '    timeout = "5m"',
      '  }',
      '',
    );
  }
  lines.push('}');
  while (lines.length < 3000) lines.splice(5, 0, '# padding comment');
  return { text: `${lines.join('\n')}\n`, marks: marksOf(lines) };
}

/**
 * The positions requests aim at, read from the finished text (padding moves everything after the variable block).
 * @param {string[]} lines
 * @returns {Marks}
 */
function marksOf(lines) {
  /** @type {number[]} */
  const fieldLines = [];
  /** @type {Position[]} */
  const varUses = [];
  const paddingLine = lines.findIndex((l) => l.startsWith('# padding'));
  lines.forEach((l, i) => {
    if (l.startsWith('  source_image')) {
      fieldLines.push(i);
      varUses.push({ line: i, character: l.indexOf('var.image') + 6 });
    }
  });
  return { fieldLines, varUses, paddingLine };
}
