/**
 * `$/cancelRequest`: a request's work checks its token between steps and
 * stops with RequestCancelled, as LSP asks. A request cancelled while still
 * queued is answered so without running at all (see {@link cancelledResponse}).
 */
import {
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Message,
  type RequestMessage,
  type ResponseMessage,
} from 'vscode-languageserver/node';
import { nextTurn } from '../work/steps.js';

export function cancelledError(method: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, `${method}: cancelled`);
}

export function throwIfCancelled(token: CancellationToken, method: string): void {
  if (token.isCancellationRequested) throw cancelledError(method);
}

/** A request's pause between steps: the event loop runs (a cancel may arrive), then the token is checked. */
export function requestPause(token: CancellationToken, method: string): () => Promise<void> {
  return async () => {
    await nextTurn();
    throwIfCancelled(token, method);
  };
}

/** The answer to a request cancelled before it was dispatched (the connection's `cancelUndispatched`). */
export function cancelledResponse(message: Message): ResponseMessage {
  const request = message as RequestMessage;
  return { jsonrpc: '2.0', id: request.id, error: cancelledError(request.method).toJson() };
}
