/**
 * The protocol's guards, the same on every host (Node's stdio, IPC or
 * socket; a browser worker's port): every message passes the lifecycle and
 * counts as pending until handled (requests come first), and a request
 * cancelled while still queued is answered RequestCancelled without running.
 */
import type { ConnectionOptions, MessageReader, MessageWriter } from 'vscode-languageserver/node';
import { cancelledResponse } from './cancellation.js';
import { Lifecycle } from './lifecycle.js';
import { PendingMessages } from './pending.js';

export interface ProtocolGuards {
  lifecycle: Lifecycle;
  pending: PendingMessages;
  /** The reader to give the connection (it counts what arrives). */
  reader: MessageReader;
  /** The options to create the connection with. */
  options: ConnectionOptions;
}

/** Guards for a connection over this reader and writer. */
export function protocolGuards(reader: MessageReader, writer: MessageWriter): ProtocolGuards {
  const pending = new PendingMessages();
  const lifecycle = new Lifecycle(writer);
  return {
    lifecycle,
    pending,
    reader: pending.wrap(reader),
    options: {
      messageStrategy: {
        handleMessage: (message, next) => pending.track(message, () => lifecycle.handle(message, next)),
      },
      connectionStrategy: {
        cancelUndispatched: (message) => {
          pending.settle(message);
          return cancelledResponse(message);
        },
      },
    },
  };
}
