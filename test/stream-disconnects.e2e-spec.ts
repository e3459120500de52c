import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { ClientRequest, IncomingMessage, request as httpRequest } from 'node:http';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import request from 'supertest';
import { binaryBody } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { MAIN, randomPort, start, Started, stop, waitForReady } from './helpers/processes';
import { waitFor } from './helpers/wait';

interface Connection {
  localPort: number;
  remotePort: number;
  /** Bytes the kernel holds that the process has not read. */
  unread: number;
}

/**
 * The established TCP connections a process holds (Linux): its socket fds matched by inode against
 * /proc/net/tcp{,6}. The API's own answers are not enough to see a leaked socket; this is.
 */
function connectionsOf(pid: number): Connection[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  const connections: Connection[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local rem st tx:rx tr:when retrnsmt uid timeout inode; state 01 is ESTABLISHED.
      if (fields.length < 10 || fields[3] !== '01' || !inodes.has(fields[9])) continue;
      const port = (address: string) => parseInt(address.split(':')[1], 16);
      connections.push({
        localPort: port(fields[1]),
        remotePort: port(fields[2]),
        unread: parseInt(fields[4].split(':')[1], 16),
      });
    }
  }
  return connections;
}

/** Error-level log lines, and anything a crash or an unhandled error prints. */
function errorsIn(output: string): string[] {
  return output.split('\n').filter((line) => {
    if (/unhandled|uncaught|ERR_STREAM_|premature close/i.test(line)) return true;
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      // Plain text only from outside the logger: a crash's stack, or Node's own error output.
      return !line.startsWith('{') && /error/i.test(line);
    }
  });
}

describe('clients that hang up mid-stream (real API process, PostgreSQL, Redis, MinIO, Keycloak)', () => {
  const port = randomPort();
  const s3Port = Number(new URL(process.env.S3_ENDPOINT!).port);
  const redisPort = Number(new URL(process.env.REDIS_URL!).port || 6379);
  let api: Started;
  let pid: number;
  let redis: Redis;
  let tokens: DemoTokens;
  const http = () => request(`http://127.0.0.1:${port}`);
  const auth = () => ({ Authorization: `Bearer ${tokens.alice}` });
  /** A calculation that would sleep ten minutes: its event stream stays open. Its id. */
  const submitSleeper = async (name: string) =>
    (
      await http()
        .post('/api/v1/calculations')
        .set(auth())
        .send({ name, code: 'import time\ndef run(params):\n    time.sleep(600)\n' })
        .expect(202)
    ).body.id as string;

  /** The API still serves: liveness, readiness (every dependency) and an authenticated read. */
  const expectServing = async () => {
    await http().get('/health/live').expect(200);
    await http().get('/health/ready').expect(200);
    await http().get('/api/v1/users/me').set(auth()).expect(200);
    expect(api.child.exitCode).toBeNull();
  };

  /** Opens a GET and hands its response to `onResponse`; resolves once the connection has closed. */
  const open = (
    path: string,
    headers: Record<string, string>,
    onResponse: (res: IncomingMessage, req: ClientRequest) => void,
  ) =>
    new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers: { ...auth(), ...headers } }, (res) =>
        onResponse(res, req),
      );
      track(req);
      req.on('error', () => undefined); // the hang-up is ours
      req.on('close', () => resolve());
      req.end();
    });

  // Every client connection is bounded, and closed at the end whatever happened: an open one would
  // keep the API from shutting down, and this run from ending.
  const clients = new Set<ClientRequest>();
  const track = (req: ClientRequest) => {
    clients.add(req);
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.on('close', () => clients.delete(req));
  };

  beforeAll(async () => {
    api = start(MAIN, { ...process.env, API_PORT: String(port), API_HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    await waitForReady(port, api);
    pid = api.child.pid!;
    redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 2 });
    redis.on('error', () => undefined);
    await redis.connect();
    tokens = await demoTokens();
  });

  afterAll(async () => {
    for (const req of clients) req.destroy();
    redis?.disconnect();
    if (!api || api.child.exitCode !== null || api.child.signalCode !== null) return;
    const timer = setTimeout(() => api.child.kill('SIGKILL'), 20_000);
    await stop(api);
    clearTimeout(timer);
  });

  it('drops the storage stream of a download whose client hangs up after the first chunk', async () => {
    const size = 24 * 1024 * 1024;
    const content = randomBytes(size);
    const uploaded = await http().post('/api/v1/files').set(auth()).attach('file', content, 'big.bin').expect(201);
    const id = uploaded.body.id as string;
    const storageConnections = () => Promise.resolve(connectionsOf(pid).filter((each) => each.remotePort === s3Port));
    const baseline = (await storageConnections()).length;

    for (let attempt = 0; attempt < 3; attempt += 1) {
      let received = 0;
      await open(`/api/v1/files/${id}/content`, {}, (res, req) => {
        expect(res.statusCode).toBe(200);
        res.once('data', (chunk: Buffer) => {
          received += chunk.length;
          req.destroy();
        });
      });
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThan(size);
    }

    // A leaked body would hold its connection to storage, unread, until the 30 s idle timeout.
    const left = await waitFor(
      storageConnections,
      (now) => now.length <= baseline && now.every((c) => c.unread === 0),
      {
        timeoutMs: 10_000,
        found: (now) => `storage connections ${JSON.stringify(now)}, ${baseline} before`,
      },
    );
    expect(left.length).toBeLessThanOrEqual(baseline);

    await expectServing();
    // The same file still downloads, whole and by range.
    const whole = await http()
      .get(`/api/v1/files/${id}/content`)
      .set(auth())
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(Buffer.compare(whole.body as Buffer, content)).toBe(0);
    const range = await http()
      .get(`/api/v1/files/${id}/content`)
      .set(auth())
      .set('Range', 'bytes=10-19')
      .buffer(true)
      .parse(binaryBody)
      .expect(206);
    expect(Buffer.compare(range.body as Buffer, content.subarray(10, 20))).toBe(0);
    expect(errorsIn(api.output())).toEqual([]);
    await http().delete(`/api/v1/files/${id}`).set(auth()).expect(204);
  });

  it('unsubscribes from Redis when event-stream clients disconnect, at any point, and keeps streaming to others', async () => {
    // Nothing consumes this run's queue here: the calculation stays queued, its stream open.
    const id = await submitSleeper('sse hang-up');
    const channel = `retort:calculation-events:${id}`;
    const subscribers = async () => ((await redis.pubsub('NUMSUB', channel)) as [string, number])[1];
    // The API's one subscriber connection, found by its local port among the API process's connections.
    const apiSubscriptions = async () => {
      const ports = new Set(
        connectionsOf(pid)
          .filter((c) => c.remotePort === redisPort)
          .map((c) => c.localPort),
      );
      const clients = ((await redis.client('LIST')) as string)
        .split('\n')
        .filter(
          (line) => line.includes('name=retort-events') && ports.has(Number(/ addr=[^ ]*:(\d+) /.exec(line)?.[1])),
        );
      return clients.map((line) => Number(/ sub=(\d+) /.exec(line)?.[1]));
    };
    const events = `/api/v1/calculations/${id}/events`;
    const sse = { Accept: 'text/event-stream' };
    expect(await subscribers()).toBe(0);

    /** A stream that has received its first event; `hangUp` destroys it. */
    const openStream = async () => {
      let hangUp: () => void = () => undefined;
      let firstEvent = '';
      let closed!: Promise<void>;
      await new Promise<void>((ready, failed) => {
        closed = open(events, sse, (res, req) => {
          if (res.statusCode !== 200) failed(new Error(`events answered ${res.statusCode}`));
          hangUp = () => req.destroy();
          res.on('data', (chunk: Buffer) => {
            firstEvent += chunk.toString();
            if (firstEvent.includes('\n\n')) ready();
          });
        });
      });
      return { firstEvent, hangUp: () => (hangUp(), closed) };
    };

    // Mid-stream: three clients share the channel; it is dropped only when the last one leaves.
    const streams = [await openStream(), await openStream(), await openStream()];
    expect(streams[0].firstEvent).toMatch(/event: status\n/);
    expect(streams[0].firstEvent).toContain('"status":"queued"');
    expect(await subscribers()).toBe(1);
    const [baseline] = await apiSubscriptions();
    expect(baseline).toBeGreaterThanOrEqual(1);
    await streams[0].hangUp();
    await streams[1].hangUp();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await subscribers()).toBe(1);
    await streams[2].hangUp();
    await waitFor(subscribers, (count) => count === 0, { found: (count) => `${count} subscribers on ${channel}` });

    // Before any event (the handler still checking the calculation): nothing is left subscribed either.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await new Promise<void>((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: events, headers: { ...auth(), ...sse } });
        track(req);
        req.on('error', () => undefined);
        req.on('close', () => resolve());
        req.end(() => setTimeout(() => req.destroy(), attempt * 2));
      });
    }
    await waitFor(subscribers, (count) => count === 0, { found: (count) => `${count} subscribers on ${channel}` });
    await waitFor(apiSubscriptions, (subs) => subs.length === 1 && subs[0] === baseline - 1, {
      found: (subs) =>
        `the API's subscriber connection has ${JSON.stringify(subs)} subscriptions, ${baseline} with the stream`,
    });

    // The subscriber connection still works: a new stream gets the cancellation and ends.
    let text = '';
    let ended = false;
    const watching = open(events, sse, (res) => {
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => (ended = true));
    });
    await waitFor(
      () => Promise.resolve(text),
      (now) => now.includes('"status":"queued"'),
    );
    await waitFor(subscribers, (count) => count === 1);
    await http().post(`/api/v1/calculations/${id}/cancel`).set(auth()).expect(202);
    await watching;
    expect(ended).toBe(true);
    expect(text).toContain('"status":"cancelled"');
    await waitFor(subscribers, (count) => count === 0);

    await expectServing();
    expect(errorsIn(api.output())).toEqual([]);
  });

  it('ends open event streams when it shuts down, instead of waiting for their clients', async () => {
    // An API process of its own, to stop; the calculation is cancelled through the other afterwards.
    const otherPort = randomPort();
    const other = start(MAIN, {
      ...process.env,
      API_PORT: String(otherPort),
      API_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    try {
      await waitForReady(otherPort, other);
      const id = await submitSleeper('sse shutdown');
      let text = '';
      let ended = false;
      const following = new Promise<void>((resolve) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: otherPort,
            path: `/api/v1/calculations/${id}/events`,
            headers: { ...auth(), Accept: 'text/event-stream' },
          },
          (res) => {
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => (ended = true));
          },
        );
        track(req);
        req.on('error', () => undefined);
        req.on('close', () => resolve());
        req.end();
      });
      await waitFor(
        () => Promise.resolve(text),
        (now) => now.includes('"status":"queued"'),
      );

      // Before, SIGTERM left the process up, waiting for the stream's client, until it was killed.
      const sent = Date.now();
      const timer = setTimeout(() => other.child.kill('SIGKILL'), 30_000);
      const stopped = await stop(other);
      clearTimeout(timer);
      expect({ stopped, within10s: Date.now() - sent < 10_000 }).toEqual({ stopped: 'stopped', within10s: true });
      await following;
      // The stream ended as a response does (an EventSource reconnects), and nothing failed.
      expect(ended).toBe(true);
      expect(errorsIn(other.output())).toEqual([]);
      await http().post(`/api/v1/calculations/${id}/cancel`).set(auth()).expect(202);
    } finally {
      if (other.child.exitCode === null && other.child.signalCode === null) other.child.kill('SIGKILL');
    }
  });
});
