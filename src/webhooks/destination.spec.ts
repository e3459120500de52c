import { destinationPolicy, NO_EXCEPTIONS, pinnedLookupOf, refusedAddress, resolveDestination } from './destination';

describe(refusedAddress.name, () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['169.254.169.254', 'linkLocal'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['64:ff9b::a9fe:a9fe', 'rfc6052'],
  ])('refuses %s (%s)', (address, range) => {
    expect(refusedAddress(address, NO_EXCEPTIONS)).toContain(`a ${range} address`);
  });

  it('lets public addresses through', () => {
    expect(refusedAddress('93.184.215.14', NO_EXCEPTIONS)).toBeNull();
    expect(refusedAddress('2606:2800:21f:cb07:6820:80da:af6b:8b2c', NO_EXCEPTIONS)).toBeNull();
  });

  it('lets through what the operator allowed, and nothing next to it', () => {
    const policy = destinationPolicy(['127.0.0.1', '10.20.0.0/16', 'fd12::/16', ' ']);
    expect(refusedAddress('127.0.0.1', policy)).toBeNull();
    expect(refusedAddress('::ffff:127.0.0.1', policy)).toBeNull();
    expect(refusedAddress('127.0.0.2', policy)).not.toBeNull();
    expect(refusedAddress('10.20.3.4', policy)).toBeNull();
    expect(refusedAddress('10.21.0.1', policy)).not.toBeNull();
    expect(refusedAddress('fd12::5', policy)).toBeNull();
    expect(refusedAddress('169.254.169.254', policy)).not.toBeNull();
  });

  it('rejects a malformed range in the allow-list', () => {
    expect(() => destinationPolicy(['10.0.0.0/99'])).toThrow();
  });
});

describe(resolveDestination.name, () => {
  const refused = async (url: string, policy = NO_EXCEPTIONS) => (await resolveDestination(url, policy)).refused;

  it('refuses other schemes, credentials and addresses that may not receive webhooks', async () => {
    expect(await refused('ftp://example.org/')).toMatch(/http/);
    expect(await refused('http://user:pw@example.org/')).toMatch(/credentials/);
    expect(await refused('http://169.254.169.254/latest/meta-data')).toMatch(/linkLocal/);
    expect(await refused('http://[fe80::1]:8080/')).toMatch(/linkLocal/);
    expect(await refused('http://0x7f.1/hook')).toMatch(/loopback/);
    expect(await refused('http://127.0.0.1:9/hook')).toMatch(/loopback/);
    expect(await refused('http://localhost:9/hook')).toMatch(/loopback/);
    expect(await refused('http://host.invalid/hook')).toMatch(/does not resolve/);
  });

  it('allows an allowed host name whatever it resolves to, and returns the addresses to connect to', async () => {
    expect(await resolveDestination('http://localhost:9/', destinationPolicy(['localhost']))).toEqual({
      refused: null,
      addresses: expect.arrayContaining([expect.objectContaining({ family: expect.any(Number) })]),
    });
    expect(await resolveDestination('http://127.0.0.1:9/', destinationPolicy(['127.0.0.0/8']))).toEqual({
      refused: null,
      addresses: [{ address: '127.0.0.1', family: 4 }],
    });
  });
});

describe(pinnedLookupOf.name, () => {
  it('answers with the checked addresses only, whatever the name', (done) => {
    const lookup = pinnedLookupOf([{ address: '203.0.113.7', family: 4 }]);
    lookup('anything.example', { family: 0 }, (error, address, family) => {
      expect(error).toBeNull();
      expect([address, family]).toEqual(['203.0.113.7', 4]);
      lookup('anything.example', { family: 6 }, (missing) => {
        expect(missing).toBeInstanceOf(Error);
        done();
      });
    });
  });
});
