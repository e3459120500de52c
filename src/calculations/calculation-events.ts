import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Observable, Subscriber } from 'rxjs';
import { RedisAdapter, RedisSubscription } from '../queue/redis.adapter';

/** What the worker tells the API about a running calculation (and the API tells SSE clients). */
export type CalculationEvent =
  | { type: 'status'; status: string; errorMessage?: string | null }
  | { type: 'progress'; fraction: number; message: string | null }
  | { type: 'log'; stream: 'stdout' | 'stderr'; text: string; offset?: number };

type LogStream = 'stdout' | 'stderr';
const LOG_STREAMS: readonly LogStream[] = ['stdout', 'stderr'];
const liveLogKey = (calculationId: string, stream: LogStream) => `retort:calculation-log:${calculationId}:${stream}`;
/** How long a running calculation's live log is kept after its last line (the record is saved at its end). */
const LIVE_LOG_TTL_S = 3600;
/**
 * Appends to the live log and publishes the text with its offset in one step: a reader that
 * subscribes, then reads the log, finds every line once (events before the read are in it).
 */
const APPEND_AND_PUBLISH = `
local offset = redis.call('STRLEN', KEYS[1])
redis.call('APPEND', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('PUBLISH', ARGV[1], cjson.encode({type = 'log', stream = ARGV[3], text = ARGV[2], offset = offset}))
return offset`;

const channel = (calculationId: string) => `retort:calculation-events:${calculationId}`;
const CANCEL_CHANNEL = 'retort:calculation-cancel';
const IMAGE_QUERY_CHANNEL = 'retort:image-query';
const imageAnswerChannel = (queryId: string) => `retort:image-answer:${queryId}`;

/** A message as JSON, or null: a listener must never throw inside the subscriber connection's handler. */
function parsed<T>(message: string): T | null {
  try {
    return JSON.parse(message) as T;
  } catch {
    return null;
  }
}

/** What the workers' engines say of an image: one has it, all that answered lack it, or none answered. */
export type ImagePresence = 'present' | 'absent' | 'unknown';

/**
 * Live calculation events over Redis pub/sub: workers publish, API processes relay to SSE streams;
 * and cancellation requests, from the API to whichever worker runs the calculation. Best-effort by
 * design: the database is the record, events only make it live.
 */
@Injectable()
export class CalculationEvents implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(CalculationEvents.name);
  private subscriber: RedisSubscription | null = null;
  private readonly listeners = new Map<string, Set<(message: string) => void>>();
  /** Whoever follows a calculation's events now (SSE streams): ended when the process shuts down. */
  private readonly followers = new Set<Subscriber<CalculationEvent>>();

  constructor(private readonly redis: RedisAdapter) {}

  /** Never throws: a lost event costs a live view a moment, while failing the caller would cost the record. */
  async publish(calculationId: string, event: CalculationEvent): Promise<void> {
    try {
      await this.redis.publish(channel(calculationId), JSON.stringify(event));
    } catch (error) {
      this.logger.warn({ err: error, calculationId }, 'calculation event not published');
    }
  }

  /**
   * A piece of a running calculation's stdout or stderr: kept in its live log (so that a viewer who
   * comes later sees it too) and published. Never throws, like `publish`.
   */
  async publishLog(calculationId: string, stream: LogStream, text: string): Promise<void> {
    try {
      await this.redis.evalScript(
        APPEND_AND_PUBLISH,
        [liveLogKey(calculationId, stream)],
        [channel(calculationId), text, stream, String(LIVE_LOG_TTL_S)],
      );
    } catch (error) {
      this.logger.warn({ err: error, calculationId }, 'calculation log not published');
    }
  }

  /** What a running calculation has written so far, per stream (empty when none, or gone). */
  async liveLog(calculationId: string): Promise<Record<LogStream, string>> {
    const [stdout, stderr] = await this.redis.getMany(LOG_STREAMS.map((stream) => liveLogKey(calculationId, stream)));
    return { stdout: stdout ?? '', stderr: stderr ?? '' };
  }

  /** Forgets a calculation's live log once its record is saved. Never throws. */
  async dropLiveLog(calculationId: string): Promise<void> {
    await Promise.all(
      LOG_STREAMS.map((stream) => this.redis.delete(liveLogKey(calculationId, stream)).catch(() => undefined)),
    );
  }

  async requestCancel(calculationId: string): Promise<void> {
    await this.redis.publish(CANCEL_CHANNEL, calculationId);
  }

  /** Calls `onCancel` with the id of every calculation whose cancellation is requested. */
  async onCancelRequest(onCancel: (calculationId: string) => void): Promise<void> {
    await this.listen(CANCEL_CHANNEL, onCancel);
  }

  /**
   * Asks every worker whether its Docker engine has `image` (the API has no engine of its own): the
   * answer as soon as one says yes, or every worker that got the question has answered, or the wait
   * is over. Workers answer through `onImageQuery`.
   */
  async askImage(image: string, waitMs: number): Promise<ImagePresence> {
    const queryId = randomUUID();
    const answers: boolean[] = [];
    let expected = Number.POSITIVE_INFINITY;
    let settle: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const listener = (message: string) => {
      answers.push(parsed<{ present?: unknown }>(message)?.present === true);
      if (answers.includes(true) || answers.length >= expected) settle();
    };
    await this.listen(imageAnswerChannel(queryId), listener);
    const timer = setTimeout(settle, waitMs);
    try {
      expected = await this.redis.publish(IMAGE_QUERY_CHANNEL, JSON.stringify({ queryId, image }));
      if (expected === 0 || answers.length >= expected) settle();
      await settled;
    } finally {
      clearTimeout(timer);
      await this.unlisten(imageAnswerChannel(queryId), listener);
    }
    if (answers.includes(true)) return 'present';
    return answers.length > 0 && answers.length >= expected ? 'absent' : 'unknown';
  }

  /** Answers `askImage` questions with `has(image)`; a worker whose engine cannot tell stays silent. */
  async onImageQuery(has: (image: string) => Promise<boolean>): Promise<void> {
    await this.listen(IMAGE_QUERY_CHANNEL, (message) => {
      const { queryId, image } = parsed<{ queryId?: unknown; image?: unknown }>(message) ?? {};
      // A message of anything else on the channel is not a question.
      if (typeof queryId !== 'string' || typeof image !== 'string') return;
      void has(image).then(
        (present) => this.redis.publish(imageAnswerChannel(queryId), JSON.stringify({ present })),
        (error: Error) => this.logger.warn({ err: error, image }, 'could not tell whether the engine has an image'),
      );
    });
  }

  /** The events of one calculation, from now on. */
  events(calculationId: string): Observable<CalculationEvent> {
    return new Observable<CalculationEvent>((subscriber) => {
      const listener = (message: string) => {
        try {
          subscriber.next(JSON.parse(message) as CalculationEvent);
        } catch {
          // not one of ours
        }
      };
      this.followers.add(subscriber);
      this.listen(channel(calculationId), listener).catch((error: Error) => subscriber.error(error));
      return () => {
        this.followers.delete(subscriber);
        void this.unlisten(channel(calculationId), listener);
      };
    });
  }

  private async listen(name: string, listener: (message: string) => void): Promise<void> {
    if (!this.subscriber) {
      // A subscribed connection can do nothing else: one per process, shared by every stream.
      this.subscriber = this.redis.subscriber('retort-events', (name, message) => {
        for (const each of this.listeners.get(name) ?? []) each(message);
      });
    }
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
      await this.subscriber.subscribe(name);
    }
    set.add(listener);
  }

  private async unlisten(name: string, listener: (message: string) => void): Promise<void> {
    const set = this.listeners.get(name);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) {
      this.listeners.delete(name);
      await this.subscriber?.unsubscribe(name).catch(() => undefined);
    }
  }

  /**
   * Ends every event stream before the HTTP server closes: the server waits for its open responses,
   * and an event stream never ends by itself, so one open client kept the API from shutting down
   * until it was killed. An EventSource reconnects (to another instance) by itself.
   */
  beforeApplicationShutdown(): void {
    for (const follower of [...this.followers]) follower.complete();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.close().catch(() => undefined);
  }
}
