/**
 * From an analysed configuration to what the runner executes: one
 * {@link BuildPlan} per (build, source), with every field evaluated and the
 * schema's defaults applied. chroot, arm and arm-image sources run; the arm
 * builders' plans are made in plan/arm-source.ts and plan/arm-image-source.ts. The runner refuses to start while the
 * analysis has errors, so this only sees configurations the editor accepted.
 *
 * Relative paths (source_image, scripts, file sources, output_image) are
 * resolved from the template's directory, the same base the validator's
 * missing-file warnings use; a trailing slash survives (it is meaning for
 * the file provisioner).
 */
import type {
  BuildPlan,
  ChrootSource,
  FileProvisioner,
  OutputFormat,
  PostProcessorPlan,
  ProvisionerPlan,
  ShellLocalProvisioner,
  ShellProvisioner,
  SourcePlan,
} from './plan-model.js';
import type { Analysis } from './analysis-model.js';
import type { BuildDecl, ProvisionerDecl, PostProcessorDecl, SourceDecl, SourceRef } from './configuration-model.js';
import { isUnknown, type EvalContext, type Evaluation, type Value } from './evaluation-model.js';
import { ansibleLocalPlan, ansiblePlan } from './plan-ansible.js';
import type { Body } from './model.js';
import { configurationFileKind } from './configuration-files.js';
import { parseImageSize } from './text/image-size.js';
import { renderGoTemplate } from './interpolation/render-go-template.js';
import { parseDuration } from './text/duration.js';
import { resolveTemplatePath } from './text/template-path.js';
import { armImageSource } from './plan/arm-image-source.js';
import { armSource } from './plan/arm-source.js';
import { PlanError } from './plan/plan-error.js';
import { type Fields, isUrl, str, stringList, stringMap } from './plan/plan-values.js';
import { defaultOf, withDefaults } from './plan/schema-defaults.js';

export { PlanError };

export interface PlanOptions {
  templateDir: string;
  /** Where relative local paths are resolved from (Packer's working directory); default templateDir. */
  cwd?: string;
  /** `-only` / `-except`: source names (`chroot.base` or `base`) or build names. */
  only?: string[];
  except?: string[];
}

/** The builders chrootforge runs. */
const RUNNABLE = new Set(['chroot', 'arm', 'arm-image']);

/** Why a validated source type does not build here: cloud builders never can. */
function notRunnable(type: string): string {
  return CLOUD_BUILDERS.has(type)
    ? `${type} builds run in the cloud; chrootforge validates them but runs only chroot, arm and arm-image sources.`
    : `chrootforge checks ${type} templates but does not build them; it runs chroot, arm and arm-image sources.`;
}

const CLOUD_BUILDERS = new Set(['amazon-chroot', 'azure-chroot']);

export function planBuilds(analysis: Analysis, options: PlanOptions): BuildPlan[] {
  const plans: BuildPlan[] = [];
  // One clock for the whole build, as Packer's InitTime: every {{timestamp}} agrees.
  const now = new Date();
  for (const build of analysis.config.builds) {
    for (const ref of build.sources) {
      const source = analysis.config.sources.find((s) => s.type === ref.type && s.name === ref.name);
      if (!source || !selected(`${source.type}.${source.name}`, source.name, options)) continue;
      if (!RUNNABLE.has(source.type))
        throw new PlanError(`source.${source.type}.${source.name}: ${notRunnable(source.type)}`);
      plans.push(planOne(analysis.evaluation, build, source, ref, options, now));
    }
  }
  return plans;
}

function selected(fullName: string, name: string, options: PlanOptions): boolean {
  const matches = (list: string[] | undefined) => list?.some((n) => n === fullName || n === name) ?? false;
  if (options.only?.length && !matches(options.only)) return false;
  return !matches(options.except);
}

function planOne(
  evaluation: Evaluation,
  build: BuildDecl,
  source: SourceDecl,
  ref: SourceRef,
  options: PlanOptions,
  now: Date,
): BuildPlan {
  const { templateDir } = options;
  const cwd = options.cwd ?? templateDir;
  const buildName = `${source.type}.${source.name}`;
  const context: EvalContext = { file: source.file, kind: 'source', source: { type: source.type, name: source.name } };
  const render = pluginFieldRenderer(source, cwd, now);
  const fields = render({
    ...withDefaults('source', source.type, evaluateBody(source.body, evaluation, context)),
    ...evaluateBody(withoutName(ref.body), evaluation, context),
  });
  const forBuild = (decl: ProvisionerDecl | PostProcessorDecl): boolean => {
    const common = evaluateBody(decl.body, evaluation, { file: decl.file, kind: 'provisioner' });
    const only = stringList(common.only);
    const except = stringList(common.except);
    return (
      (only.length === 0 || only.includes(buildName) || only.includes(source.name)) &&
      !except.includes(buildName) &&
      !except.includes(source.name)
    );
  };
  return {
    buildName,
    templateDir,
    source: sourcePlan(source, fields, { templateDir, cwd }),
    provisioners: build.provisioners.filter(forBuild).map((p) => provisionerPlan(p, evaluation, cwd, source, render)),
    postProcessors: build.postProcessors.filter(forBuild).map((p) => postProcessorPlan(p, evaluation, source, render)),
  };
}

/** `name = "…"` in a build's `source` block renames the build; it is no field of the source. */
function withoutName(body: Body | undefined): Body | undefined {
  return body && { ...body, attributes: body.attributes.filter((a) => a.name !== 'name') };
}

/**
 * Renders the `{{ }}` functions of an HCL2 template's plugin fields, as the
 * plugin would; a legacy JSON template's strings were rendered by its
 * evaluation already. Actions that need data are kept for the runner.
 */
function pluginFieldRenderer(source: SourceDecl, cwd: string, now: Date): (fields: Fields) => Fields {
  if (configurationFileKind(source.file) === 'legacy-json') return (fields) => fields;
  const functions = { cwd, now, buildName: source.name, buildType: source.type };
  const renderValue = (value: Value, field: string): Value => {
    if (typeof value === 'string') {
      if (!value.includes('{{')) return value;
      try {
        return renderGoTemplate(value, { keepUnknownData: true, functions });
      } catch (err) {
        throw new PlanError(`${field}: ${(err as Error).message}`);
      }
    }
    if (Array.isArray(value)) return value.map((v) => renderValue(v, field));
    if (value !== null && typeof value === 'object' && !isUnknown(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, field)]));
    return value;
  };
  return (fields) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, renderValue(v, k)]));
}

/** The source's plan for its builder; a field the runner cannot use names itself in the error. */
function sourcePlan(source: SourceDecl, fields: Fields, dirs: { templateDir: string; cwd: string }): SourcePlan {
  try {
    if (source.type === 'arm') return armSource(source.name, fields, dirs.cwd);
    if (source.type === 'arm-image') return armImageSource(source.name, fields, dirs.cwd);
    return chrootSource(source.name, fields, dirs);
  } catch (err) {
    if (err instanceof PlanError) throw new PlanError(`source.${source.type}.${source.name}: ${err.message}`);
    throw err;
  }
}

/**
 * Attributes to plain values; a nested block to an object, a block written
 * several times (arm's `image_partitions { … }`) to a list of them. UNKNOWN
 * is an error here.
 */
function evaluateBody(body: Body | undefined, evaluation: Evaluation, context: EvalContext): Fields {
  const fields: Fields = {};
  for (const attribute of body?.attributes ?? []) {
    const value = evaluation.evaluate(attribute.value, context);
    if (containsUnknown(value))
      throw new PlanError(
        `${attribute.name}: the value is not known before the build runs (${context.file}:${attribute.range.start.line + 1}).`,
      );
    fields[attribute.name] = value;
  }
  const blocks = body?.blocks ?? [];
  for (const block of blocks) {
    const value = evaluateBody(block.body, evaluation, context);
    const count = blocks.filter((b) => b.type === block.type).length;
    fields[block.type] = count > 1 ? [...((fields[block.type] as Value[] | undefined) ?? []), value] : value;
  }
  return fields;
}

function containsUnknown(value: Value): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}

const EXTENSIONS: Record<OutputFormat, string> = {
  raw: 'img',
  qcow2: 'qcow2',
  tar: 'tar',
  'tar.gz': 'tar.gz',
  'tar.zst': 'tar.zst',
  'tar.xz': 'tar.xz',
  'tar.bz2': 'tar.bz2',
};

function chrootSource(name: string, f: Fields, dirs: { templateDir: string; cwd: string }): ChrootSource {
  const { templateDir, cwd } = dirs;
  const fromScratch = f.from_scratch === true || f.from_scratch === 'true';
  const format = (str(f.output_format) ?? 'raw') as OutputFormat;
  const sizeValue = f.image_size;
  const imageSize =
    typeof sizeValue === 'string' || typeof sizeValue === 'number' ? parseImageSize(sizeValue) : undefined;
  const source: ChrootSource = {
    type: 'chroot',
    name,
    from_scratch: fromScratch,
    mount_partition: String(f.mount_partition ?? '1'),
    partition_mounts: (Array.isArray(f.partition_mounts) ? f.partition_mounts : []).map(
      (p) => [String((p as Value[])[0]), String((p as Value[])[1])] as [string, string],
    ),
    mount_path: str(f.mount_path) ?? '/mnt/chrootforge/{{.Device}}',
    mount_options: stringList(f.mount_options),
    pre_mount_commands: stringList(f.pre_mount_commands),
    post_mount_commands: stringList(f.post_mount_commands),
    pre_unmount_commands: stringList(f.pre_unmount_commands),
    chroot_mounts: chrootMounts(f.chroot_mounts),
    copy_files: Array.isArray(f.copy_files) ? stringList(f.copy_files) : fromScratch ? [] : ['/etc/resolv.conf'],
    prevent_service_starts: f.prevent_service_starts !== false && f.prevent_service_starts !== 'false',
    command_wrapper: str(f.command_wrapper) ?? '{{.Command}}',
    chroot_env: stringMap(f.chroot_env),
    output_image: resolveTemplatePath(templateDir, str(f.output_image) ?? `output-${name}/image.${EXTENSIONS[format]}`),
    output_format: format,
  };
  const image = str(f.source_image);
  if (image !== undefined) source.source_image = isUrl(image) ? image : resolveTemplatePath(cwd, image);
  if (str(f.source_checksum) !== undefined) source.source_checksum = str(f.source_checksum)!;
  if (imageSize !== undefined) source.image_size = imageSize;
  if (str(f.qemu_binary) !== undefined) source.qemu_binary = str(f.qemu_binary)!;
  return source;
}

/** Unset or empty means the schema's default: Packer's five mounts. */
function chrootMounts(value: Value | undefined): Array<[string, string, string]> {
  const entries = Array.isArray(value) && value.length > 0 ? value : defaultOf('source', 'chroot', 'chroot_mounts');
  return (Array.isArray(entries) ? entries : []).map((e) => stringList(e) as [string, string, string]);
}

function provisionerPlan(
  decl: ProvisionerDecl,
  evaluation: Evaluation,
  cwd: string,
  source: SourceDecl,
  render: (fields: Fields) => Fields,
): ProvisionerPlan {
  const explicit = render(
    evaluateBody(decl.body, evaluation, {
      file: decl.file,
      kind: 'provisioner',
      source: { type: source.type, name: source.name },
    }),
  );
  const f = withDefaults('provisioner', decl.type, explicit);
  const local = (p: string) => resolveTemplatePath(cwd, p);
  const common = {
    ...(f.only !== undefined ? { only: stringList(f.only) } : {}),
    ...(f.except !== undefined ? { except: stringList(f.except) } : {}),
    ...(str(f.pause_before) ? { pause_before: parseDuration(str(f.pause_before)!) } : {}),
    ...(f.max_retries !== undefined ? { max_retries: Number(f.max_retries) } : {}),
    ...(str(f.timeout) ? { timeout: parseDuration(str(f.timeout)!) } : {}),
  };
  switch (decl.type) {
    case 'shell': {
      const plan: ShellProvisioner = {
        type: 'shell',
        ...common,
        environment_vars: stringList(f.environment_vars),
        execute_command: str(f.execute_command) ?? 'chmod +x {{.Path}}; {{.Vars}} {{.Path}}',
        inline_shebang: str(f.inline_shebang) ?? '/bin/sh -e',
        remote_folder: str(f.remote_folder) ?? '/tmp',
        valid_exit_codes: Array.isArray(f.valid_exit_codes) ? f.valid_exit_codes.map(Number) : [0],
      };
      if (f.inline !== undefined) plan.inline = stringList(f.inline);
      if (str(f.script)) plan.script = local(str(f.script)!);
      if (f.scripts !== undefined) plan.scripts = stringList(f.scripts).map(local);
      if (str(f.remote_file)) plan.remote_file = str(f.remote_file)!;
      return plan;
    }
    case 'file': {
      const direction = str(f.direction) === 'download' ? 'download' : 'upload';
      const onHost = (p: string) => (direction === 'upload' ? local(p) : p);
      const plan: FileProvisioner = {
        type: 'file',
        ...common,
        destination: direction === 'download' ? local(str(f.destination) ?? '') : (str(f.destination) ?? ''),
        direction,
      };
      if (str(f.source)) plan.source = onHost(str(f.source)!);
      if (f.sources !== undefined) plan.sources = stringList(f.sources).map(onHost);
      if (f.content !== undefined) plan.content = String(f.content);
      if (f.exclude !== undefined) plan.exclude = stringList(f.exclude);
      return plan;
    }
    case 'shell-local': {
      const plan: ShellLocalProvisioner = {
        type: 'shell-local',
        ...common,
        environment_vars: stringList(f.environment_vars),
        execute_command: Array.isArray(f.execute_command)
          ? stringList(f.execute_command)
          : ['/bin/sh', '-c', '{{.Vars}} {{.Script}}'],
        inline_shebang: str(f.inline_shebang) ?? '/bin/sh -e',
        valid_exit_codes: Array.isArray(f.valid_exit_codes) ? f.valid_exit_codes.map(Number) : [0],
      };
      if (f.inline !== undefined) plan.inline = stringList(f.inline);
      if (str(f.command)) plan.command = str(f.command)!;
      if (str(f.script)) plan.script = local(str(f.script)!);
      if (f.scripts !== undefined) plan.scripts = stringList(f.scripts).map(local);
      return plan;
    }
    case 'ansible':
    case 'ansible-local': {
      const context = { explicit: new Set(Object.keys(explicit)), where: fieldPosition(decl), local, refuse };
      return decl.type === 'ansible' ? ansiblePlan(f, common, context) : ansibleLocalPlan(f, common, context);
    }
    default:
      throw new PlanError(
        `provisioner "${decl.type}": chrootforge does not run it; it runs shell, file, shell-local, ansible and ansible-local provisioners.`,
      );
  }
}

/** `file:line:col` (1-based) of a field the declaration sets. */
function fieldPosition(decl: ProvisionerDecl): (field: string) => string {
  return (field) => {
    const start = decl.body.attributes.find((a) => a.name === field)?.range.start ?? decl.headerRange.start;
    return `${decl.file}:${start.line + 1}:${start.character + 1}`;
  };
}

function refuse(message: string): never {
  throw new PlanError(message);
}

function postProcessorPlan(
  decl: PostProcessorDecl,
  evaluation: Evaluation,
  source: SourceDecl,
  render: (fields: Fields) => Fields,
): PostProcessorPlan {
  const f = withDefaults(
    'post-processor',
    decl.type,
    render(
      evaluateBody(decl.body, evaluation, {
        file: decl.file,
        kind: 'post-processor',
        source: { type: source.type, name: source.name },
      }),
    ),
  );
  switch (decl.type) {
    case 'checksum':
      return {
        type: 'checksum',
        checksum_types: f.checksum_types !== undefined ? stringList(f.checksum_types) : ['md5'],
        output: str(f.output) ?? 'packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum',
      };
    case 'manifest':
      return {
        type: 'manifest',
        output: str(f.output) ?? 'packer-manifest.json',
        strip_path: f.strip_path === true,
        custom_data: stringMap(f.custom_data),
      };
    default:
      throw new PlanError(`post-processor "${decl.type}" is not supported by chrootforge builds.`);
  }
}
