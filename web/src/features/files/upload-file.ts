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
