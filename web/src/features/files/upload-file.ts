import type { components } from '../../lib/api-schema';
import { ApiError, isProblem } from '../../lib/problem';

export type FileDto = components['schemas']['FileDto'];

/**
 * Uploads one file (multipart/form-data, streamed to storage by the API) and reports progress as a
 * fraction. XMLHttpRequest because fetch cannot report upload progress.
 */
export function uploadFile(
  file: File,
  options: { token?: string; onProgress: (fraction: number) => void; signal?: AbortSignal },
): Promise<FileDto> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/files');
    if (options.token) xhr.setRequestHeader('Authorization', `Bearer ${options.token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body: unknown = xhr.response;
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress(1);
        resolve(body as FileDto);
      } else {
        reject(
          new ApiError(isProblem(body) ? body : { type: 'about:blank', title: 'Upload failed', status: xhr.status }),
        );
      }
    };
    xhr.onerror = () => reject(new Error(`Network error while uploading ${file.name}`));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Files at least this large go straight to storage through presigned URLs (resumable by part). */
export const DIRECT_UPLOAD_MIN_BYTES = 16 * 1024 * 1024;
const HASH_CHUNK_BYTES = 8 * 1024 * 1024;
const PART_ATTEMPTS = 3;

async function sha256Of(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<string> {
  const { createSHA256 } = await import('hash-wasm');
  const hasher = await createSHA256();
  hasher.init();
  for (let offset = 0; offset < file.size; offset += HASH_CHUNK_BYTES) {
    if (signal?.aborted) throw new DOMException('Upload cancelled', 'AbortError');
    hasher.update(new Uint8Array(await file.slice(offset, offset + HASH_CHUNK_BYTES).arrayBuffer()));
    onProgress(Math.min(1, (offset + HASH_CHUNK_BYTES) / file.size));
  }
  return hasher.digest('hex');
}

/** PUTs bytes to a presigned URL with progress; storage answers errors in XML, not problem+json. */
function put(
  url: string,
  body: Blob,
  headers: Record<string, string>,
  onProgress: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new Error(`Storage refused the upload (${xhr.status})`));
    xhr.onerror = () => reject(new Error('Network error while sending to storage'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

async function apiJson<T>(path: string, method: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new ApiError(
      isProblem(payload) ? payload : { type: 'about:blank', title: 'Upload failed', status: response.status },
    );
  }
  return payload as T;
}

type DirectUpload = components['schemas']['DirectUploadDto'];

/**
 * A large file straight to storage: its SHA-256 first (the API checks it), then the presigned PUT or
 * parts (each retried), then completion. Progress: hashing is the first 10 %, sending the rest.
 */
export async function uploadLargeFile(
  file: File,
  options: { token?: string; onProgress: (fraction: number) => void; signal?: AbortSignal },
): Promise<FileDto> {
  const { token, onProgress, signal } = options;
  const sha256 = await sha256Of(file, (fraction) => onProgress(0.1 * fraction), signal);
  const upload = await apiJson<DirectUpload>('/api/v1/files/uploads', 'POST', token, {
    filename: file.name,
    sizeBytes: file.size,
    sha256,
    contentType: file.type || undefined,
  });
  try {
    const sent = new Map<number, number>();
    const report = () => onProgress(0.1 + (0.9 * [...sent.values()].reduce((a, b) => a + b, 0)) / file.size);
    if (upload.mode === 'single') {
      await put(
        upload.url!,
        file,
        (upload.headers ?? {}) as Record<string, string>,
        (loaded) => {
          sent.set(1, loaded);
          report();
        },
        signal,
      );
    } else {
      let offset = 0;
      for (const part of upload.parts ?? []) {
        const bytes = file.slice(offset, offset + part.sizeBytes);
        offset += part.sizeBytes;
        for (let attempt = 1; ; attempt++) {
          try {
            await put(
              part.url,
              bytes,
              {},
              (loaded) => {
                sent.set(part.partNumber, loaded);
                report();
              },
              signal,
            );
            break;
          } catch (error) {
            if (signal?.aborted || attempt >= PART_ATTEMPTS) throw error;
          }
        }
      }
    }
    const created = await apiJson<FileDto>(`/api/v1/files/uploads/${upload.id}/complete`, 'POST', token);
    onProgress(1);
    return created;
  } catch (error) {
    // Leave nothing half-stored behind (unfinished uploads also expire on their own).
    await apiJson(`/api/v1/files/uploads/${upload.id}`, 'DELETE', token).catch(() => undefined);
    throw error;
  }
}

/** Small files stream through the API; large ones go straight to storage. */
export function uploadAnyFile(
  file: File,
  options: { token?: string; onProgress: (fraction: number) => void; signal?: AbortSignal },
): Promise<FileDto> {
  return file.size >= DIRECT_UPLOAD_MIN_BYTES ? uploadLargeFile(file, options) : uploadFile(file, options);
}
