/**
 * arm's `new` method, once its partitions are mounted: the rootfs archive
 * unpacked into the image, by file_unarchive_cmd (`$ARCHIVE_PATH`,
 * `$MOUNTPOINT`, run as an argument list) or, without one, by the archive's
 * name (tar in any compression, zip), as the plugin's StepPopulateFilesystem.
 * Extraction keeps owners, modes and xattrs, and never writes through a
 * symlink to outside the image.
 */
import { basename } from 'node:path';
import { archiveKindByName, extractArchive } from '../image/unarchive.js';
import type { ArmBuildState } from '../multistep/build-state.js';
import { BuildError } from '../multistep/errors.js';
import type { Step } from '../multistep/step.js';
import { runTemplateArgv, substituteArgv } from '../process/template-argv.js';

/** The populate-root step (its undoing is the working image's removal). */
export function populateRootStep(): Step<ArmBuildState> {
  return {
    name: 'populate-root',
    async run(state, ctx) {
      const { source } = state.plan;
      const archive = state.sourceImage;
      const root = state.mountPath;
      if (!archive || !root) throw new Error('populate-root needs the download and the mounted image');
      ctx.ui.say(`Unpacking ${basename(archive)} into the image...`);
      if (source.file_unarchive_cmd.length > 0) {
        const argv = substituteArgv(
          source.file_unarchive_cmd,
          { $ARCHIVE_PATH: archive, $MOUNTPOINT: root },
          'whole-element',
        );
        await runTemplateArgv('file_unarchive_cmd', argv, { ui: ctx.ui, signal: ctx.signal });
        return;
      }
      const ext = source.file_target_extension;
      const kind = archiveKindByName(ext !== '' ? `download.${ext}` : basename(archive));
      if (kind?.kind !== 'tar' && kind?.kind !== 'zip')
        throw new BuildError(
          `cannot unpack ${basename(archive)} into the image: image_build_method "new" unpacks a rootfs archive (.tar, .tar.gz, .tar.xz, .tar.zst, .tar.bz2, .zip); name it so with file_target_extension, or set file_unarchive_cmd`,
        );
      await extractArchive(archive, kind, root, { signal: ctx.signal, log: (l) => ctx.ui.message(l) });
    },
  };
}
