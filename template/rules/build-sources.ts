/** Build `sources` must name declared sources; `only`/`except` must name builds' sources. */
import { configurationFileKind } from '../configuration-files.js';
import type { BuildDecl, Configuration } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic } from '../model.js';
import { didYouMean, suggest } from '../suggest.js';
import { staticString } from '../static-value.js';
import { rangeContains } from '../text/range.js';
import { listItems } from './rule-context.js';

export function checkBuildSources(config: Configuration): Diagnostic[] {
  const declared = new Set(config.sources.map((s) => `${s.type}.${s.name}`));
  const out: Diagnostic[] = [];
  for (const build of config.builds) {
    for (const ref of build.sources) {
      if (!ref.type || declared.has(`${ref.type}.${ref.name}`)) continue;
      const suggestions = suggest(`${ref.type}.${ref.name}`, declared).map((s) => `source.${s}`);
      out.push(
        diagnostic(
          build.file,
          ref.range,
          'undefined-source',
          `The build refers to source.${ref.type}.${ref.name}, which is not declared.${didYouMean(suggestions)}`,
          'error',
          { suggestions },
        ),
      );
    }
    // A legacy template's one build is its builders list: an empty one has its own message.
    if (
      build.sources.length === 0 &&
      !build.sourcesUnknown &&
      configurationFileKind(build.file) !== 'legacy-json' &&
      !hasSyntaxError(config, build)
    ) {
      out.push(
        diagnostic(
          build.file,
          build.headerRange,
          'build-without-sources',
          'This build has no sources: add sources = ["source.<type>.<name>"] naming the sources to build.',
        ),
      );
    }
    out.push(...onlyExceptNames(build));
  }
  return out;
}

/** A syntax error inside the build may have cost it its `sources`: that error is the one to report. */
function hasSyntaxError(config: Configuration, build: BuildDecl): boolean {
  const file = config.files.find((f) => f.path === build.file);
  return (file?.diagnostics ?? []).some((d) => d.severity === 'error' && rangeContains(build.range, d.range.start));
}

/** Names that `only`/`except` may use: `type.name` and, for JSON, the builder name. */
function onlyExceptNames(build: BuildDecl): Diagnostic[] {
  const names = new Set(build.sources.flatMap((s) => [`${s.type}.${s.name}`, s.name]));
  const out: Diagnostic[] = [];
  const decls = [
    ...build.provisioners,
    ...(build.errorCleanupProvisioner ? [build.errorCleanupProvisioner] : []),
    ...build.postProcessors,
  ];
  for (const provisioner of decls) {
    for (const key of ['only', 'except']) {
      const items = listItems(provisioner.body.attributes.find((a) => a.name === key));
      for (const item of items ?? []) {
        const name = staticString(item);
        if (name === undefined || names.has(name)) continue;
        const suggestions = suggest(name, names);
        out.push(
          diagnostic(
            provisioner.file,
            item.range,
            'unknown-build-name',
            `${key} names "${name}", which is not a source of this build.${didYouMean(suggestions)}`,
            'warning',
            { suggestions },
          ),
        );
      }
    }
  }
  return out;
}
