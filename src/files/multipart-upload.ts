import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { ProblemException, ValidationProblem } from '../common/problem.exception';
import { HttpProblems } from '../common/http.problems';
import { FileProblems } from './file.problems';

export interface IncomingFile {
  stream: Readable;
  filename: string;
  mimeType: string;
}

export interface MultipartResult<T> {
  result: T;
  fields: Record<string, string>;
}

/** An upload as the HTTP layer hands it over: the raw body, its headers, and a way to hang up. */
export interface UploadRequest {
  /** The request body as it arrives (node's IncomingMessage is one); `complete` once all of it came. */
  body: Readable & { readonly complete: boolean };
  headers: IncomingHttpHeaders;
  /** Whether the body is declared as multipart/form-data (the HTTP layer's own content negotiation). */
  isMultipart: boolean;
  /** Closes the connection after the answer, rather than reading the rest of a refused body. */
  closeConnection(): void;
}

const FIELD_LIMITS = { files: 1, fields: 10, fieldSize: 8 * 1024, parts: 12 };

/**
 * Reads a multipart/form-data request whose `file` part is handed, as a stream, to `onFile` while it
 * arrives; text fields may come before or after it. Settles once the whole request has been read and
 * `onFile` has finished. On failure (client gone, malformed body, `onFile` refusing) the file stream
 * is destroyed, `onFile` is awaited so that it can clean up, and the connection is closed after the
 * error answer rather than drained.
 */
export function readMultipartFile<T>(
  upload: UploadRequest,
  onFile: (file: IncomingFile) => Promise<T>,
  options: { idleTimeoutMs: number },
): Promise<MultipartResult<T>> {
  return new Promise<MultipartResult<T>>((resolve, reject) => {
    const body = upload.body;
    if (!upload.isMultipart) {
      reject(ProblemException.of(HttpProblems.unsupportedMediaType, 'Send the file as multipart/form-data.'));
      return;
    }
    let parser: busboy.Busboy;
    try {
      // Browsers send file names as raw UTF-8 (RFC 7578 §4.2), not Latin-1.
      parser = busboy({ headers: upload.headers, limits: FIELD_LIMITS, defParamCharset: 'utf8' });
    } catch (error) {
      reject(new ValidationProblem([{ path: 'body', message: (error as Error).message }]));
      return;
    }
    const fields: Record<string, string> = {};
    let fileStream: Readable | undefined;
    let fileStreamError: Error | undefined;
    let handling: Promise<T> | undefined;
    let settled = false;
    let idleTimer: NodeJS.Timeout | undefined;

    const malformed = (error: Error) =>
      new ValidationProblem([{ path: 'body', message: `malformed multipart body: ${error.message}` }]);

    const fail = (cause: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(idleTimer);
      // The file stream's own error (the body ended mid-part) comes back through onFile's pipeline:
      // it is the client's malformed body, not a failure of ours.
      const error = cause === fileStreamError ? malformed(cause) : cause;
      body.unpipe(parser);
      // Whatever is left of a refused body is not worth reading: answer, then hang up.
      upload.closeConnection();
      if (fileStream && !fileStream.destroyed) fileStream.destroy(error);
      const cleanedUp = handling
        ? handling.then(
            () => undefined,
            () => undefined,
          )
        : Promise.resolve();
      void cleanedUp.then(() => reject(error));
    };

    parser.on('file', (name, stream, info) => {
      // busboy makes a file stream emit 'error' when the body ends mid-part ("Unexpected end of
      // form"); with no listener that error would take the whole process down. Listen at once, before
      // anything else can happen to the stream; the parser's own 'error' event carries the reason.
      stream.on('error', (error: Error) => (fileStreamError = error));
      if (name !== 'file' || handling) {
        stream.resume();
        fail(new ValidationProblem([{ path: name, message: 'send exactly one file, in the part named "file"' }]));
        return;
      }
      fileStream = stream;
      handling = onFile({ stream, filename: info.filename ?? '', mimeType: info.mimeType });
      handling.catch((error: unknown) => fail(error as Error));
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) {
        fail(new ValidationProblem([{ path: name, message: `must be at most ${FIELD_LIMITS.fieldSize} bytes` }]));
        return;
      }
      fields[name] = value;
    });
    parser.on('filesLimit', () =>
      fail(new ValidationProblem([{ path: 'body', message: 'send exactly one file, in the part named "file"' }])),
    );
    for (const event of ['partsLimit', 'fieldsLimit'] as const) {
      parser.on(event, () =>
        fail(new ValidationProblem([{ path: 'body', message: `too many parts: at most ${FIELD_LIMITS.parts}` }])),
      );
    }
    parser.on('error', (error: Error) => fail(malformed(error)));
    parser.on('close', () => {
      if (settled) return;
      if (!handling) {
        fail(new ValidationProblem([{ path: 'file', message: 'a file part named "file" is required' }]));
        return;
      }
      handling.then((result) => {
        if (settled) return;
        settled = true;
        clearTimeout(idleTimer);
        resolve({ result, fields });
      }, fail);
    });
    body.on('close', () => {
      if (!body.complete)
        fail(ProblemException.of(FileProblems.uploadAborted, 'The client closed the connection mid-upload.'));
    });
    // A client that stops sending would hold a connection, a staged object and a multipart upload
    // open forever: every byte re-arms the timer, silence past it ends the upload.
    const armIdleTimer = (): void => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        const seconds = Math.round(options.idleTimeoutMs / 1000);
        fail(
          ProblemException.of(
            FileProblems.uploadTimeout,
            `The upload sent nothing for ${seconds} s; it was abandoned. Send the body without pauses.`,
          ),
        );
      }, options.idleTimeoutMs);
    };
    body.on('data', armIdleTimer);
    body.on('end', () => clearTimeout(idleTimer));
    armIdleTimer();
    body.pipe(parser);
  });
}
