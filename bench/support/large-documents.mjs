/**
 * Large documents for the language server's size figures: an HCL2
 * template and a legacy JSON template grown to a given size from the same
 * blocks as the 3,000-line template (distinct names, so nothing is a
 * duplicate), with the positions requests aim at.
 */

/**
 * A valid `.pkr.hcl` of about `bytes` (sources, then one build with provisioners).
 * @param {number} bytes
 */
export function largeHcl(bytes) {
  const head = 'variable "image" {\n  type    = string\n  default = "base.img"\n}\n\n';
  const parts = [head];
  /** @type {string[]} */
  const names = [];
  let size = head.length;
  for (let i = 0; size < bytes * 0.6; i++) {
    const block = `source "chroot" "s${i}" {
  source_image    = var.image
  source_checksum = "none"
  image_size      = "${(i % 9) + 1}G"
  mount_partition = "1"
  mount_path      = "/mnt/chrootforge/{{.Device}}"
  mount_options   = ["noatime"]
  pre_mount_commands = ["echo {{.Device}}"]
  post_mount_commands = ["echo {{.Device}} {{.MountPath}}"]
  command_wrapper = "sudo {{.Command}}"
  copy_files      = ["/etc/resolv.conf"]
  output_image    = "out/s${i}.img"
  output_format   = "raw"
  chroot_env      = { LANG = "C" }
}

`;
    parts.push(block);
    names.push(`"source.chroot.s${i}"`);
    size += block.length;
  }
  parts.push(`build {\n  sources = [${names.slice(0, 20).join(', ')}]\n\n`);
  for (let i = 0; size < bytes; i++) {
    const block = `  provisioner "shell" {
    inline = ["echo step ${i}", "apt-get install -y pkg${i}"]
    environment_vars = ["A=1", "B=2"]
    execute_command = "chmod +x {{.Path}}; {{.Vars}} {{.Path}}"
    inline_shebang = "/bin/sh -e"
    remote_folder = "/tmp"
    valid_exit_codes = [0]
    pause_before = "1s"
    max_retries = 1
    timeout = "5m"
  }

`;
    parts.push(block);
    size += block.length;
  }
  parts.push('}\n');
  const text = parts.join('');
  const lines = text.split('\n');
  const fieldLine = lines.findIndex((l) => l.startsWith('  mount_path'));
  const middle = lines.findIndex((l, i) => i > lines.length / 2 && l.startsWith('    remote_folder'));
  return {
    text,
    marks: {
      /** Start of a field line in the first source (completion of a field name there). */
      fieldLine,
      /** A field name in the middle of the file (hover). */
      hover: { line: middle, character: 6 },
      /** The end of the file's last line before `}` (an edit at the end). */
      lastLine: lines.length - 3,
    },
  };
}

/**
 * A valid legacy JSON template of about `bytes`: chroot builders, then shell provisioners.
 * @param {number} bytes
 */
export function largeLegacyJson(bytes) {
  const builders = [];
  const provisioners = [];
  let size = 0;
  // The sizes below count each item's JSON alone; nested in the document it is indented further (~14% more).
  const target = bytes / 1.14;
  for (let i = 0; size < target * 0.5; i++) {
    const builder = {
      type: 'chroot',
      name: `s${i}`,
      source_image: '{{user `image`}}',
      source_checksum: 'none',
      image_size: `${(i % 9) + 1}G`,
      mount_partition: '1',
      mount_path: '/mnt/chrootforge/{{.Device}}',
      mount_options: ['noatime'],
      pre_mount_commands: ['echo {{.Device}}'],
      command_wrapper: 'sudo {{.Command}}',
      output_image: `out/s${i}.img`,
      output_format: 'raw',
    };
    builders.push(builder);
    size += JSON.stringify(builder, null, 3).length; // nested deeper than stringify(x, null, 2)
  }
  for (let i = 0; size < target; i++) {
    const provisioner = {
      type: 'shell',
      inline: [`echo step ${i}`, `apt-get install -y pkg${i}`],
      environment_vars: ['A=1', 'B=2'],
      execute_command: 'chmod +x {{.Path}}; {{.Vars}} {{.Path}}',
      pause_before: '1s',
      max_retries: 1,
      timeout: '5m',
    };
    provisioners.push(provisioner);
    size += JSON.stringify(provisioner, null, 3).length;
  }
  const text = `${JSON.stringify({ variables: { image: 'base.img' }, builders, provisioners }, null, 2)}\n`;
  const lines = text.split('\n');
  const hoverLine = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('"execute_command"'));
  return { text, marks: { hover: { line: hoverLine, character: 10 } } };
}
