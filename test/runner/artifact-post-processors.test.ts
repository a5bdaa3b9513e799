/**
 * checksum and manifest post-processors write Packer's formats: checksum
 * lines `sha256sum -c` accepts, and packer-manifest.json exactly as Go's
 * json.MarshalIndent lays it out.
 */
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecksum } from '../../runner/post-processors/checksum.js';
import { runManifest } from '../../runner/post-processors/manifest.js';
import { runPostProcessors } from '../../runner/post-processors/run-post-processors.js';
import type { BuildPlan } from '../../template/plan-model.js';
import { chrootSource } from '../fixtures/images/image-helpers.js';

const log = (): void => {};
const DEFAULT_CHECKSUM_OUTPUT = 'packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum';

describe('post-processors', () => {
  let tmp: string;
  let artifact: string;
  const art = (): { path: string; buildName: string; builderType: string } => ({
    path: artifact,
    buildName: 'busybox',
    builderType: 'chroot',
  });

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'cf-pp-'));
    artifact = join(tmp, 'output-busybox', 'image.raw');
    await execa('mkdir', ['-p', join(tmp, 'output-busybox')]);
    await writeFile(artifact, 'artifact bytes\n');
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('checksum: one file per type, named by the output template, `sha256sum -c` passes', async () => {
    const cwd = join(tmp, 'c1');
    const files = await runChecksum(
      { type: 'checksum', checksum_types: ['md5', 'sha256'], output: DEFAULT_CHECKSUM_OUTPUT },
      art(),
      { cwd, log },
    );
    expect(files).toEqual([
      join(cwd, 'packer_busybox_chroot_md5.checksum'),
      join(cwd, 'packer_busybox_chroot_sha256.checksum'),
    ]);
    const sha = createHash('sha256').update('artifact bytes\n').digest('hex');
    expect(await readFile(files[1]!, 'utf8')).toBe(`${sha}\timage.raw\n`);
    // The file names the artifact by base name: check it next to the artifact.
    await writeFile(join(tmp, 'output-busybox', 'SUMS'), await readFile(files[1]!));
    await execa('sha256sum', ['-c', 'SUMS'], { cwd: join(tmp, 'output-busybox') });
    await execa('md5sum', ['-c', files[0]!], { cwd: join(tmp, 'output-busybox') });
  });

  it('checksum: a rebuild replaces its line, another artifact adds one; unknown types are refused', async () => {
    const cwd = join(tmp, 'c2');
    const pp = { type: 'checksum' as const, checksum_types: ['sha1'], output: 'sums/{{.BuildName}}.{{.ChecksumType}}' };
    await runChecksum(pp, art(), { cwd, log });
    await runChecksum(pp, art(), { cwd, log });
    const other = join(tmp, 'other.raw');
    await writeFile(other, 'x');
    await runChecksum(pp, { ...art(), path: other }, { cwd, log });
    const lines = (await readFile(join(cwd, 'sums/busybox.sha1'), 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => l.split('\t')[1])).toEqual(['image.raw', 'other.raw']);
    expect(await readdir(join(cwd, 'sums'))).toEqual(['busybox.sha1']);
    await expect(runChecksum({ ...pp, checksum_types: ['crc32'] }, art(), { cwd, log })).rejects.toThrow(
      /unrecognized checksum type crc32/,
    );
  });

  it("manifest: Packer's layout, appended across builds, custom_data rendered, null when empty", async () => {
    const cwd = join(tmp, 'm1');
    const pp = { type: 'manifest' as const, output: 'packer-manifest.json', strip_path: false, custom_data: {} };
    await runManifest(pp, art(), { cwd, log, runUuid: 'run-1', now: 1700000000 });
    const file = join(cwd, 'packer-manifest.json');
    expect(await readFile(file, 'utf8')).toBe(
      [
        '{',
        '  "builds": [',
        '    {',
        '      "name": "busybox",',
        '      "builder_type": "chroot",',
        '      "build_time": 1700000000,',
        '      "files": [',
        '        {',
        `          "name": "${artifact}",`,
        '          "size": 15',
        '        }',
        '      ],',
        `      "artifact_id": "${artifact}",`,
        '      "packer_run_uuid": "run-1",',
        '      "custom_data": null',
        '    }',
        '  ],',
        '  "last_run_uuid": "run-1"',
        '}',
      ].join('\n'),
    );
    await runManifest({ ...pp, strip_path: true, custom_data: { built_by: '{{.BuildName}} <ci>' } }, art(), {
      cwd,
      log,
      runUuid: 'run-2',
      now: 1700000001,
    });
    const m = JSON.parse(await readFile(file, 'utf8'));
    expect(m.builds).toHaveLength(2);
    expect(m.last_run_uuid).toBe('run-2');
    expect(m.builds[1].files).toEqual([{ name: 'image.raw', size: 15 }]);
    expect(m.builds[1].custom_data).toEqual({ built_by: 'busybox <ci>' });
    // Go escapes < and > in JSON strings.
    expect(await readFile(file, 'utf8')).toContain('"built_by": "busybox \\u003cci\\u003e"');
    expect(await readdir(cwd)).toEqual(['packer-manifest.json']);
  });

  it('manifest: takes over a stale lock left by a killed build', async () => {
    const cwd = join(tmp, 'm2');
    await execa('mkdir', ['-p', cwd]);
    const lock = join(cwd, 'packer-manifest.json.lock');
    await writeFile(lock, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await runManifest({ type: 'manifest', output: 'packer-manifest.json', strip_path: true, custom_data: {} }, art(), {
      cwd,
      log,
    });
    expect(await readdir(cwd)).toEqual(['packer-manifest.json']);
  });

  it('runPostProcessors: runs the plan in order and returns the files written', async () => {
    const out = join(tmp, 'plan-out');
    const plan: BuildPlan = {
      buildName: 'chroot.busybox',
      templateDir: tmp,
      source: chrootSource({ name: 'busybox' }),
      provisioners: [],
      postProcessors: [
        { type: 'checksum', checksum_types: ['sha256'], output: `${out}/{{.BuildName}}.{{.ChecksumType}}` },
        { type: 'manifest', output: `${out}/manifest.json`, strip_path: true, custom_data: {} },
      ],
    };
    const files = await runPostProcessors(plan, { artifact, log });
    expect(files).toEqual([join(out, 'busybox.sha256'), join(out, 'manifest.json')]);
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).builds[0].name).toBe('busybox');
  });
});
