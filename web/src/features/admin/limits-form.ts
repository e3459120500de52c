import type { components } from '../../lib/api-schema';

type Overrides = components['schemas']['UserLimitOverridesDto'];
type Update = components['schemas']['UpdateUserLimitsDto'];

/** The numeric overrides an administrator can set; an empty field means "the default". */
export const LIMIT_FIELDS = [
  { key: 'dailyCoreSeconds', label: 'Daily budget (core-seconds, 0: unlimited)' },
  { key: 'monthlyCoreSeconds', label: 'Monthly budget (core-seconds, 0: unlimited)' },
  { key: 'maxRunning', label: 'Calculations running at once' },
  { key: 'maxQueued', label: 'Calculations queued (0: unlimited)' },
  { key: 'maxCpus', label: 'Most CPUs per calculation' },
  { key: 'maxMemoryMb', label: 'Most memory per calculation (MiB)' },
  { key: 'maxTimeoutS', label: 'Longest timeout per calculation (s)' },
  { key: 'storageQuotaBytes', label: 'Storage quota (bytes)' },
] as const satisfies ReadonlyArray<{ key: keyof Overrides; label: string }>;

export type LimitField = (typeof LIMIT_FIELDS)[number]['key'];

export interface LimitsForm {
  usageEnabled: boolean;
  cancelRunning: boolean;
  values: Record<LimitField, string>;
}

export function formFromOverrides(overrides: Overrides): LimitsForm {
  const values = {} as Record<LimitField, string>;
  for (const { key } of LIMIT_FIELDS) values[key] = overrides[key] === null ? '' : String(overrides[key]);
  return { usageEnabled: overrides.usageEnabled, cancelRunning: false, values };
}

/**
 * The PUT body: the API replaces every override, so each field is sent (null: back to the default);
 * `cancelRunning` only with a suspension, where the API accepts it.
 */
export function bodyFromForm(form: LimitsForm): Update {
  const body: Update = { usageEnabled: form.usageEnabled };
  for (const { key } of LIMIT_FIELDS) {
    const text = form.values[key].trim();
    body[key] = text === '' ? null : Number(text);
  }
  if (!form.usageEnabled && form.cancelRunning) body.cancelRunning = true;
  return body;
}

/** What the confirmation asks before saving: a suspension is said out loud. */
export function confirmationText(form: LimitsForm, wasEnabled: boolean, username: string): string {
  if (!form.usageEnabled && wasEnabled) {
    return form.cancelRunning
      ? `Suspend ${username}'s computing and cancel their queued and running calculations?`
      : `Suspend ${username}'s computing? New calculations will be refused; running ones continue.`;
  }
  if (form.usageEnabled && !wasEnabled) return `Resume ${username}'s computing with these limits?`;
  return `Save these limits for ${username}?`;
}
