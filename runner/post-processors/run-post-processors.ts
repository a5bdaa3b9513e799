/**
 * Step 15's work: the plan's post-processors, in order, each on the
 * builder's artifact (like separate `post-processor` blocks in Packer).
 */
import type { BuildPlan, PostProcessorPlan } from '../../template/index.js';
import { runChecksum, type PostProcessorArtifact } from './checksum.js';
import { runManifest, type ManifestOptions } from './manifest.js';

/** Packer's .BuilderType for our builder. */
export const BUILDER_TYPE = 'chroot';

/**
 * Runs `plans` on `artifact`; resolves with the files written (checksum
 * files, manifests), for the build's summary.
 */
export async function runPostProcessorList(
  plans: PostProcessorPlan[],
  artifact: PostProcessorArtifact,
  opts: ManifestOptions,
): Promise<string[]> {
  const written: string[] = [];
  for (const pp of plans) {
    if (opts.signal?.aborted) throw new Error('post-processors stopped (build cancelled)');
    switch (pp.type) {
      case 'checksum':
        written.push(...(await runChecksum(pp, artifact, opts)));
        break;
      case 'manifest':
        written.push(await runManifest(pp, artifact, opts));
        break;
      default:
        throw new Error(`post-processor ${(pp as { type: string }).type} is not supported (checksum, manifest)`);
    }
  }
  return written;
}

/**
 * The shape the post-processors step calls: the whole plan and the artifact
 * path. .BuildName is the source's name (Packer's HCL2 build name).
 */
export async function runPostProcessors(
  plan: BuildPlan,
  input: { artifact: string; signal?: AbortSignal; log: (line: string) => void },
): Promise<string[]> {
  return runPostProcessorList(
    plan.postProcessors,
    { path: input.artifact, buildName: plan.source.name, builderType: BUILDER_TYPE },
    { signal: input.signal, log: input.log, templateDir: plan.templateDir },
  );
}
