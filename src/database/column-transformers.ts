import { ValueTransformer } from 'typeorm';

/**
 * node-postgres returns bigint and numeric columns as strings so as not to lose precision. Byte counts
 * stay far below 2^53 and limits are small decimals, so numbers are the honest type in TypeScript.
 */
export const bigintColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export const numericColumn = bigintColumn;
