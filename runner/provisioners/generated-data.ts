/**
 * The data Packer gives a provisioner when it runs (its "generated data"),
 * as a chroot build has it: the build's MountPath and Device, Packer's
 * placeholders for what a chroot builder does not implement (no instance
 * id, no HTTP server) and no communicator (no host, user or secrets).
 * HCL's `build.X` arrives in the plan as `{{.X}}` and is rendered with it.
 */
import { randomUUID } from 'node:crypto';
import { renderTemplate, type TemplateData } from '../template/render.js';

/** packer-plugin-sdk's placeholders for data a builder does not implement. */
const NOT_IMPLEMENTED = {
  ID: 'ERR_ID_NOT_IMPLEMENTED_BY_BUILDER',
  PackerHTTPAddr: 'ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER',
  PackerHTTPIP: 'ERR_HTTP_IP_NOT_IMPLEMENTED_BY_BUILDER',
  PackerHTTPPort: 'ERR_HTTP_PORT_NOT_IMPLEMENTED_BY_BUILDER',
};

/** One id per chrootforge process, as Packer's PACKER_RUN_UUID is one per run. */
const RUN_UUID = randomUUID();

/** The generated data of a build whose shared data (`MountPath`, `Device`) is `buildData`. */
export function generatedData(buildData: Record<string, string>): TemplateData {
  return {
    ...NOT_IMPLEMENTED,
    PackerRunUUID: RUN_UUID,
    Host: '',
    Port: '',
    User: '',
    Password: '',
    ConnType: 'none',
    SSHPublicKey: '',
    SSHPrivateKey: '',
    WinRMPassword: '',
    ...buildData,
  };
}

type StringFields<P> = { [K in keyof P]: P[K] extends string | string[] | undefined ? K : never }[keyof P];

/** A copy of `p` with the named string and string-list fields rendered with `data` (HCL `build.X` in them). */
export function renderFields<P extends object>(p: P, fields: Array<StringFields<P>>, data: TemplateData): P {
  const copy = { ...p };
  for (const field of fields) {
    const value = copy[field] as string | string[] | undefined;
    if (typeof value === 'string') copy[field] = renderTemplate(value, data) as P[typeof field];
    else if (Array.isArray(value)) copy[field] = value.map((v) => renderTemplate(v, data)) as P[typeof field];
  }
  return copy;
}
