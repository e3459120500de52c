import { create as formatContentDisposition } from 'content-disposition';

const MAX_FILENAME_LENGTH = 255;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * A display name from whatever a client sent: the last path component, Unicode NFC, without control
 * or bidi-override characters, at most 255 characters. Never used in an object key.
 */
export function sanitizeFilename(raw: string | undefined | null): string {
  const lastComponent = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastComponent
    // A lone surrogate cannot be encoded in UTF-8 (nor in a Content-Disposition): U+FFFD instead.
    .toWellFormed()
    .normalize('NFC')
    // C0/C1 controls, DEL, and the Unicode bidi controls used to disguise extensions.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '')
    .trim();
  const name = cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
  return Array.from(name).slice(0, MAX_FILENAME_LENGTH).join('');
}

/** A lower-cased `type/subtype` (parameters dropped), or application/octet-stream. */
export function normaliseContentType(raw: string | undefined | null): string {
  const essence = (raw ?? '').split(';')[0].trim().toLowerCase();
  return CONTENT_TYPE.test(essence) ? essence : 'application/octet-stream';
}

/**
 * RFC 6266 `Content-Disposition` (by the `content-disposition` package): an ASCII fallback in
 * `filename` for old clients and the exact name, UTF-8 percent-encoded (RFC 8187), in `filename*`.
 */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  // Names stored before sanitising made them well-formed may still hold a lone surrogate.
  return formatContentDisposition(filename.toWellFormed(), { type: disposition });
}
