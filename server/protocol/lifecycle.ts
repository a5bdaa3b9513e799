/**
 * The protocol's lifecycle, enforced before any handler runs (LSP,
 * "Server lifetime"): before `initialize` a request is answered
 * ServerNotInitialized and a notification dropped (`exit` excepted); a
 * second `initialize` is an InvalidRequest; after `shutdown` every request
 * is an InvalidRequest and notifications other than `exit` are dropped.
 * vscode-languageserver serves them all; this is the connection's message
 * strategy, so it sees each message in order, as it is dispatched.
 */
import {
  ErrorCodes,
  Message,
  ResponseError,
  type MessageWriter,
  type NotificationMessage,
  type RequestMessage,
} from 'vscode-languageserver/node';

export type LifecycleState = 'new' | 'running' | 'shut down';

export class Lifecycle {
  private current: LifecycleState = 'new';

  constructor(private readonly writer: MessageWriter) {}

  get state(): LifecycleState {
    return this.current;
  }

  /** Passes a message on to the connection's handlers, or answers (or drops) it here. */
  handle<R>(message: Message, next: (message: Message) => R): R | undefined {
    if (Message.isRequest(message)) {
      const refusal = this.refusal(message);
      if (refusal) {
        void this.reply(message, refusal);
        return undefined;
      }
      if (message.method === 'initialize') this.current = 'running';
      if (message.method === 'shutdown') this.current = 'shut down';
      return next(message);
    }
    if (Message.isNotification(message) && !this.accepts(message)) return undefined;
    return next(message);
  }

  private refusal(request: RequestMessage): ResponseError<void> | undefined {
    if (this.current === 'new' && request.method !== 'initialize')
      return new ResponseError(
        ErrorCodes.ServerNotInitialized,
        `${request.method}: the server is not initialized yet (send initialize first)`,
      );
    if (this.current === 'running' && request.method === 'initialize')
      return new ResponseError(ErrorCodes.InvalidRequest, 'initialize: the server is already initialized');
    if (this.current === 'shut down')
      return new ResponseError(
        ErrorCodes.InvalidRequest,
        `${request.method}: the server is shutting down (only the exit notification is accepted)`,
      );
    return undefined;
  }

  private accepts(notification: NotificationMessage): boolean {
    if (notification.method === 'exit' || notification.method === '$/cancelRequest') return true;
    return this.current === 'running';
  }

  private reply(request: RequestMessage, error: ResponseError<void>): Promise<void> {
    return this.writer.write({ jsonrpc: '2.0', id: request.id, error: error.toJson() } as Message).catch(() => {
      // The client is gone: the end of its input ends the server.
    });
  }
}
