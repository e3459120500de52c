import { createHmac } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { newWebhookSecret, signedHeaders } from './signature';

describe(signedHeaders.name, () => {
  const secret = `whsec_${Buffer.from('a key of thirty-two bytes, exact').toString('base64')}`;

  it('signs "<id>.<timestamp>.<body>" with HMAC-SHA256 of the decoded secret, as v1,<base64>', () => {
    const at = new Date('2026-11-30T12:00:00.900Z');
    const expected = createHmac('sha256', Buffer.from('a key of thirty-two bytes, exact'))
      .update('msg_1.1796040000.{"a":1}')
      .digest('base64');
    expect(signedHeaders(secret, 'msg_1', '{"a":1}', at)).toEqual({
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1796040000',
      'webhook-signature': `v1,${expected}`,
    });
  });

  it('verifies with the Standard Webhooks library, and not with another secret or body', () => {
    const headers = signedHeaders(secret, 'msg_2', '{"b":2}', new Date());
    expect(new StandardWebhook(secret).verify('{"b":2}', headers)).toEqual({ b: 2 });
    expect(() => new StandardWebhook(newWebhookSecret()).verify('{"b":2}', headers)).toThrow();
    expect(() => new StandardWebhook(secret).verify('{"b":3}', headers)).toThrow();
  });

  it('makes a fresh, recognisable 32-byte secret each time', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(a).not.toBe(b);
  });
});
