import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { KeycloakProfile, UsersService } from './users.service';
import { User } from './user.entity';
import { PreparedQueries } from '../database/prepared-queries';

describe(UsersService.name, () => {
  const config = { auth: { lastLoginIntervalS: 300, clockToleranceS: 5 } } as AppConfig;
  const now = new Date('2026-11-22T10:00:00Z');

  function stored(overrides: Partial<User>): User {
    return {
      id: '7b0f3c1e-2f4a-4b8e-9c1d-0a1b2c3d4e5f',
      keycloakId: 'kc-1',
      username: 'alice',
      email: 'alice@example.org',
      firstName: 'Alice',
      lastName: 'Martin',
      displayName: 'Alice Martin',
      roles: ['tool-author', 'user'],
      isActive: true,
      lastLogin: new Date(now.getTime() - 60_000),
      createdAt: now,
      updatedAt: now,
      ...overrides,
    };
  }

  function withRow(row: User): { sut: UsersService; query: jest.Mock } {
    const query = jest.fn();
    const repository = {
      findOneBy: jest.fn().mockResolvedValue(row),
      findOneByOrFail: jest.fn().mockResolvedValue(row),
      query,
    };
    const queries = { entities: jest.fn().mockResolvedValue([row]), selectList: () => 'u.*' };
    return {
      sut: new UsersService(repository as unknown as Repository<User>, queries as unknown as PreparedQueries, config),
      query,
    };
  }

  const identity: KeycloakProfile = {
    keycloakId: 'kc-1',
    username: 'alice',
    email: 'alice@example.org',
    firstName: 'Alice',
    lastName: 'Martin',
    displayName: 'Alice Martin',
    roles: ['user', 'tool-author'],
  };

  it('writes nothing when the stored profile matches, whatever the order of the roles', async () => {
    const { sut, query } = withRow(stored({}));
    await sut.syncFromToken(identity, now);
    expect(query).not.toHaveBeenCalled();
  });

  it('compares an over-long name as stored, so it does not write on every request', async () => {
    const long = 'x'.repeat(150);
    const { sut, query } = withRow(stored({ displayName: long.slice(0, 150), firstName: long.slice(0, 100) }));
    await sut.syncFromToken({ ...identity, firstName: long, displayName: long }, now);
    expect(query).not.toHaveBeenCalled();
  });

  it('upserts a changed claim with the values cut to the column sizes and sorted roles', async () => {
    const { sut, query } = withRow(stored({}));
    await sut.syncFromToken({ ...identity, firstName: 'y'.repeat(120) }, now);
    expect(query).toHaveBeenCalledTimes(1);
    const parameters = query.mock.calls[0][1] as unknown[];
    expect(parameters[3]).toBe('y'.repeat(100));
    expect(parameters[6]).toEqual(['tool-author', 'user']);
  });

  it('records last_login again once the interval has passed', async () => {
    const { sut, query } = withRow(stored({ lastLogin: new Date(now.getTime() - 301_000) }));
    await sut.syncFromToken(identity, now);
    expect(query).toHaveBeenCalledTimes(1);
  });
});
