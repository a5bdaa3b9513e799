/**
 * The two pieces of CI that decide green or red without a test of their own
 * elsewhere: the build refuses type errors in every environment, and the
 * closing line counts failed checks and test files that failed to load.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'cf-ci-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('scripts/build.mjs', () => {
  it('fails on a type error with CI unset, and leaves no dist/ behind', () => {
    const copy = join(work, 'repo');
    for (const part of ['template', 'server', 'runner', 'cli', 'schemas', 'scripts']) {
      cpSync(join(root, part), join(copy, part), { recursive: true });
    }
    for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) {
      cpSync(join(root, file), join(copy, file));
    }
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    writeFileSync(join(copy, 'template', 'type-error.ts'), 'export const n: number = "not a number";\n');
    const env = { ...process.env };
    delete env.CI;
    delete env.CHROOTFORGE_BUILD_STRICT;
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: copy,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stdout + r.stderr).toContain(
      "template/type-error.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.",
    );
    expect(r.status).toBe(1);
    expect(existsSync(join(copy, 'dist'))).toBe(false);
  });
});

describe('scripts/test-summary.mjs', () => {
  const local = { ...process.env };
  delete local.CHROOTFORGE_REQUIRE_ALL;
  const summary = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'scripts/test-summary.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: local,
    });
  const report = join(work, 'vitest.json');
  writeFileSync(
    report,
    JSON.stringify({
      numPassedTests: 7,
      numFailedTests: 1,
      numPendingTests: 2,
      numTodoTests: 0,
      testResults: [
        {
          name: join(root, 'test/a/one.test.ts'),
          status: 'failed',
          startTime: 0,
          endTime: 6000,
          assertionResults: [{ status: 'passed' }, { status: 'failed' }],
        },
        {
          name: join(root, 'test/b/two.test.ts'),
          status: 'failed',
          message: 'needs nvim on PATH: CHROOTFORGE_REQUIRE_ALL=1 forbids skipping this test',
          startTime: 0,
          endTime: 0,
          assertionResults: [],
        },
      ],
    }),
  );

  it('counts failed checks and files that failed to load, and names them', () => {
    const steps = join(work, 'steps.tsv');
    writeFileSync(
      steps,
      'timed\tnpm ci\t0\t12000\ncheck\ttypecheck\t0\t9000\ncheck\tlint\t1\t2000\ncheck\tformat check\t0\t500\n',
    );
    const r = summary(report, steps);
    expect(r.stdout).toContain(
      'FAILED file: test/b/two.test.ts\n  needs nvim on PATH: CHROOTFORGE_REQUIRE_ALL=1 forbids skipping this test',
    );
    expect(r.stdout).toContain('FAILED check: lint (exit 1)');
    expect(r.stdout).toMatch(/\n {2}lint +2\.0 s {2}FAILED\n/);
    expect(r.stdout).toMatch(/Test groups over 5 s:\n {2}test\/a +6\.0 s\n/);
    // 7 tests + typecheck + format check passed; 1 test, 1 file, lint failed.
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('9 passed, 3 failed, 2 skipped');
    expect(r.status).toBe(1);
  });

  it('a file whose hook failed (its tests reported skipped) is a failure; on CI every skip is one', () => {
    const hookFailed = join(work, 'hook-failed.json');
    writeFileSync(
      hookFailed,
      JSON.stringify({
        success: false,
        numPassedTests: 3,
        numFailedTests: 0,
        numPendingTests: 2,
        testResults: [
          { name: join(root, 'test/a/ok.test.ts'), status: 'passed', assertionResults: [{ status: 'passed' }] },
          {
            name: join(root, 'test/c/hook.test.ts'),
            status: 'failed',
            message: '',
            assertionResults: [
              { status: 'skipped', fullName: 'c first' },
              { status: 'skipped', fullName: 'c second' },
            ],
          },
        ],
      }),
    );
    const local = summary(hookFailed);
    expect(local.stdout).toContain(
      'FAILED file: test/c/hook.test.ts\n  a hook failed or the file did not run; the error is in the output above',
    );
    expect(local.stdout.trimEnd().split('\n').pop()).toBe('3 passed, 1 failed, 2 skipped');
    const ci = spawnSync(process.execPath, [join(root, 'scripts/test-summary.mjs'), hookFailed], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CHROOTFORGE_REQUIRE_ALL: '1' },
    });
    expect(ci.stdout).toContain('  test/c/hook.test.ts: c first\n  test/c/hook.test.ts: c second\n');
    expect(ci.stdout.trimEnd().split('\n').pop()).toBe('3 passed, 3 failed, 0 skipped');
    expect(ci.status).toBe(1);
  });

  it('vitest failing with nothing else to show for it is still one failure', () => {
    const unexplained = join(work, 'unexplained.json');
    writeFileSync(unexplained, JSON.stringify({ success: false, numPassedTests: 4, testResults: [] }));
    expect(summary(unexplained).stdout.trimEnd().split('\n').pop()).toBe('4 passed, 1 failed, 0 skipped');
  });

  it('a missing report is one failure', () => {
    const r = summary(join(work, 'absent.json'));
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 1 failed, 0 skipped');
    expect(r.status).toBe(1);
  });
});
