/**
 * The `manifest` post-processor in Packer's packer-manifest.json format:
 * `{"builds":[{name, builder_type, build_time, files:[{name,size}],
 * artifact_id, packer_run_uuid, custom_data}], "last_run_uuid"}`, indented
 * as Go's json.MarshalIndent does. Builds are appended to an existing
 * manifest, as Packer does; the file is rewritten through a temp file and a
 * rename, under a `.lock` file taken with O_EXCL (Packer's lock; output-lock.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { writeAtomically } from '../image/atomic-file.js';
import type { ManifestPostProcessor } from '../../template/index.js';
import type { PostProcessorArtifact, PostProcessorOptions } from './checksum.js';
import { withOutputLock } from './output-lock.js';
import { renderPostProcessorText } from './render-output.js';

/** One build in the manifest (field order is Packer's). */
export interface ManifestBuild {
  name: string;
  builder_type: string;
  build_time?: number;
  files: Array<{ name: string; size: number }>;
  artifact_id: string;
  packer_run_uuid: string;
  custom_data: Record<string, string> | null;
}

/** The manifest file. */
export interface ManifestFile {
  builds: ManifestBuild[];
  last_run_uuid: string;
}

/**
 * This process's run id: PACKER_RUN_UUID when set (Packer sets it for
 * plugins), otherwise one random id shared by every post-processor of the run.
 */
export const RUN_UUID = process.env.PACKER_RUN_UUID || randomUUID();

/** Options of the manifest post-processor beyond the shared ones. */
export interface ManifestOptions extends PostProcessorOptions {
  /** Overrides {@link RUN_UUID} (tests, several builds in one process). */
  runUuid?: string;
  /** Unix seconds; default now. */
  now?: number;
}

/** Runs one manifest post-processor; resolves with the manifest path. */
export async function runManifest(
  pp: ManifestPostProcessor,
  artifact: PostProcessorArtifact,
  opts: ManifestOptions,
): Promise<string> {
  const data = { BuildName: artifact.buildName, BuilderType: artifact.builderType };
  const file = resolve(opts.cwd ?? process.cwd(), renderPostProcessorText(pp.output, data, opts.templateDir));
  const customEntries = Object.entries(pp.custom_data ?? {});
  const runUuid = opts.runUuid ?? RUN_UUID;
  const build: ManifestBuild = {
    name: artifact.buildName,
    builder_type: artifact.builderType,
    build_time: opts.now ?? Math.floor(Date.now() / 1000),
    files: [{ name: pp.strip_path ? basename(artifact.path) : artifact.path, size: (await stat(artifact.path)).size }],
    artifact_id: artifact.path,
    packer_run_uuid: runUuid,
    // Packer writes null when custom_data is not set.
    custom_data: customEntries.length
      ? Object.fromEntries(customEntries.map(([k, v]) => [k, renderPostProcessorText(v, data, opts.templateDir)]))
      : null,
  };
  await mkdir(dirname(file), { recursive: true });
  await withOutputLock(file, 'manifest', async () => {
    const manifest = await readManifest(file);
    manifest.builds.push(build);
    manifest.last_run_uuid = runUuid;
    await writeAtomically(file, (temp) => writeFile(temp, goJson(manifest), { mode: 0o664 }));
  });
  opts.log(`Wrote the manifest ${file}`);
  return file;
}

async function readManifest(file: string): Promise<ManifestFile> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw new Error(`cannot read the manifest ${file}: ${err.message}`);
  });
  if (!text.trim()) return { builds: [], last_run_uuid: '' };
  try {
    const parsed = JSON.parse(text) as Partial<ManifestFile>;
    return { builds: parsed.builds ?? [], last_run_uuid: parsed.last_run_uuid ?? '' };
  } catch (err) {
    throw new Error(`cannot parse the manifest ${file}: ${(err as Error).message}; move it away or fix it`);
  }
}

/** Go's json.MarshalIndent(v, "", "  "): HTML characters escaped, no final newline. */
export function goJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
