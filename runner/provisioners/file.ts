/**
 * The `file` provisioner: upload host files, directories or `content` into
 * the image, or download from it. A destination ending in `/` (or an
 * existing directory) receives the file under its own name; directories
 * follow Packer's trailing-slash rule.
 */
import { existsSync, lstatSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { resolveInRoot } from '../chroot/resolve-in-root.js';
import { BuildError } from '../multistep/errors.js';
import type { FileProvisioner } from '../../template/index.js';
import type { ProvisionerContext } from './provisioner-context.js';

/** Runs one file provisioner. */
export async function runFileProvisioner(p: FileProvisioner, ctx: ProvisionerContext): Promise<void> {
  const sources = [...(p.source !== undefined ? [p.source] : []), ...(p.sources ?? [])];
  if (p.direction === 'download') {
    for (const src of sources) await download(src, p.destination, ctx, p.exclude);
    return;
  }
  if (p.content !== undefined) {
    ctx.ui.say(`Uploading content to ${p.destination}`);
    await ctx.comm.upload(p.destination, Readable.from([p.content]), 0o644);
  }
  for (const src of sources) {
    const host = resolve(ctx.templateDir, src);
    if (!existsSync(host)) throw new BuildError(`file provisioner: source ${src} does not exist`);
    ctx.ui.say(`Uploading ${src} => ${p.destination}`);
    if (statSync(host).isDirectory()) {
      // Keep a trailing slash: it is what selects "contents of" over "the directory".
      await ctx.comm.uploadDir(p.destination, src.endsWith('/') ? `${host}/` : host, p.exclude ?? []);
    } else {
      await ctx.comm.upload(
        intoDirectory(p.destination, sources.length, ctx) ? posix.join(p.destination, basename(host)) : p.destination,
        host,
      );
    }
  }
}

function intoDirectory(destination: string, count: number, ctx: ProvisionerContext): boolean {
  if (destination.endsWith('/') || count > 1) return true;
  try {
    return statSync(resolveInRoot(ctx.comm.root, destination)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Packer's download rules: a destination ending in `/` is a directory that
 * receives the file under its own name (created if missing); otherwise it is
 * the file's path (its parent is created). A source directory ending in `/`
 * gives its contents to the destination; without the slash the directory
 * itself lands inside it (as uploads do). An existing host directory as
 * destination also receives the file under its own name.
 */
async function download(src: string, destination: string, ctx: ProvisionerContext, exclude?: string[]): Promise<void> {
  ctx.ui.say(`Downloading ${src} => ${destination}`);
  // resolve() drops a trailing slash: what it meant is read from `destination`.
  const hostDest = resolve(ctx.templateDir, destination);
  const inImage = resolveInRoot(ctx.comm.root, src);
  if (!existsSync(inImage)) throw new BuildError(`file provisioner: ${src} does not exist in the image`);
  if (lstatSync(inImage).isDirectory()) {
    await ctx.comm.downloadDir(src, hostDest, exclude ?? []);
    return;
  }
  const intoDirectory = destination.endsWith('/') || (existsSync(hostDest) && statSync(hostDest).isDirectory());
  const target = intoDirectory ? join(hostDest, posix.basename(src)) : hostDest;
  mkdirSync(dirname(target), { recursive: true });
  await ctx.comm.download(src, target);
}
