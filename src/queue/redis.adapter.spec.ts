import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisAdapter, redisSettingWarnings } from './redis.adapter';

const info = (policy: string, aof: string) =>
  `# Memory\r\nused_memory:1024\r\nmaxmemory_policy:${policy}\r\n\r\n# Persistence\r\nloading:0\r\naof_enabled:${aof}\r\n`;

describe(RedisAdapter.name, () => {
  let sut: RedisAdapter;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    sut = new RedisAdapter({ redisUrl: 'redis://127.0.0.1:6379' } as AppConfig);
    jest.spyOn(sut, 'ensureConnected').mockResolvedValue(undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    sut.client.disconnect();
  });

  it('warns at start-up when the eviction policy is not noeviction', async () => {
    jest.spyOn(sut.client, 'info').mockResolvedValue(info('allkeys-lru', '1'));

    const warnings = await sut.checkServerSettings();

    expect(warnings).toEqual([expect.stringMatching(/maxmemory-policy is allkeys-lru; BullMQ requires noeviction/)]);
    expect(warn).toHaveBeenCalledWith(warnings[0]);
  });

  it('warns when Redis keeps no append-only file', async () => {
    jest.spyOn(sut.client, 'info').mockResolvedValue(info('noeviction', '0'));

    expect(await sut.checkServerSettings()).toEqual([expect.stringMatching(/without an append-only file/)]);
  });

  it('says nothing when Redis is set up as BullMQ requires', async () => {
    jest.spyOn(sut.client, 'info').mockResolvedValue(info('noeviction', '1'));

    expect(await sut.checkServerSettings()).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('does not fail start-up when the settings cannot be read', async () => {
    jest.spyOn(sut.client, 'info').mockRejectedValue(new Error("ERR unknown command 'info'"));

    expect(await sut.checkServerSettings()).toEqual([]);
  });

  it('ignores settings INFO does not show', () => {
    expect(redisSettingWarnings('# Server\r\nredis_version:7.2.4\r\n')).toEqual([]);
  });
});

describe(`${RedisAdapter.name} reconnection`, () => {
  it('tells how long ago the connection came back after it was lost, and nothing before it ever was', () => {
    const sut = new RedisAdapter({ redisUrl: 'redis://127.0.0.1:6379' } as AppConfig);
    expect(sut.reconnectedForMs()).toBeNull();
    sut.client.emit('ready');
    expect(sut.reconnectedForMs()).toBeNull();
    sut.client.emit('ready');
    expect(sut.reconnectedForMs()).toBeGreaterThanOrEqual(0);
    expect(sut.reconnectedForMs()).toBeLessThan(1000);
    sut.client.disconnect();
  });
});
