import { Worker } from 'node:worker_threads';

// Inline, so that it runs the same from compiled JavaScript and from the TypeScript sources under test.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (message) => {
  if (message.op === 'update') {
    let hash = hashes.get(message.id);
    if (!hash) hashes.set(message.id, (hash = createHash('sha256')));
    hash.update(message.bytes);
    parentPort.postMessage({ seq: message.seq });
  } else if (message.op === 'digest') {
    const hash = hashes.get(message.id) ?? createHash('sha256');
    hashes.delete(message.id);
    parentPort.postMessage({ seq: message.seq, hex: hash.digest('hex') });
  } else {
    hashes.delete(message.id);
  }
});
`;

/** One running SHA-256 of a stream whose bytes are handed over in order. */
export interface Sha256Session {
  /**
   * Adds bytes to the hash. They must live in a SharedArrayBuffer (the thread reads them in place)
   * and stay unchanged until the promise settles.
   */
  update(bytes: Uint8Array): Promise<void>;
  /** The hex digest; ends the session. */
  digest(): Promise<string>;
  /** Forgets the session without a digest (its upload failed). */
  drop(): void;
}

interface Pending {
  resolve: (hex: string | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * SHA-256 of uploads on a thread of its own, so that hashing overlaps with receiving and sending
 * the bytes instead of taking its turn on the event loop (it was a sixth of the API's CPU time for
 * an upload). The bytes are shared, not copied: they are the part buffers on their way to storage.
 */
export class Sha256Worker {
  private thread: { worker: Worker; pending: Map<number, Pending> } | undefined;
  private seq = 0;
  private sessions = 0;

  session(): Sha256Session {
    const id = ++this.sessions;
    return {
      update: (bytes) => this.send({ op: 'update', id, bytes }).then(() => undefined),
      digest: () => this.send({ op: 'digest', id }).then((hex) => hex as string),
      drop: () => this.thread?.worker.postMessage({ op: 'drop', id }),
    };
  }

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = undefined;
    if (thread) await thread.worker.terminate();
  }

  private send(message: { op: string; id: number; bytes?: Uint8Array }): Promise<string | undefined> {
    const { worker, pending } = this.running();
    const seq = ++this.seq;
    return new Promise<string | undefined>((resolve, reject) => {
      pending.set(seq, { resolve, reject });
      worker.postMessage({ ...message, seq });
    });
  }

  private running(): { worker: Worker; pending: Map<number, Pending> } {
    if (this.thread) return this.thread;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const thread = { worker, pending: new Map<number, Pending>() };
    // Idle, it must not keep the process alive.
    worker.unref();
    worker.on('message', ({ seq, hex }: { seq: number; hex?: string }) => {
      thread.pending.get(seq)?.resolve(hex);
      thread.pending.delete(seq);
    });
    const failAll = (error: Error) => {
      if (this.thread === thread) this.thread = undefined;
      for (const pending of thread.pending.values()) pending.reject(error);
      thread.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the hashing thread exited (code ${code})`)));
    this.thread = thread;
    return thread;
  }
}
