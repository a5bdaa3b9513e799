/**
 * A configuration: the sources, builds, variables and locals of one template
 * file (legacy JSON) or one directory of `.pkr.hcl` files, each element
 * pointing back at the syntax it came from. Built by configuration.ts from
 * {@link ParsedFile}s; both syntaxes give the same shapes.
 */
import type { Block, Body, Expr, ParsedFile, Range } from './model.js';

export interface Configuration {
  files: ParsedFile[];
  variables: VariableDecl[];
  locals: LocalDecl[];
  sources: SourceDecl[];
  /** `data "TYPE" "NAME" { … }` blocks (HCL only). */
  dataSources: DataSourceDecl[];
  builds: BuildDecl[];
  /** `packer { required_version = … }` blocks, kept for validation only. */
  packerBlocks: PackerDecl[];
}

/** Where an element was declared: its file and the ranges that diagnostics mark. */
export interface Declared {
  file: string;
  /** Range of the declaring header (HCL block header; JSON object key or `type` value). */
  headerRange: Range;
  /** The whole declaration. */
  range: Range;
}

export interface PackerDecl extends Declared {
  body: Body;
}

export interface VariableDecl extends Declared {
  name: string;
  nameRange: Range;
  /** HCL `type = …` constraint expression. */
  typeExpr?: Expr;
  default?: Expr;
  description?: string;
  sensitive?: boolean;
  validations: VariableValidation[];
  /** The declaring block (HCL); absent for JSON `"variables"` entries. */
  block?: Block;
}

export interface VariableValidation {
  condition: Expr;
  errorMessage?: Expr;
  range: Range;
}

export interface LocalDecl extends Declared {
  name: string;
  nameRange: Range;
  value: Expr;
}

export interface SourceDecl extends Declared {
  /** Builder type: `chroot`, `amazon-chroot`, `azure-chroot`, … */
  type: string;
  typeRange: Range;
  /** Source name (HCL second label; JSON `name`, defaulting to `type`). */
  name: string;
  nameRange: Range;
  /** Fields of the source. For JSON the builder object minus `type`/`name`. */
  body: Body;
}

/**
 * A data source: a plugin component Packer runs while it reads the template
 * (`packer validate` does not). Its outputs, `data.TYPE.NAME.ATTR`, are not
 * known before a build.
 */
export interface DataSourceDecl extends Declared {
  type: string;
  typeRange: Range;
  name: string;
  nameRange: Range;
  body: Body;
}

export interface SourceRef {
  /** `source.chroot.base` / `chroot.base` as written. */
  text: string;
  type: string;
  name: string;
  range: Range;
  /** A `source "chroot.base" { … }` block inside a build may set extra fields. */
  body?: Body;
}

export interface ProvisionerDecl extends Declared {
  type: string;
  typeRange: Range;
  body: Body;
}

export interface PostProcessorDecl extends Declared {
  type: string;
  typeRange: Range;
  body: Body;
}

export interface BuildDecl extends Declared {
  name?: string;
  /**
   * The sources built, in order: `sources = [ … ]` entries, then `source "…" { }`
   * blocks. A `sources` expression (`concat(local.a, local.b)`) adds its
   * references once evaluated (configuration/build-source-values.ts).
   */
  sources: SourceRef[];
  /** `sources = <expression>` that only evaluation can read; undefined for a list of plain strings. */
  sourcesExpr?: Expr;
  /** The `sources` expression's value is not known before the build (e.g. it reads a data source). */
  sourcesUnknown?: boolean;
  /** In the order written. */
  provisioners: ProvisionerDecl[];
  /** `error-cleanup-provisioner "TYPE" { … }`: runs only when provisioning fails. */
  errorCleanupProvisioner?: ProvisionerDecl;
  /** Flattened from `post-processor` and `post-processors` blocks, in order. */
  postProcessors: PostProcessorDecl[];
  body: Body;
}
