import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './api-schema';
import { accessToken } from './auth';
import { ApiError, isProblem } from './problem';

/** Called when the API says 401 (session gone) or 403 for a deactivated account. */
export const authEvents = new EventTarget();

const auth: Middleware = {
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) authEvents.dispatchEvent(new Event('expired'));
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or an ApiError with the problem details. */
export async function call<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await promise;
  if (response.ok) return data as T;
  if (isProblem(error)) throw new ApiError(error);
  throw new ApiError({ type: 'about:blank', title: response.statusText || 'Request failed', status: response.status });
}

/** Fetches a file's bytes with the bearer token (never a token in a URL) as an object URL. */
export function fileBlob(fileId: string): Promise<Blob> {
  return authorizedBlob(`/api/v1/files/${encodeURIComponent(fileId)}/content`);
}

/** GETs `path` (an API path with its query) with the bearer token, never a token in a URL, as a Blob. */
export async function authorizedBlob(path: string): Promise<Blob> {
  const token = await accessToken();
  const response = await fetch(path, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw new ApiError(
      isProblem(body) ? body : { type: 'about:blank', title: 'Download failed', status: response.status },
    );
  }
  return response.blob();
}

export async function downloadFile(fileId: string, filename: string): Promise<void> {
  saveBlob(await fileBlob(fileId), filename);
}

/** Hands a Blob to the browser as a download named `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
