import { Injectable } from '@nestjs/common';
import { RedisAdapter } from '../queue/redis.adapter';

export interface RateWindow {
  name: string;
  limit: number;
  seconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the exhausted window resets (0 when allowed). */
  retryAfterS: number;
}

// Increments every window's counter atomically and gives it a TTL on first use.
const SCRIPT = `
local results = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, ARGV[i]) end
  results[i] = {count, redis.call('TTL', key)}
end
return results`;

/** Fixed-window counters in Redis, shared by every API process. */
@Injectable()
export class RateLimiter {
  constructor(private readonly redis: RedisAdapter) {}

  async hit(subject: string, windows: RateWindow[], now = Date.now()): Promise<RateDecision> {
    const keys = windows.map((window) => {
      const slot = Math.floor(now / 1000 / window.seconds);
      return `retort:rate:${subject}:${window.name}:${slot}`;
    });
    const results = (await this.redis.evalScript(
      SCRIPT,
      keys,
      windows.map((window) => String(window.seconds)),
    )) as Array<[number, number]>;
    // Refused when any window is exhausted; retry once the longest of those has reset.
    let decision: RateDecision = { allowed: true, retryAfterS: 0 };
    results.forEach(([count, ttl], index) => {
      if (count > windows[index].limit) {
        decision = { allowed: false, retryAfterS: Math.max(decision.retryAfterS, 1, ttl) };
      }
    });
    return decision;
  }
}
