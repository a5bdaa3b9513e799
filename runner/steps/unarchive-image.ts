/**
 * Step 3 of arm's `reuse` and `resize` methods and of arm-image: the
 * download becomes the raw working image (the download itself is never
 * changed).
 *
 * - arm-image decides by the first bytes: a zip holding one file, xz, gzip,
 *   bzip2, or the raw image.
 * - arm: file_target_extension `img` or `iso` is the raw image; otherwise
 *   file_unarchive_cmd runs on a copy of the download in a scratch
 *   directory (`$ARCHIVE_PATH`, `$TMP_DIR`), or the download is unpacked by
 *   its name; exactly one file must result, as the plugin requires.
 *
 * Whatever can be streamed (a zip's one file, a compressed image) is
 * written sparse straight into the working image, with no scratch copy.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ArmSource } from '../../template/index.js';
import { writeAtomically } from '../image/atomic-file.js';
import { WORKING_IMAGE_NAME } from '../image/prepare-working-image.js';
import { sparseCopy } from '../image/sparse-copy.js';
import {
  archiveKindByContent,
  archiveKindByName,
  extractArchive,
  imageFromArchive,
  type UnpackOptions,
} from '../image/unarchive.js';
import type { ArmFamilyBuildState } from '../multistep/build-state.js';
import { BuildError } from '../multistep/errors.js';
import type { Step, StepContext } from '../multistep/step.js';
import { runTemplateArgv, substituteArgv } from '../process/template-argv.js';

const NAME = 'unarchive-image';

/** The unarchive-image step. */
export function unarchiveImageStep(): Step<ArmFamilyBuildState> {
  let imageId: string | undefined;
  let scratch: { id: string; path: string } | undefined;
  return {
    name: NAME,
    async run(state, ctx) {
      const { source } = state.plan;
      const download = state.sourceImage;
      if (!download) throw new Error(`${NAME} needs the download`);
      const image = join(state.workDir, WORKING_IMAGE_NAME);
      imageId = ctx.journal.take({ kind: 'temp-file', path: image });
      const opts: UnpackOptions = {
        signal: ctx.signal,
        log: (line) => ctx.ui.message(line),
        progress: (task, total) => ctx.ui.progress(task, total),
      };
      ctx.ui.say('Unpacking the image...');
      if (source.type === 'arm-image') {
        const kind = await archiveKindByContent(download);
        await writeAtomically(image, (temp) => imageFromArchive(download, kind, temp, opts));
      } else {
        const makeScratch = (): string => {
          const parent = source.file_tmp_dir_location ?? state.workDir;
          mkdirSync(parent, { recursive: true });
          const path = mkdtempSync(join(parent, 'image'));
          scratch = { id: ctx.journal.take({ kind: 'temp-file', path }), path };
          return path;
        };
        await armImageFromDownload(source, download, image, makeScratch, ctx, opts);
      }
      state.workingImage = image;
      await releaseScratch(ctx);
    },
    async cleanup(state, ctx) {
      await releaseScratch(ctx);
      rmSync(join(state.workDir, WORKING_IMAGE_NAME), { force: true });
      ctx.journal.release(imageId);
      imageId = undefined;
    },
  };

  async function releaseScratch(ctx: StepContext): Promise<void> {
    if (!scratch) return;
    await rm(scratch.path, { recursive: true, force: true });
    ctx.journal.release(scratch.id);
    scratch = undefined;
  }
}

/** packer-builder-arm's StepExtractAndCopyImage, into `image`. */
async function armImageFromDownload(
  source: ArmSource,
  download: string,
  image: string,
  makeScratch: () => string,
  ctx: StepContext,
  opts: UnpackOptions,
): Promise<void> {
  const ext = source.file_target_extension;
  if (ext === 'img' || ext === 'iso') {
    ctx.ui.message('using raw image');
    return writeAtomically(image, (temp) => imageFromArchive(download, { kind: 'raw' }, temp, opts));
  }
  if (source.file_unarchive_cmd.length > 0) {
    const dir = makeScratch();
    const archive = join(dir, basename(download));
    await sparseCopy(download, archive, { signal: ctx.signal });
    const argv = substituteArgv(source.file_unarchive_cmd, { $ARCHIVE_PATH: archive, $TMP_DIR: dir }, 'whole-element');
    ctx.ui.message('unpacking with file_unarchive_cmd');
    await runTemplateArgv('file_unarchive_cmd', argv, { ui: ctx.ui, signal: ctx.signal });
    // The command may unpack beside the archive and leave it: it is no result.
    await rm(archive, { force: true });
    return moveOnlyFile(dir, image);
  }
  // The plugin's archiver goes by the name the download is saved under, which file_target_extension sets.
  const name = ext !== '' ? `download.${ext}` : basename(download);
  const kind = archiveKindByName(name) ?? (await archiveKindByContent(download));
  if (kind.kind === 'tar') {
    const dir = makeScratch();
    await extractArchive(download, kind, dir, opts);
    return moveOnlyFile(dir, image);
  }
  return writeAtomically(image, (temp) => imageFromArchive(download, kind, temp, opts));
}

/** "Only one file is expected to be present after unarchiving", moved to `image`. */
async function moveOnlyFile(dir: string, image: string): Promise<void> {
  const files = readdirSync(dir);
  if (files.length !== 1)
    throw new BuildError(
      `only one file is expected to be present after unarchiving, found: ${files.length}${files.length ? ` (${files.slice(0, 5).join(', ')})` : ''}`,
    );
  const only = join(dir, files[0]!);
  if (!statSync(only).isFile())
    throw new BuildError(`unarchiving left ${files[0]}, which is not a file: the image must be the one file unpacked`);
  try {
    await rename(only, image);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    // file_tmp_dir_location on another file system: copy, keeping holes.
    await writeAtomically(image, (temp) => sparseCopy(only, temp));
  }
}
