import { INestApplication } from '@nestjs/common';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp, testConfig } from './helpers/app';
import { DEMO_USERS, passwordToken, serviceAccountToken } from './helpers/keycloak';
import { keycloakAdmin, withRealmUser } from './helpers/keycloak-admin';

describe('identity (real Keycloak, PostgreSQL, Redis)', () => {
  const config = testConfig();
  let app: INestApplication;
  let db: DataSource;
  const tokens: Record<'alice' | 'tom' | 'ada', string> = { alice: '', tom: '', ada: '' };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createApiApp(testConfig({ API_KEY_RATE_PER_MINUTE: '5' }));
    db = app.get(DataSource);
    tokens.alice = await passwordToken(DEMO_USERS.user.username, DEMO_USERS.user.password);
    tokens.tom = await passwordToken(DEMO_USERS.toolAuthor.username, DEMO_USERS.toolAuthor.password);
    tokens.ada = await passwordToken(DEMO_USERS.admin.username, DEMO_USERS.admin.password);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('bearer tokens', () => {
    it('accepts a realm token and answers /users/me with profile and roles', async () => {
      const response = await http().get('/api/v1/users/me').auth(tokens.tom, { type: 'bearer' }).expect(200);
      expect(response.body).toMatchObject({
        username: 'tom',
        email: 'tom@retort.example',
        firstName: 'Tom',
        lastName: 'Bernard',
        isActive: true,
        authenticatedWith: 'token',
      });
      expect(response.body.roles.sort()).toEqual(['tool-author', 'user']);
    });

    it('answers 401 problem+json with WWW-Authenticate when there is no token', async () => {
      const response = await http().get('/api/v1/users/me').expect(401);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="retort"');
      expect(response.body.detail).toMatch(/Authentication required/);
    });

    it('rejects a tampered token', async () => {
      const [header, payload, signature] = tokens.alice.split('.');
      const claims = decodeJwt(tokens.alice);
      const forged = Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: ['user', 'admin'] } })).toString(
        'base64url',
      );
      expect(forged).not.toBe(payload);
      const response = await http()
        .get('/api/v1/admin/users')
        .auth(`${header}.${forged}.${signature}`, { type: 'bearer' })
        .expect(401);
      expect(response.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    });

    it('rejects a token signed by another key, claiming the realm key id', async () => {
      const { kid } = JSON.parse(Buffer.from(tokens.alice.split('.')[0], 'base64url').toString()) as { kid: string };
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ ...decodeJwt(tokens.alice) })
        .setProtectedHeader({ alg: 'RS256', kid })
        .sign(privateKey);
      const response = await http().get('/api/v1/users/me').auth(token, { type: 'bearer' }).expect(401);
      expect(response.body.detail).toBe('the access token signature is invalid');
    });

    it('rejects a token signed by an unknown key', async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      void (await exportJWK(publicKey));
      const token = await new SignJWT({ ...decodeJwt(tokens.alice) })
        .setProtectedHeader({ alg: 'ES256', kid: 'not-a-realm-key' })
        .sign(privateKey);
      const response = await http().get('/api/v1/users/me').auth(token, { type: 'bearer' }).expect(401);
      expect(response.body.detail).toMatch(/unknown key|signature/);
    });

    it('rejects alg none', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = tokens.alice.split('.')[1];
      await http().get('/api/v1/users/me').auth(`${header}.${payload}.`, { type: 'bearer' }).expect(401);
    });

    it('rejects a token without the API audience (the sync service account)', async () => {
      const response = await http()
        .get('/api/v1/users/me')
        .auth(await serviceAccountToken(), { type: 'bearer' })
        .expect(401);
      expect(response.body.detail).toMatch(/"aud" claim/);
    });

    it('rejects a token from another realm (wrong issuer)', async () => {
      const form = new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: 'admin',
        password: 'admin',
      });
      const answer = await fetch(`${config.keycloak.url}/realms/master/protocol/openid-connect/token`, {
        method: 'POST',
        body: form,
      });
      const { access_token: masterToken } = (await answer.json()) as { access_token: string };
      const response = await http().get('/api/v1/users/me').auth(masterToken, { type: 'bearer' }).expect(401);
      expect(response.body.detail).toMatch(/unknown key|"iss" claim|signature/);
    });

    it('rejects an expired token from the realm', async () => {
      // A client of its own whose tokens live 1 s; the API tolerates 5 s of clock skew.
      const admin = await keycloakAdmin();
      const clientId = `retort-test-short-${Date.now()}`;
      const { id } = await admin.clients.create({
        clientId,
        publicClient: true,
        directAccessGrantsEnabled: true,
        standardFlowEnabled: false,
        attributes: { 'access.token.lifespan': '1' },
        protocolMappers: [
          {
            name: 'audience',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            config: { 'included.client.audience': 'retort-api', 'access.token.claim': 'true' },
          },
        ],
      });
      try {
        const form = new URLSearchParams({
          grant_type: 'password',
          client_id: clientId,
          username: 'alice',
          password: 'alice-dev-password',
        });
        const answer = await fetch(
          `${config.keycloak.url}/realms/${config.keycloak.realm}/protocol/openid-connect/token`,
          {
            method: 'POST',
            body: form,
          },
        );
        const { access_token: shortToken } = (await answer.json()) as { access_token: string };
        await http().get('/api/v1/users/me').auth(shortToken, { type: 'bearer' }).expect(200);
        await new Promise((resolve) => setTimeout(resolve, 7_500));
        const response = await http().get('/api/v1/users/me').auth(shortToken, { type: 'bearer' }).expect(401);
        expect(response.body.detail).toBe('the access token has expired');
      } finally {
        await admin.clients.del({ id });
      }
    });
  });

  describe('roles', () => {
    it('keeps admin routes from a user and a tool author', async () => {
      const response = await http().get('/api/v1/admin/users').auth(tokens.alice, { type: 'bearer' }).expect(403);
      expect(response.body.detail).toMatch(/"admin"/);
      await http().get('/api/v1/admin/audit').auth(tokens.tom, { type: 'bearer' }).expect(403);
    });

    it('lets an admin list and search users, paginated', async () => {
      await http().get('/api/v1/users/me').auth(tokens.alice, { type: 'bearer' }).expect(200);
      const search = await http()
        .get('/api/v1/admin/users?search=alice')
        .auth(tokens.ada, { type: 'bearer' })
        .expect(200);
      expect(search.body.items.map((user: { username: string }) => user.username)).toEqual(['alice']);

      const first = await http().get('/api/v1/admin/users?limit=1').auth(tokens.ada, { type: 'bearer' }).expect(200);
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await http()
        .get(`/api/v1/admin/users?limit=1&cursor=${first.body.nextCursor}`)
        .auth(tokens.ada, { type: 'bearer' })
        .expect(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);

      const one = await http()
        .get(`/api/v1/admin/users/${search.body.items[0].id}`)
        .auth(tokens.ada, { type: 'bearer' })
        .expect(200);
      expect(one.body.keycloakId).toBe(decodeJwt(tokens.alice).sub);
    });

    it('answers 422 with field errors for a bad page size and 404 for a bad id', async () => {
      const bad = await http().get('/api/v1/admin/users?limit=1000').auth(tokens.ada, { type: 'bearer' }).expect(422);
      expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'limit' })]);
      await http().get('/api/v1/admin/users/not-a-uuid').auth(tokens.ada, { type: 'bearer' }).expect(404);
    });
  });

  describe('just-in-time users', () => {
    it('creates one row for concurrent first requests, then updates changed claims', () =>
      withRealmUser('jit', async ({ admin, id, username, password, token }) => {
        const answers = await Promise.all(
          Array.from({ length: 8 }, () => http().get('/api/v1/users/me').auth(token, { type: 'bearer' })),
        );
        expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
        const rows = await db.query(`SELECT id, last_login FROM users WHERE keycloak_id = $1`, [id]);
        expect(rows).toHaveLength(1);
        expect(rows[0].last_login).not.toBeNull();

        await admin.users.update(
          { id },
          { firstName: 'Renamed', lastName: username, email: `${username}@retort.example` },
        );
        const renamed = await passwordToken(username, password);
        const me = await http().get('/api/v1/users/me').auth(renamed, { type: 'bearer' }).expect(200);
        expect(me.body.firstName).toBe('Renamed');
      }));
  });

  describe('full sync from Keycloak', () => {
    it('marks a user disabled in Keycloak as inactive; that user then gets 403', () =>
      withRealmUser('sync', async ({ admin, id, token }) => {
        await http().get('/api/v1/users/me').auth(token, { type: 'bearer' }).expect(200);

        await admin.users.update({ id }, { enabled: false });
        const sync = await http().post('/api/v1/admin/users/sync').auth(tokens.ada, { type: 'bearer' }).expect(200);
        expect(sync.body.total).toBeGreaterThanOrEqual(4);
        expect(sync.body.disabledInKeycloak).toBeGreaterThanOrEqual(1);

        const [row] = await db.query(`SELECT is_active FROM users WHERE keycloak_id = $1`, [id]);
        expect(row.is_active).toBe(false);
        const refused = await http().get('/api/v1/users/me').auth(token, { type: 'bearer' }).expect(403);
        expect(refused.body.detail).toMatch(/deactivated/);

        const audit = await http()
          .get('/api/v1/admin/audit?action=users.synced')
          .auth(tokens.ada, { type: 'bearer' })
          .expect(200);
        expect(audit.body.items[0]).toMatchObject({ action: 'users.synced', metadata: expect.any(Object) });
      }));

    it('keeps a user deleted from Keycloak, inactive, with their data', () =>
      withRealmUser('gone', async ({ admin, id, token }) => {
        await http().get('/api/v1/users/me').auth(token, { type: 'bearer' }).expect(200);
        await admin.users.del({ id });
        await http().post('/api/v1/admin/users/sync').auth(tokens.ada, { type: 'bearer' }).expect(200);
        const rows = await db.query(`SELECT is_active FROM users WHERE keycloak_id = $1`, [id]);
        expect(rows).toEqual([{ is_active: false }]);
      }));

    it('is refused to a non-admin', async () => {
      await http().post('/api/v1/admin/users/sync').auth(tokens.tom, { type: 'bearer' }).expect(403);
    });

    it('answers 503 naming the setting when the sync client secret is not set', async () => {
      const unconfigured = await createApiApp(testConfig({ KEYCLOAK_SYNC_CLIENT_SECRET: '' }));
      try {
        const response = await request(unconfigured.getHttpServer())
          .post('/api/v1/admin/users/sync')
          .auth(tokens.ada, { type: 'bearer' })
          .expect(503);
        expect(response.body).toMatchObject({ type: 'urn:retort:problem:sync-not-configured', status: 503 });
        expect(response.body.detail).toContain('KEYCLOAK_SYNC_CLIENT_SECRET');
      } finally {
        await unconfigured.close();
      }
    });
  });

  describe('API keys', () => {
    it('creates a key shown once, authenticates with it as its owner, lists it without the secret', async () => {
      const created = await http()
        .post('/api/v1/api-keys')
        .auth(tokens.alice, { type: 'bearer' })
        .send({ name: 'notebook' })
        .expect(201);
      expect(created.body.key).toMatch(/^rtk_/);
      const me = await http().get('/api/v1/users/me').set('X-API-Key', created.body.key).expect(200);
      expect(me.body).toMatchObject({ username: 'alice', authenticatedWith: 'api-key', roles: ['user'] });
      await http().get('/api/v1/users/me').auth(created.body.key, { type: 'bearer' }).expect(200);

      const list = await http().get('/api/v1/api-keys').auth(tokens.alice, { type: 'bearer' }).expect(200);
      const listed = list.body.items.find((key: { id: string }) => key.id === created.body.id);
      expect(listed).toMatchObject({ name: 'notebook', prefix: created.body.prefix });
      expect(listed.key).toBeUndefined();
      expect(JSON.stringify(list.body)).not.toContain(created.body.key);
      expect(listed.lastUsedAt).not.toBeNull();

      const [row] = await db.query(`SELECT secret_hash FROM api_keys WHERE id = $1`, [created.body.id]);
      expect(created.body.key).not.toContain(row.secret_hash);
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses a wrong secret, a revoked key and an expired key', async () => {
      const created = await http()
        .post('/api/v1/api-keys')
        .auth(tokens.alice, { type: 'bearer' })
        .send({ name: 'to revoke' })
        .expect(201);
      const wrong = created.body.key.slice(0, -1) + (created.body.key.endsWith('A') ? 'B' : 'A');
      await http().get('/api/v1/users/me').set('X-API-Key', wrong).expect(401);

      await http().delete(`/api/v1/api-keys/${created.body.id}`).auth(tokens.tom, { type: 'bearer' }).expect(404);
      await http().delete(`/api/v1/api-keys/${created.body.id}`).auth(tokens.alice, { type: 'bearer' }).expect(204);
      await http().delete(`/api/v1/api-keys/${created.body.id}`).auth(tokens.alice, { type: 'bearer' }).expect(204);
      const revoked = await http().get('/api/v1/users/me').set('X-API-Key', created.body.key).expect(401);
      expect(revoked.body.detail).toMatch(/revoked/);

      const expiring = await http()
        .post('/api/v1/api-keys')
        .auth(tokens.alice, { type: 'bearer' })
        .send({ name: 'short', expiresAt: new Date(Date.now() + 1500).toISOString() })
        .expect(201);
      await http().get('/api/v1/users/me').set('X-API-Key', expiring.body.key).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const expired = await http().get('/api/v1/users/me').set('X-API-Key', expiring.body.key).expect(401);
      expect(expired.body.detail).toMatch(/expired/);
    });

    it('validates the body with field-level errors', async () => {
      const response = await http()
        .post('/api/v1/api-keys')
        .auth(tokens.alice, { type: 'bearer' })
        .send({ name: '', expiresAt: 'tomorrow-ish', extra: 1 })
        .expect(422);
      const paths = response.body.errors.map((error: { path: string }) => error.path).sort();
      expect(paths).toEqual(expect.arrayContaining(['expiresAt', 'extra', 'name']));
    });

    it('does not let an API key create API keys', async () => {
      const created = await http()
        .post('/api/v1/api-keys')
        .auth(tokens.tom, { type: 'bearer' })
        .send({ name: 'script' })
        .expect(201);
      await http().post('/api/v1/api-keys').set('X-API-Key', created.body.key).send({ name: 'child' }).expect(403);
    });

    it('rate-limits each key with 429 and Retry-After', async () => {
      const created = await http()
        .post('/api/v1/api-keys')
        .auth(tokens.tom, { type: 'bearer' })
        .send({ name: 'burst' })
        .expect(201);
      const statuses: number[] = [];
      let limited: request.Response | undefined;
      for (let i = 0; i < 7; i += 1) {
        const response = await http().get('/api/v1/users/me').set('X-API-Key', created.body.key);
        statuses.push(response.status);
        if (response.status === 429) limited ??= response;
      }
      // The limit of this app is 5 per minute (unless the minute turned during the burst).
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(6);
      expect(limited).toBeDefined();
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited!.body.type).toBe('urn:retort:problem:rate-limited');
    });

    it('stops working when its owner is deactivated', () =>
      withRealmUser('owner', async ({ id, token }) => {
        const created = await http()
          .post('/api/v1/api-keys')
          .auth(token, { type: 'bearer' })
          .send({ name: 'k' })
          .expect(201);
        await http().get('/api/v1/users/me').set('X-API-Key', created.body.key).expect(200);
        await db.query(`UPDATE users SET is_active = false WHERE keycloak_id = $1`, [id]);
        await http().get('/api/v1/users/me').set('X-API-Key', created.body.key).expect(403);
      }));

    it('lets an admin revoke anyone’s key, audited with its owner, and nobody else', async () => {
      const created = await http()
        .post('/api/v1/api-keys')
        .auth(tokens.alice, { type: 'bearer' })
        .send({ name: 'leaked' })
        .expect(201);
      await http().delete(`/api/v1/api-keys/${created.body.id}`).auth(tokens.tom, { type: 'bearer' }).expect(404);
      await http().get('/api/v1/users/me').set('X-API-Key', created.body.key).expect(200);
      await http().delete(`/api/v1/api-keys/${created.body.id}`).auth(tokens.ada, { type: 'bearer' }).expect(204);
      const refused = await http().get('/api/v1/users/me').set('X-API-Key', created.body.key).expect(401);
      expect(refused.body.detail).toMatch(/revoked/);
      const [owner] = await db.query(`SELECT user_id FROM api_keys WHERE id = $1`, [created.body.id]);
      const audit = await http()
        .get(`/api/v1/admin/audit?targetType=api-key&targetId=${created.body.id}`)
        .auth(tokens.ada, { type: 'bearer' })
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'api-key.revoked',
        metadata: { name: 'leaked', ownerId: owner.user_id },
      });
      expect(audit.body.items[0].actorUserId).not.toBe(owner.user_id);
    });

    it('writes audit events for key creation and revocation', async () => {
      const created = await http()
        .post('/api/v1/api-keys')
        .auth(tokens.alice, { type: 'bearer' })
        .set('User-Agent', 'retort-e2e')
        .send({ name: 'audited' })
        .expect(201);
      await http().delete(`/api/v1/api-keys/${created.body.id}`).auth(tokens.alice, { type: 'bearer' }).expect(204);
      const audit = await http()
        .get(`/api/v1/admin/audit?targetType=api-key&targetId=${created.body.id}`)
        .auth(tokens.ada, { type: 'bearer' })
        .expect(200);
      expect(audit.body.items.map((event: { action: string }) => event.action)).toEqual([
        'api-key.revoked',
        'api-key.created',
      ]);
      expect(audit.body.items[1].userAgent).toBe('retort-e2e');
      expect(JSON.stringify(audit.body)).not.toContain(created.body.key);
    });
  });
});
