import { hostName, hostRule } from './request-checks';

describe('hostRule', () => {
  it('answers to loopback names, the bind address and ALLOWED_HOSTS only', () => {
    const allowed = hostRule({ HOST: '10.0.0.5', ALLOWED_HOSTS: 'Engine.Example.com, *.corp.example' });
    const answers = [
      'localhost:8080',
      'app.localhost',
      '127.0.0.1',
      '[::1]:80',
      '10.0.0.5:8080',
      'engine.example.com.',
      'x.corp.example',
      'corp.example',
      '10.0.0.6',
      'attacker.example',
    ].map((host) => [host, allowed(host)]);
    expect(Object.fromEntries(answers)).toEqual({
      'localhost:8080': true,
      'app.localhost': true,
      '127.0.0.1': true,
      '[::1]:80': true,
      '10.0.0.5:8080': true,
      'engine.example.com.': true,
      'x.corp.example': true,
      'corp.example': false,
      '10.0.0.6': false,
      'attacker.example': false,
    });
  });

  it('bound to every interface, answers to any IP address (it cannot be rebound) but not to names', () => {
    const allowed = hostRule({ HOST: '0.0.0.0', ALLOWED_HOSTS: undefined });
    expect([allowed('192.168.7.20:8080'), allowed('[fd00::1]:8080'), allowed('rebind.attacker.example')]).toEqual([true, true, false]);
  });

  it('takes the name out of a Host header', () => {
    expect([hostName('Example.COM:8080'), hostName('[::1]:8080'), hostName('[fe80::1]')]).toEqual(['example.com', '::1', 'fe80::1']);
  });
});
