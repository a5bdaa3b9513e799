/**
 * Builds that would trample each other are refused before any starts: one
 * output_image for two builds (always), one fixed mount_path (when they may
 * run at once; `{{.Device}}` keeps paths apart).
 */
import { describe, expect, it } from 'vitest';
import { buildClashes } from '../../runner/parallel-builds.js';
import { fixturePlan } from '../fixtures/runner/plan.js';

const plan = (name: string, fields: Parameters<typeof fixturePlan>[2] = {}) =>
  fixturePlan('/build', '/build/base.img', { name, output_image: `/build/out/${name}.img`, ...fields });

describe('buildClashes', () => {
  it('distinct outputs and {{.Device}} mount paths: no clash', () => {
    expect(buildClashes([plan('a'), plan('b'), plan('c')])).toEqual([]);
  });

  it('one output_image for two builds, also spelled differently: refused, also one at a time', () => {
    const plans = [
      plan('a', { output_image: '/build/out/x.img' }),
      plan('b', { output_image: '/build/out/../out/x.img' }),
    ];
    for (const parallel of [0, 1, 2]) {
      expect(buildClashes(plans, parallel)).toEqual([
        'chroot.a and chroot.b both write output_image /build/out/x.img: the second would replace the first; give each source its own output_image',
      ]);
    }
  });

  it('one fixed mount_path: refused when the builds may overlap, fine one after another', () => {
    const plans = [plan('a', { mount_path: '/mnt/fixed' }), plan('b', { mount_path: '/mnt/fixed/' })];
    expect(buildClashes(plans, 0)).toEqual([
      'chroot.a and chroot.b both mount at /mnt/fixed and would run at once: put {{.Device}} in mount_path, or build with -parallel-builds=1',
    ]);
    expect(buildClashes(plans, 1)).toEqual([]);
    expect(
      buildClashes([plan('a', { mount_path: '/mnt/{{ .Device }}' }), plan('b', { mount_path: '/mnt/{{ .Device }}' })]),
    ).toEqual([]);
  });
});
