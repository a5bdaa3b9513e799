/**
 * The arm builders' downloads as one {@link DownloadPlan}: the URLs in the
 * order Packer's StepDownload tries them and the checksum in the runner's
 * syntax (`ALGO:HEX`, `file:LOCATION`), from each plugin's own fields and
 * rules. Relative local paths are opened from Packer's working directory,
 * as go-getter opens them.
 */
import type { DownloadPlan } from '../plan-model.js';
import { parseGoGetterChecksum } from '../text/go-checksum.js';
import { resolveTemplatePath } from '../text/template-path.js';
import { PlanError } from './plan-error.js';
import { type Fields, isUrl, str, stringList } from './plan-values.js';

/** packer-builder-arm's RemoteFileConfig. */
export function armDownload(f: Fields, cwd: string): DownloadPlan {
  return {
    urls: stringList(f.file_urls).map((u) => localOrUrl(u, cwd)),
    ...optional('checksum', armChecksum(f, cwd)),
    ...optional('target_path', targetPath(str(f.file_target_path), cwd)),
  };
}

/**
 * RemoteFileConfig.Prepare: `none` verifies nothing; a checksum URL wins
 * over a value (the plugin warns it discards the URL, then builds `file:URL`
 * all the same); a value without a type is dropped, as the plugin drops it.
 */
function armChecksum(f: Fields, cwd: string): string | undefined {
  const type = (str(f.file_checksum_type) ?? '').toLowerCase();
  if (type === 'none') return undefined;
  const url = str(f.file_checksum_url) ?? '';
  if (url !== '') return `file:${localOrUrl(url, cwd)}`;
  const value = str(f.file_checksum) ?? '';
  if (value === '' || type === '') return undefined;
  return digest(`${type}:${value}`, 'file_checksum');
}

/** packer-plugin-sdk's ISOConfig, as arm-image uses it. */
export function armImageDownload(f: Fields, cwd: string): DownloadPlan {
  const single = str(f.iso_url);
  const urls = single !== undefined && single !== '' ? [single] : stringList(f.iso_urls);
  const checksum = str(f.iso_checksum) ?? '';
  return {
    urls: urls.map((u) => localOrUrl(u, cwd)),
    ...optional('checksum', isoChecksum(checksum, cwd)),
    ...optional('target_path', targetPath(str(f.iso_target_path), cwd)),
  };
}

function isoChecksum(checksum: string, cwd: string): string | undefined {
  if (checksum === '' || checksum.toLowerCase() === 'none') return undefined;
  const parsed = parseGoGetterChecksum(checksum);
  if (parsed.kind === 'file') return `file:${localOrUrl(parsed.location, cwd)}`;
  return digest(checksum, 'iso_checksum');
}

/** `TYPE:HEX` or bare HEX (its length names the type) as `type:hex`. */
function digest(text: string, field: string): string {
  const parsed = parseGoGetterChecksum(text);
  if (parsed.kind === 'error') throw new PlanError(`${field} "${text}": ${parsed.error}`);
  if (parsed.kind === 'file') return `file:${parsed.location}`;
  return `${parsed.type}:${parsed.hex.toLowerCase()}`;
}

function localOrUrl(location: string, cwd: string): string {
  return isUrl(location) ? location : resolveTemplatePath(cwd, location);
}

function targetPath(path: string | undefined, cwd: string): string | undefined {
  return path === undefined || path === '' ? undefined : resolveTemplatePath(cwd, path);
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
