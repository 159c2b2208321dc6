import assert from 'node:assert/strict';
import { luhnValid, redactText } from '../../../../../src/core/journeys/analysis/redact';

const r = (s: string) => redactText(s).text;

describe('redaction before anything leaves the machine', () => {
  it('replaces e-mail addresses, including ones with plus tags and subdomains', () => {
    assert.equal(r('Contact jane.doe+trial@mail.example.co.uk now.'), 'Contact [email] now.');
    assert.equal(r('from BOB@EXAMPLE.COM.'), 'from [email].');
  });

  it('replaces phone numbers in international, North American and European formats', () => {
    for (const phone of [
      '+1 (415) 555-0143',
      '+44 20 7946 0958',
      '(415) 555-0143',
      '415-555-0143',
      '415.555.0143',
      '555-0143',
      '01 23 45 67 89',
      '+4915112345678',
    ]) {
      assert.equal(r(`call ${phone} today`), 'call [phone] today', phone);
    }
  });

  it('replaces card numbers that pass the Luhn check, with or without separators', () => {
    assert.equal(r('card 4111 1111 1111 1111.'), 'card [card].');
    assert.equal(r('card 5500-0000-0000-0004 was declined'), 'card [card] was declined');
    assert.equal(r('amex 378282246310005'), 'amex [card]');
  });

  it('leaves a 16-digit number that fails the Luhn check as it is (an order id, not a card)', () => {
    assert.ok(!luhnValid('4111111111111112'));
    assert.ok(r('order 4111111111111112').includes('4111111111111112'));
  });

  it('replaces IPv4 and IPv6 addresses', () => {
    assert.equal(r('from 192.168.10.254.'), 'from [ip].');
    assert.equal(r('via 2001:db8::8a2e:370:7334 and fe80::1'), 'via [ip] and [ip]');
    assert.equal(r('full 2001:0db8:85a3:0000:0000:8a2e:0370:7334'), 'full [ip]');
  });

  it('replaces tokens and keys in URL query strings but keeps harmless parameters', () => {
    const out = r(
      'opened https://app.example.com/reset?token=abc123&page=2&api_key=XYZ&utm_source=mail#access_token=qwe',
    );
    assert.equal(
      out,
      'opened https://app.example.com/reset?token=[token]&page=2&api_key=[token]&utm_source=mail#access_token=[token]',
    );
    assert.equal(r('https://x.io/a?ref=A1b2C3d4E5f6G7h8I9j0K'), 'https://x.io/a?ref=[token]');
  });

  it('replaces bare API keys and bearer tokens', () => {
    assert.equal(r('key sk-proj-abcdefghijklmnop1234 leaked'), 'key [token] leaked');
    assert.equal(r('Authorization: Bearer abcdefghijklmnop.qrs'), 'Authorization: [token]');
  });

  it('leaves dates, clock times, amounts, versions and counts alone', () => {
    const text =
      'On 2024-09-15 to 2024-10-15 at 02:05.0 and 12:30:45 paid $1,299.00 for 100,000 seats (v1.2.3, step 42, ratio 3:2, 1 000 000 rows, 15/09/2024).';
    assert.equal(r(text), text);
  });

  it('counts what it replaced by kind', () => {
    const { counts } = redactText('a@b.io c@d.io 4111 1111 1111 1111 +1 415 555 0143 10.0.0.1');
    assert.deepEqual(counts, { email: 2, card: 1, phone: 1, ip: 1, token: 0 });
  });
});
