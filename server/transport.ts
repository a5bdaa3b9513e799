/**
 * How the server talks to its client: stdio, Node IPC or a socket, plus the
 * watchdog that decides when the server process ends.
 *
 * vscode-languageserver's own watchdog polls the client's process id and
 * exits when `kill(pid, 0)` fails. Inside `docker run -i` the client's pid
 * lives in another pid namespace, so that check fails at once and the
 * server would die three seconds after start. We hide the pid from the
 * library (the initialize request reaches it with `processId: null`) and
 * run our own watchdog, which only polls a pid it could see at start; the
 * end of the input stream ends the server in every case.
 */
import type { Socket } from 'node:net';
import { createConnection as netConnect } from 'node:net';
import {
  IPCMessageReader,
  IPCMessageWriter,
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

export type TransportOptions = { kind: 'stdio' } | { kind: 'node-ipc' } | { kind: 'socket'; port: number };

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  /**
   * Called once when the input side ends (stdin closed, socket closed, IPC
   * disconnected), with the reason when it is a failure the user must see
   * (no client listening on the socket's port).
   */
  onInputEnd(listener: (failure?: string) => void): void;
}

/** Opens the transport named by the options. */
export function openTransport(options: TransportOptions): Transport {
  switch (options.kind) {
    case 'stdio':
      return {
        reader: new StreamMessageReader(process.stdin),
        writer: new StreamMessageWriter(process.stdout),
        onInputEnd: (listener) => onceEnded(process.stdin, () => listener()),
      };
    case 'node-ipc':
      return {
        reader: new IPCMessageReader(process),
        writer: new IPCMessageWriter(process),
        onInputEnd: (listener) => process.once('disconnect', () => listener()),
      };
    case 'socket': {
      // vscode-languageclient listens and the server connects (`--socket=PORT`).
      const socket: Socket = netConnect(options.port, '127.0.0.1');
      let connected = false;
      socket.once('connect', () => {
        connected = true;
      });
      return {
        reader: new SocketMessageReader(socket),
        writer: new SocketMessageWriter(socket),
        onInputEnd: (listener) =>
          onceEnded(socket, listener, (err) =>
            connected ? undefined : `cannot connect to the client at 127.0.0.1:${options.port}: ${errorCode(err)}`,
          ),
      };
    }
  }
}

function onceEnded(
  stream: NodeJS.ReadableStream,
  listener: (failure?: string) => void,
  failure: (err: Error) => string | undefined = () => undefined,
): void {
  let fired = false;
  const fire = (why?: string): void => {
    if (!fired) {
      fired = true;
      listener(why);
    }
  };
  // An error comes before its close: it carries the reason.
  stream.once('error', (err: Error) => fire(failure(err)));
  stream.once('end', () => fire());
  stream.once('close', () => fire());
}

function errorCode(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ECONNREFUSED' ? 'connection refused (is the client listening on that port?)' : (code ?? err.message);
}

/** True when a process with this id can be seen from here (EPERM still means it exists). */
export function processVisible(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Wraps a reader so that the initialize request's `processId` is handed to
 * `onClientPid` and replaced by null before the library sees it.
 */
export function hideClientPid(reader: MessageReader, onClientPid: (pid: number) => void): MessageReader {
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    dispose: () => reader.dispose(),
    listen(callback: DataCallback): Disposable {
      return reader.listen((message: Message) => {
        const request = message as Message & { method?: string; params?: { processId?: unknown } };
        if (request.method === 'initialize' && request.params && typeof request.params.processId === 'number') {
          onClientPid(request.params.processId);
          request.params.processId = null;
        }
        callback(message);
      });
    },
  };
}

/**
 * Polls the client's pid while it is visible; calls `onGone` once it
 * disappears. A pid invisible at start (another pid namespace) is never
 * polled: the input stream's end is the signal then.
 */
export function watchClientPid(pid: number, onGone: () => void, intervalMs = 3000): void {
  if (!processVisible(pid)) return;
  const timer = setInterval(() => {
    if (!processVisible(pid)) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
}

/** Sends console output to stderr: stdout carries nothing but the protocol. */
export function redirectConsole(): void {
  const toStderr = (...args: unknown[]): void => {
    process.stderr.write(`${args.map((a) => (typeof a === 'string' ? a : safeInspect(a))).join(' ')}\n`);
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  console.error = toStderr;
  console.trace = toStderr;
  console.dir = toStderr;
}

function safeInspect(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
