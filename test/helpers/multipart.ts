import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, IncomingMessage } from 'node:http';

/** Deterministic pseudo-random bytes (an AES-CTR keystream), generated chunk by chunk, never held whole. */
export function* generatedChunks(totalBytes: number, chunkBytes = 1024 * 1024, seed = 'retort'): Generator<Buffer> {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(chunkBytes);
  for (let sent = 0; sent < totalBytes; sent += chunkBytes) {
    yield cipher.update(zeros.subarray(0, Math.min(chunkBytes, totalBytes - sent)));
  }
}

export function sha256Of(chunks: Iterable<Buffer>): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

export interface StreamedUpload {
  status: number;
  body: Record<string, unknown>;
}

/**
 * POSTs a multipart/form-data body whose file part is `chunks`, written with back-pressure, to a
 * listening server. `abortAfterBytes` hangs up mid-file to simulate a client that goes away.
 */
export function streamMultipart(options: {
  port: number;
  path: string;
  token: string;
  filename: string;
  contentType?: string;
  chunks: Iterable<Buffer>;
  fields?: Record<string, string>;
  abortAfterBytes?: number;
}): Promise<StreamedUpload> {
  const boundary = `retort-${randomBytes(8).toString('hex')}`;
  const fieldParts = Object.entries(options.fields ?? {})
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  const head =
    fieldParts +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.filename}"\r\n` +
    `Content-Type: ${options.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: options.port,
        path: options.path,
        method: 'POST',
        headers: {
          Authorization: `Bearer ${options.token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Transfer-Encoding': 'chunked',
        },
      },
      (res: IncomingMessage) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
      },
    );
    req.on('error', (error) =>
      options.abortAfterBytes !== undefined ? resolve({ status: 0, body: {} }) : reject(error),
    );
    const iterator = options.chunks[Symbol.iterator]();
    let written = 0;
    const pump = (): void => {
      if (req.destroyed) return;
      for (;;) {
        if (options.abortAfterBytes !== undefined && written >= options.abortAfterBytes) {
          req.destroy();
          return;
        }
        const next = iterator.next();
        if (next.done) {
          req.end(tail);
          return;
        }
        written += next.value.length;
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    req.write(head);
    pump();
  });
}
