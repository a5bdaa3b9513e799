import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package version, from the nearest package.json above this module (works from dist/ and from source). */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  for (const up of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (manifest.name === 'chrootforge') {
        cached = manifest.version;
        return cached;
      }
    } catch {
      // not at this level
    }
  }
  cached = '0.0.0';
  return cached;
}
