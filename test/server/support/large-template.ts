/**
 * Large but valid HCL templates for tests of a server under load: source
 * blocks with every common field and a build using them, to about the
 * size asked. Names carry a tag so several files of one directory do not
 * declare the same source twice.
 */
export function largeTemplate(bytes: number, tag = 's'): string {
  const blocks: string[] = [];
  const names: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const name = `${tag}${i}`;
    const block = `source "chroot" "${name}" {
  source_image    = "images/${name}.img"
  source_checksum = "none"
  image_size      = "${(i % 9) + 1}G"
  mount_partition = "1"
  mount_path      = "/mnt/chrootforge/{{.Device}}"
  mount_options   = ["noatime"]
  command_wrapper = "sudo {{.Command}}"
  output_image    = "out/${name}.img"
  output_format   = "raw"
  chroot_env      = { LANG = "C" }
}

`;
    blocks.push(block);
    names.push(`"source.chroot.${name}"`);
    size += block.length;
  }
  return `${blocks.join('')}build {\n  sources = [${names.join(', ')}]\n}\n`;
}
