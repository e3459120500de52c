/** BullMQ queues. Values are kebab-case and stable: they are Redis key prefixes. */
export enum QueueName {
  Calculations = 'calculations',
  Maintenance = 'maintenance',
  Webhooks = 'webhooks',
}
