import { refusedAddress, refusedDestination } from './destination';

describe(refusedAddress.name, () => {
  it.each(['169.254.169.254', '169.254.1.1', 'fe80::1', '::ffff:169.254.169.254', '0.0.0.0', '::', 'fd00:ec2::254'])(
    'refuses %s (link-local, metadata, unspecified)',
    (address) => {
      expect(refusedAddress(address, true)).toMatch(/link-local/);
    },
  );

  it('refuses loopback unless allowed', () => {
    expect(refusedAddress('127.0.0.1', false)).toMatch(/loopback/);
    expect(refusedAddress('::1', false)).toMatch(/loopback/);
    expect(refusedAddress('::ffff:127.0.0.1', false)).toMatch(/loopback/);
    expect(refusedAddress('127.0.0.1', true)).toBeNull();
  });

  it('lets public addresses through', () => {
    expect(refusedAddress('93.184.215.14', false)).toBeNull();
    expect(refusedAddress('2606:2800:21f:cb07:6820:80da:af6b:8b2c', false)).toBeNull();
  });
});

describe(refusedDestination.name, () => {
  it('refuses other schemes, credentials and addresses that may not receive webhooks', async () => {
    expect(await refusedDestination('ftp://example.org/', false)).toMatch(/http/);
    expect(await refusedDestination('http://user:pw@example.org/', false)).toMatch(/credentials/);
    expect(await refusedDestination('http://169.254.169.254/latest/meta-data', false)).toMatch(/link-local/);
    expect(await refusedDestination('http://[fe80::1]:8080/', false)).toMatch(/link-local/);
    expect(await refusedDestination('http://127.0.0.1:9/hook', false)).toMatch(/loopback/);
    expect(await refusedDestination('http://localhost:9/hook', false)).toMatch(/loopback/);
    expect(await refusedDestination('http://127.0.0.1:9/hook', true)).toBeNull();
  });
});
