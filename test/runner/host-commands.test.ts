/**
 * The host-command steps (pre_mount_commands, post_mount_commands,
 * pre_unmount_commands): names, what they say, the template data each
 * renders, and the command_wrapper around each command. Real /bin/sh, no
 * root needed: the devices and mount path are only data here.
 */
import { describe, expect, it } from 'vitest';
import { Journal } from '../../runner/journal/journal.js';
import { newBuildState } from '../../runner/multistep/build-state.js';
import type { ChrootSource } from '../../template/plan-model.js';
import { postMountCommandsStep, preMountCommandsStep, preUnmountCommandsStep } from '../../runner/index.js';
import { recordingUi } from '../../runner/ui/ui.js';
import { fixturePlan } from '../fixtures/runner/plan.js';

const WRAPPER = 'WRAPPED=yes; {{.Command}}';

async function run(
  step: typeof preMountCommandsStep,
  source: Partial<ChrootSource>,
): Promise<{ name: string; lines: string[] }> {
  const state = newBuildState(fixturePlan('/nonexistent', 'base.img', source), 'b1', '/nonexistent');
  state.loop = { device: '/dev/loop9', extraDevices: [], partitions: new Map([['1', '/dev/loop9p1']]) };
  state.device = '/dev/loop9p1';
  state.mountPath = '/mnt/chrootforge/loop9p1';
  const ui = recordingUi();
  const made = step();
  await made.run(state, { signal: new AbortController().signal, ui, journal: Journal.inMemory() });
  return { name: made.name, lines: ui.lines };
}

describe('host command steps', () => {
  it('pre-mount-commands: {{.Device}} is the loop device', async () => {
    const result = await run(preMountCommandsStep, {
      pre_mount_commands: ['echo "device={{.Device}} wrapped=$WRAPPED"'],
      command_wrapper: WRAPPER,
    });
    expect(result).toEqual({
      name: 'pre-mount-commands',
      lines: [
        '==> chroot.test: Running pre-mount commands...',
        '==> chroot.test: Executing command: WRAPPED=yes; echo "device=/dev/loop9 wrapped=$WRAPPED"',
        '    chroot.test: device=/dev/loop9 wrapped=yes',
      ],
    });
  });

  it('post-mount-commands: {{.Device}} is the mounted root device, {{.MountPath}} its mount', async () => {
    const result = await run(postMountCommandsStep, {
      post_mount_commands: ['echo "{{.Device}} {{.MountPath}} $WRAPPED"', 'echo second'],
      command_wrapper: WRAPPER,
    });
    expect(result).toEqual({
      name: 'post-mount-commands',
      lines: [
        '==> chroot.test: Running post-mount commands...',
        '==> chroot.test: Executing command: WRAPPED=yes; echo "/dev/loop9p1 /mnt/chrootforge/loop9p1 $WRAPPED"',
        '    chroot.test: /dev/loop9p1 /mnt/chrootforge/loop9p1 yes',
        '==> chroot.test: Executing command: WRAPPED=yes; echo second',
        '    chroot.test: second',
      ],
    });
  });

  it('pre-unmount-commands: the same data as post-mount', async () => {
    const result = await run(preUnmountCommandsStep, {
      pre_unmount_commands: ['echo "{{.Device}} {{.MountPath}}"'],
    });
    expect(result).toEqual({
      name: 'pre-unmount-commands',
      lines: [
        '==> chroot.test: Running pre-unmount commands...',
        '==> chroot.test: Executing command: echo "/dev/loop9p1 /mnt/chrootforge/loop9p1"',
        '    chroot.test: /dev/loop9p1 /mnt/chrootforge/loop9p1',
      ],
    });
  });

  it('say nothing when their list is empty', async () => {
    for (const step of [preMountCommandsStep, postMountCommandsStep, preUnmountCommandsStep])
      expect((await run(step, {})).lines).toEqual([]);
  });

  it('stop the build at a failing command, naming it', async () => {
    await expect(run(postMountCommandsStep, { post_mount_commands: ['exit 3', 'echo never'] })).rejects.toThrow(
      'Error executing command "exit 3": exit status 3',
    );
  });
});
