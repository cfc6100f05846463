import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isDnsName } from '../../server/src/engine/render/dnsName';
import { goParseInt10 } from '../../server/src/engine/render/parseInt';

describe('govalidator.IsDNSName', () => {
  const accepted = ['test-server', 'backend.mesh', 'foo_bar.mesh', 'UPPER.case', 'label-.x', 'trailing.', 'trailing_', 'kafka_kafka_svc_9092.kafka-0.mesh', '01.2.3.4', '1.2.3.256'];
  const refused = ['', 'foo()bar', '-lead', 'a..b', 'has space', 'a:b', '1.2.3.4', '<no value>.mesh', 'x.<no value>', 'a'.repeat(64), 'ünï.mesh', '.lead'];
  for (const s of accepted) it(`accepts ${JSON.stringify(s)}`, () => assert.equal(isDnsName(s), true));
  for (const s of refused) it(`refuses ${JSON.stringify(s)}`, () => assert.equal(isDnsName(s), false));
  it('counts 255 characters without the dots', () => {
    const label = 'a'.repeat(51);
    const ok = Array(5).fill(label).join('.'); // 255 without dots
    assert.equal(isDnsName(ok), true);
    assert.equal(isDnsName(ok + '.b'), false);
  });
});

describe('strconv.ParseInt(s, 10, 64)', () => {
  it('accepts signs and leading zeros', () => {
    assert.equal(goParseInt10('+80'), 80n);
    assert.equal(goParseInt10('0080'), 80n);
    assert.equal(goParseInt10('-1'), -1n);
  });
  it('refuses what Go refuses', () => {
    for (const s of ['', ' 80', '80 ', '8_0', '0x50', '<no value>', '1a', '9223372036854775808', '+']) assert.equal(goParseInt10(s), undefined, s);
  });
  it('keeps the int64 range', () => {
    assert.equal(goParseInt10('9223372036854775807'), 9223372036854775807n);
    assert.equal(goParseInt10('-9223372036854775808'), -9223372036854775808n);
  });
});
