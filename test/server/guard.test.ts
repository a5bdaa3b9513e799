import { describe, expect, it } from 'vitest';
import { CancellationToken, ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { guarded } from '../../server/features/register.js';

describe('request guard', () => {
  const logged: string[] = [];
  const connection = { console: { error: (m: string) => logged.push(m) } } as unknown as Connection;
  const token = CancellationToken.None;

  it('turns a thrown error into an InternalError response and logs it', async () => {
    const result = await guarded(connection, 'hover', () => {
      throw new TypeError('boom');
    })({}, token);
    expect(result).toBeInstanceOf(ResponseError);
    expect((result as ResponseError<void>).code).toBe(ErrorCodes.InternalError);
    expect((result as ResponseError<void>).message).toBe('hover failed: boom');
    expect(logged[0]).toContain('hover failed: TypeError: boom');
  });

  it("passes a feature's own refusal through unlogged, and results unchanged", async () => {
    const refusal = new ResponseError(ErrorCodes.InvalidParams, 'no');
    expect(
      await guarded(connection, 'rename', () => {
        throw refusal;
      })({}, token),
    ).toBe(refusal);
    expect(await guarded(connection, 'x', (p: { n: number }) => p.n + 1)({ n: 1 }, token)).toBe(2);
    expect(logged).toHaveLength(1);
  });
});
