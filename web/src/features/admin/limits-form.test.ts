import { describe, expect, it } from 'vitest';
import { bodyFromForm, confirmationText, formFromOverrides } from './limits-form';
import { csvPath, nextSort } from './AdminUsagePage';

const overrides = {
  usageEnabled: true,
  dailyCoreSeconds: 3600,
  monthlyCoreSeconds: null,
  maxRunning: null,
  maxQueued: 0,
  maxCpus: null,
  maxMemoryMb: 4096,
  maxTimeoutS: null,
  storageQuotaBytes: null,
};

describe('the limits form', () => {
  it('round-trips the overrides, empty meaning the default', () => {
    const form = formFromOverrides(overrides);
    expect(form.values.dailyCoreSeconds).toBe('3600');
    expect(form.values.monthlyCoreSeconds).toBe('');
    expect(form.values.maxQueued).toBe('0');
    expect(bodyFromForm(form)).toEqual(overrides);
  });

  it('sends cancelRunning only with a suspension', () => {
    const form = { ...formFromOverrides(overrides), cancelRunning: true };
    expect(bodyFromForm(form).cancelRunning).toBeUndefined();
    expect(bodyFromForm({ ...form, usageEnabled: false })).toMatchObject({ usageEnabled: false, cancelRunning: true });
  });

  it('says out loud what a suspension does', () => {
    const form = formFromOverrides(overrides);
    expect(confirmationText({ ...form, usageEnabled: false }, true, 'bob')).toMatch(/^Suspend bob's computing\?/);
    expect(confirmationText({ ...form, usageEnabled: false, cancelRunning: true }, true, 'bob')).toMatch(
      /cancel their queued and running/,
    );
    expect(confirmationText(form, false, 'bob')).toBe("Resume bob's computing with these limits?");
    expect(confirmationText(form, true, 'bob')).toBe('Save these limits for bob?');
  });
});

describe('the per-user usage table', () => {
  it('flips the direction on the same column and starts a new one at its default', () => {
    expect(nextSort({ sort: 'coreSeconds', order: 'desc' }, 'coreSeconds')).toEqual({
      sort: 'coreSeconds',
      order: 'asc',
    });
    expect(nextSort({ sort: 'coreSeconds', order: 'asc' }, 'username')).toEqual({ sort: 'username', order: 'asc' });
    expect(nextSort({ sort: 'username', order: 'asc' }, 'outputBytes')).toEqual({ sort: 'outputBytes', order: 'desc' });
  });

  it('exports the CSV of the same range and order', () => {
    expect(csvPath({ from: '2026-11-01', to: '', sort: 'username', order: 'asc' })).toBe(
      '/api/v1/admin/usage?format=csv&sort=username&order=asc&from=2026-11-01',
    );
  });
});
