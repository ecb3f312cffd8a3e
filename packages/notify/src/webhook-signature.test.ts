import { signWebhook, verifyWebhook } from './webhook-signature';

const SECRET = 'a-webhook-secret-of-at-least-32-chars!';
const BODY = '{"eventId":"e1","decision":"approve"}';
const NOW = 1_800_000_000;

describe('webhook signatures', () => {
  it('accepts its own signature over the exact body', () => {
    expect(verifyWebhook(SECRET, signWebhook(SECRET, BODY, NOW), BODY, NOW + 10, 300)).toEqual({
      valid: true,
      timestampSeconds: NOW,
    });
  });

  const refusals: Array<[string, string | undefined, string, number]> = [
    ['no header', undefined, BODY, NOW],
    ['a malformed header', 'sha256=abc', BODY, NOW],
    ['another secret', signWebhook('another-secret-another-secret-another', BODY, NOW), BODY, NOW],
    ['a changed body', signWebhook(SECRET, BODY, NOW), BODY.replace('approve', 'reject'), NOW],
    ['a replay after the tolerance', signWebhook(SECRET, BODY, NOW), BODY, NOW + 301],
    ['a timestamp from the future', signWebhook(SECRET, BODY, NOW + 600), BODY, NOW],
    ['a MAC of the wrong length', `t=${NOW},v1=abcd`, BODY, NOW],
    ['a re-dated signature', signWebhook(SECRET, BODY, NOW).replace(`t=${NOW}`, `t=${NOW + 1}`), BODY, NOW],
  ];
  it.each(refusals)('refuses %s', (_name, header, body, now) => {
    expect(verifyWebhook(SECRET, header, body, now, 300).valid).toBe(false);
  });
});
