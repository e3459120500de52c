import { createHmac } from 'node:crypto';
import { newWebhookSecret, signatureHeader } from './signature';

describe(signatureHeader.name, () => {
  it('signs "<t>.<body>" with HMAC-SHA256 of the secret, t in unix seconds', () => {
    const at = new Date('2026-11-30T12:00:00.900Z');
    const t = 1796040000;
    const expected = createHmac('sha256', 'whsec_x').update(`${t}.{"a":1}`).digest('hex');
    expect(signatureHeader('whsec_x', '{"a":1}', at)).toBe(`t=${t},v1=${expected}`);
  });

  it('gives a different signature for another body or secret', () => {
    const at = new Date();
    expect(signatureHeader('s', 'a', at)).not.toBe(signatureHeader('s', 'b', at));
    expect(signatureHeader('s', 'a', at)).not.toBe(signatureHeader('t', 'a', at));
  });

  it('makes a fresh, recognisable secret each time', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});
