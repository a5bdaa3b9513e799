/**
 * `chroot_mounts`: each entry a [fstype, source, mountpoint] triple with an
 * absolute mountpoint, no mountpoint twice. Packer only checks the length,
 * and only at build time; here each defect marks its own element.
 */
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic } from '../model.js';
import { staticString } from '../static-value.js';
import { type Fields, listItems } from './rule-context.js';

export function checkChrootMounts(file: string, fields: Fields): Diagnostic[] {
  const entries = listItems(fields.attribute('chroot_mounts'));
  if (!entries) return [];
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (entry.type !== 'tuple' || entry.items.length !== 3) {
      const found = entry.type === 'tuple' ? `${entry.items.length} elements` : 'a single value';
      out.push(diagnostic(file, entry.range, 'chroot-mount-shape',
        `Each chroot_mounts entry is [fstype, source, mountpoint], e.g. ["proc", "proc", "/proc"]; this one has ${found}.`));
      return;
    }
    const mountpointExpr = entry.items[2]!;
    const mountpoint = staticString(mountpointExpr) ?? stringValue(fields.evaluate(mountpointExpr));
    if (mountpoint === undefined) return;
    if (!mountpoint.startsWith('/')) {
      out.push(diagnostic(file, mountpointExpr.range, 'chroot-mount-not-absolute',
        `The chroot_mounts mountpoint "${mountpoint}" must be an absolute path inside the image, e.g. "/${mountpoint}".`, 'error', { suggestions: [`/${mountpoint}`] }));
    }
    const normalized = mountpoint.replace(/\/+$/, '') || '/';
    const earlier = seen.get(normalized);
    if (earlier !== undefined) {
      out.push(diagnostic(file, mountpointExpr.range, 'chroot-mount-duplicate',
        `The mountpoint "${mountpoint}" is already mounted by chroot_mounts entry ${earlier + 1}; the second mount would hide the first.`, 'warning'));
    } else {
      seen.set(normalized, index);
    }
  });
  return out;
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
