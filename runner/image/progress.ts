/**
 * Download progress: a one-line bar redrawn in place on a TTY (at most
 * ten times a second), and nothing between the start and end log lines
 * elsewhere (CI logs stay readable).
 */

/** Receives byte counts as a download proceeds. */
export interface Progress {
  update(bytes: number): void;
  done(): void;
}

const MB = 1024 * 1024;

/** A progress bar on `stream` when `tty`; a no-op otherwise. */
export function createProgress(
  total: number | undefined,
  tty: boolean,
  stream: NodeJS.WritableStream = process.stderr,
): Progress {
  if (!tty) return { update: () => {}, done: () => {} };
  const start = Date.now();
  let last = 0;
  let current = 0;
  const draw = (): void => {
    const secs = Math.max((Date.now() - start) / 1000, 0.001);
    const rate = `${(current / MB / secs).toFixed(1)} MB/s`;
    if (total) {
      const ratio = Math.min(current / total, 1);
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(
        `\r    [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${(current / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB ${rate}  `,
      );
    } else {
      stream.write(`\r    ${(current / MB).toFixed(1)} MB ${rate}  `);
    }
  };
  return {
    update(bytes) {
      current = bytes;
      const now = Date.now();
      if (now - last >= 100) {
        last = now;
        draw();
      }
    },
    done() {
      draw();
      stream.write('\n');
    },
  };
}
