import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotificationsService } from '../src/notifications/notifications.service';
import { createApiApp } from './helpers/app';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';

// JSON answers, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

describe('notifications (real PostgreSQL, Keycloak)', () => {
  let api: INestApplication;
  let tokens: DemoTokens;
  let notifications: NotificationsService;
  let aliceId: string;
  const as = (who: keyof DemoTokens) => authenticated(api, tokens[who]);

  beforeAll(async () => {
    api = await createApiApp();
    tokens = await demoTokens();
    notifications = api.get(NotificationsService);
    aliceId = (await as('alice').get('/users/me').expect(200)).body.id as string;
    // Each run starts from alice's notifications all read, whatever earlier runs left.
    await as('alice').post('/users/me/notifications/read').expect(200);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('lists a user’s notifications newest first with the unread count, and marks them read', async () => {
    const tag = randomUUID();
    const first = await notifications.notify(aliceId, 'usage.threshold', 'You have used 70 %', { tag, n: 1 });
    const second = await notifications.notify(aliceId, 'webhook.disabled', 'Your webhook was disabled', { tag, n: 2 });

    const unread = (await as('alice').get('/users/me/notifications?unread=true&limit=2').expect(200)).body as Body;
    expect(unread.unread).toBe(2);
    expect(unread.items.map((item: Body) => item.id)).toEqual([second.id, first.id]);
    expect(unread.items[0]).toEqual({
      id: second.id,
      kind: 'webhook.disabled',
      title: 'Your webhook was disabled',
      data: { tag, n: 2 },
      readAt: null,
      createdAt: second.createdAt.toISOString(),
    });

    const read = (await as('alice').post(`/users/me/notifications/${first.id}/read`).expect(200)).body as Body;
    expect(read.readAt).toEqual(expect.any(String));
    // Reading again keeps the first time.
    const again = (await as('alice').post(`/users/me/notifications/${first.id}/read`).expect(200)).body as Body;
    expect(again.readAt).toBe(read.readAt);

    const stillUnread = (await as('alice').get('/users/me/notifications?unread=true').expect(200)).body as Body;
    expect(stillUnread.unread).toBe(1);
    expect(stillUnread.items.map((item: Body) => item.id)).toEqual([second.id]);
    const readOnes = (await as('alice').get('/users/me/notifications?unread=false&limit=100').expect(200)).body as Body;
    expect(readOnes.items.map((item: Body) => item.id)).toContain(first.id);
    expect(readOnes.items.map((item: Body) => item.id)).not.toContain(second.id);

    expect((await as('alice').post('/users/me/notifications/read').expect(200)).body).toEqual({ marked: 1 });
    expect((await as('alice').get('/users/me/notifications').expect(200)).body.unread).toBe(0);
  });

  it('pages with the cursor it returns', async () => {
    const tag = randomUUID();
    const made = [];
    for (let n = 0; n < 3; n++) made.push(await notifications.notify(aliceId, 'usage.threshold', `page ${n}`, { tag }));
    const page1 = (await as('alice').get('/users/me/notifications?unread=true&limit=2').expect(200)).body as Body;
    const page2 = (
      await as('alice')
        .get(`/users/me/notifications?unread=true&limit=2&cursor=${encodeURIComponent(page1.nextCursor as string)}`)
        .expect(200)
    ).body as Body;
    expect([...page1.items, ...page2.items].map((item: Body) => item.id)).toEqual(made.reverse().map((n) => n.id));
    expect(page2.nextCursor).toBeNull();
    await as('alice').post('/users/me/notifications/read').expect(200);
  });

  it('keeps each user’s notifications their own', async () => {
    const mine = await notifications.notify(aliceId, 'usage.threshold', 'alice only');
    const toms = (await as('tom').get('/users/me/notifications?limit=100').expect(200)).body as Body;
    expect(toms.items.map((item: Body) => item.id)).not.toContain(mine.id);
    const refused = await as('tom').post(`/users/me/notifications/${mine.id}/read`).expect(404);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    const [row] = await api.get(DataSource).query<Body[]>(`SELECT read_at FROM notifications WHERE id = $1`, [mine.id]);
    expect(row.read_at).toBeNull();
    await as('alice').post('/users/me/notifications/not-a-uuid/read').expect(404);
    await as('alice').get('/users/me/notifications?unread=maybe').expect(422);
    await as('alice').post('/users/me/notifications/read').expect(200);
  });
});
