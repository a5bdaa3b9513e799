/**
 * packer-plugin-arm-image's Prepare checks (its builder and the SDK's ISOConfig), with their own messages,
 * plus warnings for what the plugin accepts but its build certainly fails on or silently ignores. The enums
 * of image_type and image_arch and the removed iso_checksum_type/iso_checksum_url are the schema's.
 */
import type { SourceDecl } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import { isUnknown, type Value } from '../evaluation-model.js';
import type { Diagnostic } from '../model.js';
import { didYouMean, suggest } from '../suggest.js';
import { parseGoGetterChecksum } from '../text/go-checksum.js';
import { buildWillFail } from './build-will-fail.js';
import { type Fields, listItems } from './rule-context.js';

/** image_type values and what the plugin guesses from the first URL when it is not set (in its order). */
const IMAGE_TYPE_GUESSES: Array<[fragment: string, type: string]> = [
  ['raspbian', 'raspberrypi'],
  ['raspios', 'raspberrypi'],
  ['bone', 'beaglebone'],
  ['kali', 'kali'],
  ['ubuntu', 'ubuntu'],
  ['Armbian', 'armbian'],
];
const IMAGE_TYPES = ['raspberrypi', 'beaglebone', 'kali', 'ubuntu', 'armbian'];
const RESOLV_CONF_MODES = ['off', 'copy-host', 'bind-host', 'delete'];
const COMMAND_ACTION = /\{\{-?\s*\.Command\s*-?\}\}/;

export function checkArmImage(source: SourceDecl, fields: Fields): Diagnostic[] {
  return [
    ...isoConfig(source, fields),
    ...imageMounts(source, fields),
    ...resolvConf(source, fields),
    ...chrootMountTriples(source, fields),
    ...commandWrapperRenderedEarly(source, fields),
  ];
}

/** The SDK's ISOConfig.Prepare: one of iso_url/iso_urls, then the checksum. */
function isoConfig(source: SourceDecl, fields: Fields): Diagnostic[] {
  const single = fields.isSet('iso_url');
  const many = fields.isSet('iso_urls');
  if (single && many) {
    return [
      diagnostic(
        source.file,
        fields.attribute('iso_urls')!.nameRange,
        'conflicting-fields',
        'Only one of iso_url or iso_urls must be specified',
      ),
    ];
  }
  if (!single && !many) {
    return [
      diagnostic(source.file, source.headerRange, 'missing-field', 'One of iso_url or iso_urls must be specified'),
    ];
  }
  return isoChecksum(source, fields);
}

function isoChecksum(source: SourceDecl, fields: Fields): Diagnostic[] {
  const value = fields.value('iso_checksum');
  if (isUnknown(value)) return [];
  const checksum = value === undefined || value === null ? '' : String(value);
  if (checksum === '') {
    return [diagnostic(source.file, source.headerRange, 'missing-field', 'A checksum must be specified')];
  }
  const range = fields.attribute('iso_checksum')!.value.range;
  if (checksum === 'none') {
    return [
      diagnostic(
        source.file,
        range,
        'unverified-download',
        "A checksum of 'none' was specified. Since ISO files are so big, a checksum is highly recommended.",
        'warning',
      ),
    ];
  }
  const parsed = parseGoGetterChecksum(checksum);
  if (parsed.kind === 'file') return []; // read when Packer validates: nothing to check offline
  if (parsed.kind === 'error') {
    // Prepare keeps the unparsed text, so its `.iso` test applies: the image's URL given as its checksum.
    const isoEnding = checksum.toLowerCase().endsWith('.iso')
      ? ' Error parsing checksum: .iso is not a valid checksum ending.'
      : '';
    return [
      diagnostic(
        source.file,
        range,
        'invalid-checksum',
        `${parsed.error} in ${JSON.stringify(checksum)}.${isoEnding} Write TYPE:HEX (md5, sha1, sha256 or sha512), the bare hex digits, file:URL of a checksum file, or none.`,
      ),
    ];
  }
  if (parsed.hex.length !== parsed.expectedBytes * 2) {
    return [
      buildWillFail(
        source.file,
        range,
        `a ${parsed.type} checksum has ${parsed.expectedBytes * 2} hex digits, this one ${parsed.hex.length}: the download can never match it.`,
      ),
    ];
  }
  return [];
}

/** Without image_mounts, they come from image_type, itself guessed from the first URL when not set. */
function imageMounts(source: SourceDecl, fields: Fields): Diagnostic[] {
  if (fields.isSet('image_mounts')) return [];
  const type = fields.value('image_type');
  if (isUnknown(type)) return [];
  // A wrong image_type is the schema's error; Prepare's follow-up about image_mounts would only repeat it.
  if (typeof type === 'string' && type !== '') return [];
  const url = firstUrl(fields);
  if (url === undefined || guessImageType(url) !== undefined) return [];
  return [
    diagnostic(
      source.file,
      source.headerRange,
      'missing-field',
      `no image mounts provided. Please set the image mounts or image type. (The type cannot be guessed from ${JSON.stringify(url)}: set image_type to one of ${IMAGE_TYPES.join(', ')}, or image_mounts to the mountpoint of each partition.)`,
    ),
  ];
}

/** The first download location as known now; undefined when it is not known. */
function firstUrl(fields: Fields): string | undefined {
  const single = fields.value('iso_url');
  if (typeof single === 'string' && single !== '') return single;
  if (single !== undefined && single !== null && single !== '') return undefined;
  const many: Value | undefined = fields.value('iso_urls');
  return Array.isArray(many) && typeof many[0] === 'string' ? many[0] : undefined;
}

function guessImageType(url: string): string | undefined {
  return IMAGE_TYPE_GUESSES.find(([fragment]) => url.includes(fragment))?.[1];
}

/** The plugin compares resolv-conf with its four modes and treats anything else as `off`, silently. */
function resolvConf(source: SourceDecl, fields: Fields): Diagnostic[] {
  const mode = fields.string('resolv-conf');
  if (mode === undefined || mode === '' || RESOLV_CONF_MODES.includes(mode)) return [];
  const suggestions = suggest(mode, RESOLV_CONF_MODES);
  return [
    diagnostic(
      source.file,
      fields.attribute('resolv-conf')!.value.range,
      'unrecognized-value',
      `resolv-conf "${mode}" is not one of ${RESOLV_CONF_MODES.join(', ')}: arm-image treats it as off and leaves /etc/resolv.conf as it is.${didYouMean(suggestions)}`,
      'warning',
      { suggestions },
    ),
  ];
}

/** The SDK's mount step reads three elements of every entry: fewer crash the plugin. */
function chrootMountTriples(source: SourceDecl, fields: Fields): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const name of ['chroot_mounts', 'additional_chroot_mounts']) {
    for (const entry of listItems(fields.attribute(name)) ?? []) {
      if (entry.type !== 'tuple' || entry.items.length >= 3) continue;
      out.push(
        buildWillFail(
          source.file,
          entry.range,
          `each ${name} entry is [fstype, source, mountpoint]; the plugin reads the third element and crashes with ${entry.items.length}.`,
        ),
      );
    }
  }
  return out;
}

/**
 * The plugin renders every field, command_wrapper included, when it reads the template — before any command
 * exists — so Go's template engine leaves "<no value>" where `{{.Command}}` was.
 */
function commandWrapperRenderedEarly(source: SourceDecl, fields: Fields): Diagnostic[] {
  const wrapper = fields.string('command_wrapper');
  if (wrapper === undefined || !COMMAND_ACTION.test(wrapper)) return [];
  return [
    buildWillFail(
      source.file,
      fields.attribute('command_wrapper')!.value.range,
      'packer-plugin-arm-image renders command_wrapper once when it reads the template, before there is a command, so {{.Command}} becomes "<no value>" and every wrapped command (the mounts too) fails. Leave command_wrapper out for builds with Packer.',
    ),
  ];
}
