/**
 * The generated 3,000-line chroot template the LSP and parse benches share
 * (100 sources, 100 provisioners), with the positions requests aim at.
 */
export const SOURCES = 100;
export const PROVISIONERS = 100;

/** The HCL template; returns its text and the positions the requests use. */
export function hclTemplate() {
  const lines = [];
  const marks = { fieldLines: [], varUses: [] };
  lines.push('variable "image" {', '  type    = string', '  default = "base.img"', '}', '');
  for (let i = 0; i < SOURCES; i++) {
    lines.push(`source "chroot" "s${i}" {`);
    marks.fieldLines.push(lines.length);
    lines.push('  source_image    = var.image');
    marks.varUses.push({ line: lines.length - 1, character: 24 });
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
  return { text: lines.join('\n') + '\n', marks: shiftMarks(marks, lines) };
}

/** Padding was inserted after the variable block: recompute marks from the text itself. */
function shiftMarks(_marks, lines) {
  const fieldLines = [];
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
