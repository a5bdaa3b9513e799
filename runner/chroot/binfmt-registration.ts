/**
 * Registering a qemu interpreter with binfmt_misc for one build, from the
 * host's own definition of it: Debian's qemu-user-static installs one per
 * architecture (/usr/lib/binfmt.d/qemu-aarch64.conf, systemd's format,
 * which is the line the kernel's `register` file takes) and registers them
 * at boot through systemd-binfmt or binfmt-support — where neither ran (a
 * container, a chroot, a host without systemd), the definitions are there
 * and the entries are not.
 *
 * The build registers the definition under a name of its own (so a second
 * build, or the host's own entry, is never removed with it), with the
 * definition's flags (Debian's: F, so the kernel opens the interpreter now
 * and the chroot needs no copy), journaled before the write; the entry is
 * removed when the build ends (`-1` to its file), or by `chrootforge
 * cleanup` after a SIGKILL.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Where systemd-binfmt reads definitions, in its order of precedence. */
const DEFINITION_DIRS = ['/etc/binfmt.d', '/run/binfmt.d', '/usr/local/lib/binfmt.d', '/usr/lib/binfmt.d'];

/** A registration line (`:name:type:offset:magic:mask:interpreter:flags`), split. */
export interface BinfmtDefinition {
  /** The file it came from. */
  file: string;
  name: string;
  interpreter: string;
  /** The line's fields after the name, as written (the escapes are the kernel's to read). */
  rest: string;
}

/**
 * The host's definition for `qemuBinary` (`qemu-aarch64-static`,
 * `/usr/bin/qemu-arm-static`): the file named after its architecture
 * (`qemu-aarch64.conf`, or `qemu-aarch64-static.conf` as Fedora names it).
 */
export function hostBinfmtDefinition(qemuBinary: string, dirs = DEFINITION_DIRS): BinfmtDefinition | undefined {
  const arch = /^qemu-(.+?)(-static)?$/.exec(basename(qemuBinary))?.[1];
  if (!arch) return undefined;
  for (const dir of dirs) {
    for (const name of [`qemu-${arch}.conf`, `qemu-${arch}-static.conf`]) {
      const file = join(dir, name);
      if (!existsSync(file)) continue;
      const line = readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l.startsWith(':'));
      const parsed = line ? parseRegistrationLine(line) : undefined;
      if (parsed) return { file, ...parsed };
    }
  }
  return undefined;
}

/** `:name:type:offset:magic:mask:interpreter:flags` → its name, interpreter and the rest after the name. */
export function parseRegistrationLine(line: string): Omit<BinfmtDefinition, 'file'> | undefined {
  // The first character is the delimiter (the kernel's rule; ':' by convention).
  const delimiter = line[0]!;
  const fields = line.slice(1).split(delimiter);
  if (fields.length < 7) return undefined;
  const [name, , , , , interpreter] = fields;
  if (!name || !interpreter) return undefined;
  return { name, interpreter, rest: line.slice(1 + name.length) };
}

/** Registers `definition` as `name` in the binfmt_misc directory `dir`; the caller journals first. */
export function registerBinfmt(definition: BinfmtDefinition, name: string, dir: string): void {
  writeFileSync(join(dir, 'register'), `${definition.rest[0] ?? ':'}${name}${definition.rest}`);
}

/** Removes entry `name` if it is there (idempotent). */
export function unregisterBinfmt(name: string, dir: string): void {
  const entry = join(dir, name);
  if (existsSync(entry)) writeFileSync(entry, '-1');
}
