/**
 * Replaces personal data and secrets with placeholders before any text leaves the machine.
 *
 * Order matters: URL secrets and e-mails go first (they contain digits and dots that the number rules would
 * otherwise half-match), card numbers before phone numbers (both are digit runs; a Luhn-valid 13-19 digit run is
 * a card), IPv6 before IPv4 (an IPv6 address can end in an IPv4 one).
 */

export type RedactionKind = 'email' | 'card' | 'phone' | 'ip' | 'token';

export interface RedactionResult {
  text: string;
  counts: Record<RedactionKind, number>;
}

export const PLACEHOLDER: Record<RedactionKind, string> = {
  email: '[email]',
  card: '[card]',
  phone: '[phone]',
  ip: '[ip]',
  token: '[token]',
};

/** Query parameter names whose values are credentials whatever they look like. */
const SECRET_PARAM =
  /^(?:.*(?:token|secret|passw(?:or)?d|pwd|api[-_]?key|apikey|access[-_]?key|auth|session|sessid|sid|signature|sig|credential)s?.*|key|code|otp|jwt|hash|nonce|state)$/i;

const URL_QUERY = /([?&#;])([A-Za-z0-9_.\-[\]%]+)=([^&#\s"'<>)\]]*)/g;
const EMAIL = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;
/** Bearer tokens, JWTs and the usual API-key shapes, wherever they appear. */
const BARE_TOKEN =
  /\b(?:Bearer\s+[A-Za-z0-9\-._~+/]{12,}=*|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|(?:sk|pk|rk)[-_](?:live[-_]|test[-_]|proj[-_])?[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9-]{10,})/g;
const CARD_CANDIDATE = /(?<![\d.+])\d(?:[ -]?\d){12,18}(?!\d|\.\d)/g;
const IPV6_CANDIDATE =
  /(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|:|(?:\d{1,3}\.){3}\d{1,3})?(?![0-9A-Fa-f:])/g;
const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?!\d|\.\d)/g;
const PHONE_CANDIDATE =
  /(?<![\w+.])(?:\+\d[\d\s().-]{5,20}\d|(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){0,5})(?!\w|[.-]\d)/g;

export function emptyCounts(): Record<RedactionKind, number> {
  return { email: 0, card: 0, phone: 0, ip: 0, token: 0 };
}

export function redactText(input: string, counts: Record<RedactionKind, number> = emptyCounts()): RedactionResult {
  let text = input;
  const hit = (kind: RedactionKind) => {
    counts[kind]++;
    return PLACEHOLDER[kind];
  };

  text = text.replace(URL_QUERY, (whole, sep: string, name: string, value: string) => {
    if (!value || value.startsWith('[')) return whole;
    return SECRET_PARAM.test(name) || looksLikeSecret(value) ? `${sep}${name}=${hit('token')}` : whole;
  });
  text = text.replace(EMAIL, () => hit('email'));
  text = text.replace(BARE_TOKEN, () => hit('token'));
  text = text.replace(CARD_CANDIDATE, (m) => (luhnValid(m.replace(/\D/g, '')) ? hit('card') : m));
  text = text.replace(IPV6_CANDIDATE, (m) => (isIPv6(m) ? hit('ip') : m));
  text = text.replace(IPV4, () => hit('ip'));
  text = text.replace(PHONE_CANDIDATE, (m) => (isPhone(m) ? hit('phone') : m));
  return { text, counts };
}

export function totalRedactions(counts: Record<RedactionKind, number>): number {
  return counts.email + counts.card + counts.phone + counts.ip + counts.token;
}

/** Long random-looking values in a query string are credentials far more often than content. */
function looksLikeSecret(value: string): boolean {
  if (value.length < 20 || !/^[A-Za-z0-9\-._~+/=%]+$/.test(value)) return false;
  return /\d/.test(value) && /[A-Za-z]/.test(value);
}

export function luhnValid(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function isIPv6(candidate: string): boolean {
  let s = candidate;
  const groupsNeeded = 8;
  const v4 = s.match(/(?:\d{1,3}\.){3}\d{1,3}$/);
  if (v4) {
    // The dotted tail stands for two groups.
    s = s.slice(0, -v4[0].length) + '0:0';
  }
  const doubles = s.split('::').length - 1;
  if (doubles > 1) return false;
  if (doubles === 0) {
    // Without "::" an address has all eight groups; this is what keeps clock times such as 12:30:45 out.
    const groups = s.split(':');
    return groups.length === groupsNeeded && groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g));
  }
  const [left, right] = s.split('::');
  const parts = [...(left ? left.split(':') : []), ...(right ? right.split(':') : [])];
  if (!parts.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  // "::" alone, or "a::" with hex letters, is an address; "12::30" style fragments need at least one hex letter or
  // three groups, so that ratios and sports scores in prose are left alone.
  if (parts.length >= groupsNeeded) return false;
  return parts.length >= 3 || /[A-Fa-f]/.test(parts.join('')) || parts.length === 0;
}

function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  const international = candidate.startsWith('+');
  const bracketed = candidate.includes('(');
  const separated = /[\s.-]/.test(candidate);
  // Dates, version numbers, amounts with thousands separators and bare numbers are not phone numbers.
  if (/^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/.test(candidate) || /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/.test(candidate))
    return false;
  if (/^\d{1,3}(?:[ .,]\d{3})+$/.test(candidate)) return false;
  if (international || bracketed) return true;
  if (!separated) return false;
  if (/^\d{3}[-.\s]\d{4}$/.test(candidate)) return true; // 555-0143
  return digits >= 9;
}
