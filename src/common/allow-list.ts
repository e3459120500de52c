/** Whether `value` matches one of `patterns`: an exact entry, or a prefix for an entry ending in `*`. */
export function matchesAny(value: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern,
  );
}
