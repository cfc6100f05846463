// The DNS name and IPv4 checks count and split without copying for the common case; they must
// agree with the plain statement of govalidator's rules (length without dots in UTF-8 bytes, four
// decimal fields) on any text: ASCII and not, dots anywhere, lone and paired surrogates.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDnsName, isIPv4 } from '../../server/src/engine/render/dnsName';
import { fcOptions } from '../helpers/arbitraries';

const DNS_NAME = /^([a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62}){1}(\.[a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62})*[._]?$/;
function plainUtf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
const plainIPv4 = (s: string) => {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
};
const plainDnsName = (s: string) => s !== '' && plainUtf8Length(s.replace(/\./g, '')) <= 255 && !(plainIPv4(s) || s.includes(':')) && DNS_NAME.test(s);

const pieces = fc.constantFrom('.', '..', 'a', 'b-c', '_', '0', '1', '25', '255', '256', '01', ':', 'é', '\uD83D\uDE00', '\uD800', '\uDC00', 'x'.repeat(63), 'y'.repeat(64));
const text = fc.array(pieces, { maxLength: 12 }).map((xs) => xs.join(''));
// Valid labels around the 255-byte limit, where dots decide whether a name is too long.
const labels = fc.array(fc.integer({ min: 1, max: 63 }), { minLength: 3, maxLength: 8 }).map((ns) => ns.map((n, i) => String.fromCharCode(97 + (i % 26)).repeat(n)).join('.'));
const long = fc.integer({ min: 60, max: 140 }).chain((n) => fc.array(fc.constantFrom('ab.', 'c', '.', '\uD800.\uDC00'), { minLength: n, maxLength: n }).map((xs) => xs.join('')));

describe('DNS name fast path', () => {
  it('agrees with the plain rules', () => {
    fc.assert(
      fc.property(fc.oneof(text, long, labels, fc.string(), fc.string({ unit: 'binary' })), (s) => {
        assert.equal(isIPv4(s), plainIPv4(s), JSON.stringify(s));
        assert.equal(isDnsName(s), plainDnsName(s), JSON.stringify(s));
      }),
      fcOptions(2000, { seedOffset: 89 }),
    );
  });

  it('measures a name made of a lone high and low surrogate around a dot as one character', () => {
    // Without its dots the text has 64 pairs: 256 bytes, over the limit only when counted that way.
    const s = 'a.' + '\uD800.\uDC00'.repeat(64);
    assert.equal(isDnsName(s), plainDnsName(s));
  });
});
