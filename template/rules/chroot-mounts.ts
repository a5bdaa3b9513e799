/**
 * `chroot_mounts`: the schema checks each [fstype, source, mountpoint]
 * triple; this rule catches what a schema cannot — the same mountpoint
 * twice, where the second mount would hide the first.
 */
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic } from '../model.js';
import { type Fields, listItems } from './rule-context.js';

export function checkChrootMounts(file: string, fields: Fields): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  (listItems(fields.attribute('chroot_mounts')) ?? []).forEach((entry, index) => {
    if (entry.type !== 'tuple' || entry.items.length !== 3) return;
    const mountpointExpr = entry.items[2]!;
    const mountpoint = fields.evaluate(mountpointExpr);
    if (typeof mountpoint !== 'string') return;
    const normalized = mountpoint.replace(/\/+$/, '') || '/';
    const earlier = seen.get(normalized);
    if (earlier === undefined) {
      seen.set(normalized, index);
      return;
    }
    out.push(
      diagnostic(
        file,
        mountpointExpr.range,
        'chroot-mount-duplicate',
        `The mountpoint "${mountpoint}" is already mounted by chroot_mounts entry ${earlier + 1}; the second mount would hide the first.`,
        'warning',
      ),
    );
  });
  return out;
}
