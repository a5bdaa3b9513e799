/**
 * V8 flags chosen per command. Set first by cli/launch.ts, before the CLI's
 * code is compiled (a code cache is only taken under the flags it was made
 * with) and before anything compiles the HCL grammar's wasm. Only
 * flags V8 reads while running are used: the heap already exists, so e.g.
 * `--max-semi-space-size` set here would be ignored.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * The language server is long-lived and parses in bursts (opening many
 * documents). With V8's default sizing the young generation then grows to
 * 32 MB and the old generation to about twice what is live, and the process
 * stays at that RSS high-water mark: bench/lsp's 50 open 3,000-line
 * documents measured 146–200 MB.
 * - `--semi-space-growth-factor=1`: the young generation keeps its initial
 *   1 MB semi-spaces (a parse's model is promoted anyway, it is kept);
 * - `--heap-growing-percent=20`: the old generation grows 1.2× past what is
 *   live after each full GC instead of V8's 1.1–4× by measured speed.
 * Measured together: 106–113 MB, completion and hover p95 unchanged.
 * (`--optimize-for-size` reached ~105 MB but doubled completion p95.)
 */
const LSP_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=20'];

/**
 * Every other command is one short run. V8 compiles the grammar's wasm with
 * its baseline compiler and, in the background, again with its optimizing
 * one; node waits for that background work before it exits, ~80 ms of a
 * one-file `validate`. Baseline code only is slower per parse, which
 * matters for a long-lived server and not for a one-shot command.
 */
const ONE_SHOT_FLAGS = ['--liftoff-only'];

/** Sets the flags of `command` (the CLI's first argument). */
export function setV8Flags(command: string | undefined): void {
  for (const flag of command === 'lsp' ? LSP_FLAGS : ONE_SHOT_FLAGS) setFlagsFromString(flag);
}
