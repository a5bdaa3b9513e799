/**
 * arm-image's qemu_args as qemu-user's environment variables. The plugin
 * compiles a static C wrapper (gcc) that passes the arguments to qemu;
 * qemu-user reads the same settings from its environment (QEMU_CPU for
 * `-cpu`, …: qemu-user's documented equivalents), which every process of
 * the chroot inherits and no compiler is needed for.
 */
import { PlanError } from './plan-error.js';

/** Options that take a value, and their variable. */
const WITH_VALUE: Record<string, string> = {
  '-cpu': 'QEMU_CPU',
  '-L': 'QEMU_LD_PREFIX',
  '-s': 'QEMU_STACK_SIZE',
  '-B': 'QEMU_GUEST_BASE',
  '-R': 'QEMU_RESERVED_VA',
  '-d': 'QEMU_LOG',
  '-D': 'QEMU_LOG_FILENAME',
  '-p': 'QEMU_PAGESIZE',
  '-r': 'QEMU_UNAME',
  '-E': 'QEMU_SET_ENV',
  '-U': 'QEMU_UNSET_ENV',
  '-0': 'QEMU_ARGV0',
  '-seed': 'QEMU_RAND_SEED',
};

/** Flags, set to 1. */
const FLAGS: Record<string, string> = {
  '-strace': 'QEMU_STRACE',
  '-singlestep': 'QEMU_SINGLESTEP',
};

/** `["-cpu", "cortex-a8"]` → `{ QEMU_CPU: "cortex-a8" }`. */
export function qemuArgsEnvironment(args: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const flag = FLAGS[arg];
    if (flag) {
      env[flag] = '1';
      continue;
    }
    const variable = WITH_VALUE[arg];
    const value = args[i + 1];
    if (!variable || value === undefined)
      throw new PlanError(
        `qemu_args ${JSON.stringify(arg)}: chrootforge hands qemu_args to qemu-user as its environment variables and ${variable ? 'this option needs a value' : `knows none for this option (it knows ${[...Object.keys(WITH_VALUE), ...Object.keys(FLAGS)].join(' ')})`}`,
      );
    // -E and -U may be repeated: qemu-user reads a comma-separated list.
    env[variable] = env[variable] && (arg === '-E' || arg === '-U') ? `${env[variable]},${value}` : value;
    i++;
  }
  return env;
}
