import { redactUrl } from './redact';

describe('redactUrl', () => {
  it('replaces the values of secret-looking query parameters, keeping the rest', () => {
    expect(redactUrl('/api/v1/events/stream?access_token=abc123&last_event_id=4')).toBe('/api/v1/events/stream?access_token=[redacted]&last_event_id=4');
    expect(redactUrl('/x?API_KEY=k&password=p&Signature=s&limit=5')).toBe('/x?API_KEY=[redacted]&password=[redacted]&Signature=[redacted]&limit=5');
    expect(redactUrl('/x?acc%65ss_token=abc')).toBe('/x?acc%65ss_token=[redacted]');
    expect(redactUrl('/api/v1/protection-flows?limit=5')).toBe('/api/v1/protection-flows?limit=5');
  });

  it('drops user-info from absolute URLs', () => {
    expect(redactUrl('http://admin:hunter2@sha.example:8082/api')).toBe('http://sha.example:8082/api');
    expect(redactUrl('https://token@host/hook?secret=x#frag')).toBe('https://host/hook?secret=[redacted]#frag');
    expect(redactUrl('http://sha.example:8082')).toBe('http://sha.example:8082');
  });
});
