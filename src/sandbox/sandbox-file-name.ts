// A file name in /work/inputs or /work/outputs: no path, no leading dot.
export const SANDBOX_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
