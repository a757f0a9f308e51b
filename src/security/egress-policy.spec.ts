import { AppConfig } from '../config/app-config';
import { EgressPolicy, EgressRefused } from './egress-policy';

const policy = (allowed?: string) => new EgressPolicy(Object.assign(new AppConfig(), { NOTIFICATION_ALLOWED_CIDRS: allowed }));

/** What the guarded lookup answers for a name, as node:http would ask for it (all addresses). */
function lookUp(egress: EgressPolicy, host: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    egress.guardedLookup()(host, { all: true }, (err: Error | null, addresses: unknown) =>
      err ? reject(err) : resolve((addresses as Array<{ address: string }>).map((a) => a.address)),
    ),
  );
}

describe('EgressPolicy', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.200.3.4', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['169.254.169.254', 'a link-local address (cloud metadata lives there)'],
    ['fe80::1', 'a link-local address'],
    ['10.20.30.40', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['fd12:3456::1', 'a private address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['224.0.0.251', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
  ])('refuses %s as %s', (address, why) => {
    expect(policy().refusalOf(address)).toBe(why);
  });

  it('lets public addresses through, and private ones listed in NOTIFICATION_ALLOWED_CIDRS', () => {
    expect(policy().refusalOf('93.184.216.34')).toBeUndefined();
    expect(policy().refusalOf('2606:2800:220:1::1')).toBeUndefined();
    const internal = policy('10.1.0.0/16, fd00::/8');
    expect([internal.refusalOf('10.1.2.3'), internal.refusalOf('fd00::5'), internal.refusalOf('10.2.0.1')]).toEqual([
      undefined,
      undefined,
      'a private address',
    ]);
  });

  it('refuses metadata and local names before any lookup', () => {
    for (const name of ['metadata.google.internal', 'METADATA', 'localhost', 'db.localhost', 'instance-data.ec2.internal']) {
      expect(() => policy().checkName(name)).toThrow(EgressRefused);
    }
    expect(() => policy().checkName('[::1]')).toThrow('[::1] is a loopback address');
    expect(() => policy().checkName('receiver.example.com')).not.toThrow();
  });

  it('checks the address a name resolves to when connecting', async () => {
    // localhost resolves through /etc/hosts: the connect-time check sees 127.0.0.1 (or ::1), not the name.
    await expect(lookUp(policy(), 'localhost')).rejects.toThrow(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    await expect(lookUp(policy('127.0.0.0/8,::1/128'), 'localhost')).resolves.toEqual(expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]));
  });

  it('refuses at save time a name that does not resolve, saying so', async () => {
    await expect(policy().checkHost('no-such-host.invalid')).rejects.toThrow('no-such-host.invalid does not resolve to an address; check the name');
    await expect(policy().checkHost('169.254.169.254')).rejects.toThrow(EgressRefused);
  });
});
