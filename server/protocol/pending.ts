/**
 * Messages read from the client and not yet dealt with: requests not yet
 * answered, notifications not yet dispatched. Background work (analyses)
 * waits while any is pending, so requests come first: a request sent
 * right after an edit is answered between two steps of the analysis that
 * edit started, not after all of it.
 *
 * Counted where the reader hands a message to the connection (before the
 * connection queues it), settled where the connection's message strategy
 * has handled it, or where a cancelled request leaves the queue unhandled.
 */
import { Message, type DataCallback, type Disposable, type MessageReader } from 'vscode-languageserver/node';

export class PendingMessages {
  private count = 0;
  private readonly counted = new WeakSet<object>();
  private waiters: Array<() => void> = [];

  /** A reader that counts each request and notification it passes on (`$/cancelRequest` is no work). */
  wrap(reader: MessageReader): MessageReader {
    return {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      dispose: () => reader.dispose(),
      listen: (callback: DataCallback): Disposable =>
        reader.listen((message: Message) => {
          const counts =
            Message.isRequest(message) || (Message.isNotification(message) && message.method !== '$/cancelRequest');
          if (counts) {
            this.counted.add(message);
            this.count++;
          }
          callback(message);
        }),
    };
  }

  /** Runs a message's handling and settles it when done (a request: once answered). */
  track<R>(message: Message, handle: () => R): R {
    let result: R;
    try {
      result = handle();
    } catch (err) {
      this.settle(message);
      throw err;
    }
    if (result instanceof Promise) {
      const settle = () => this.settle(message);
      result.then(settle, settle);
    } else this.settle(message);
    return result;
  }

  /** A message dealt with (or dropped). */
  settle(message: Message): void {
    if (!this.counted.delete(message)) return;
    this.count--;
    if (this.count === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Resolves once no message is pending (at once when none is). */
  whenIdle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
