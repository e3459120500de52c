/** The events a webhook may ask for. */
export const WEBHOOK_EVENTS = [
  'calculation.completed',
  'calculation.failed',
  'calculation.timed_out',
  'calculation.cancelled',
  'usage.threshold',
  'batch.completed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const CALCULATION_EVENTS: ReadonlyMap<string, WebhookEvent> = new Map(
  WEBHOOK_EVENTS.filter((event) => event.startsWith('calculation.')).map((event) => [event.slice(12), event]),
);

/** The event announcing a calculation that ended with `status`; null for a status that is not an ending. */
export function calculationEvent(status: string): WebhookEvent | null {
  return CALCULATION_EVENTS.get(status) ?? null;
}
