// govalidator.IsDNSName as Kuma 2.1.x uses it for rendered hosts: no normalisation, underscores
// and single labels accepted, IP addresses refused.

const DNS_NAME = /^([a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62}){1}(\.[a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62})*[._]?$/;

export function isDnsName(s: string): boolean {
  if (s === '' || lengthWithoutDots(s) > 255) return false;
  return !isIP(s) && DNS_NAME.test(s);
}

/** Go's net.ParseIP(s) != nil. IPv6 text always contains ':', which a DNS name never does. */
export function isIP(s: string): boolean {
  return isIPv4(s) || s.includes(':');
}

/** Go's IPv4 parser: four decimal fields of at most 255, no leading zeros (Go 1.17+). */
export function isIPv4(s: string): boolean {
  // Most rendered names are no address: three dots exactly before splitting.
  let dots = 0;
  for (let i = s.indexOf('.'); i >= 0; i = s.indexOf('.', i + 1)) if (++dots > 3) return false;
  if (dots !== 3) return false;
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** The UTF-8 length of `s` without its dots; for ASCII text, counted without copying it. */
function lengthWithoutDots(s: string): number {
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return utf8Length(s.replace(/\./g, ''));
    if (c === 0x2e) dots++;
  }
  return s.length - dots;
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
