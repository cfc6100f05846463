import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { allocateVips, VipTarget } from '../../server/src/engine/vips/allocate';
import { formatIP, parseCidr, parseIP } from '../../server/src/engine/vips/cidr';

const targets = (...names: string[]): VipTarget[] => names.map((name) => ({ type: 'service', name, vip: null }));

describe('CIDR arithmetic', () => {
  it('reads IPv4 CIDRs and clears host bits like net.ParseCIDR', () => {
    const c = parseCidr('240.1.2.3/4')!;
    assert.equal(formatIP(4, c.network), '240.0.0.0');
    assert.equal(c.size, 1n << 28n);
  });
  it('refuses what Go refuses', () => {
    for (const bad of ['240.0.0.0', '240.0.0.0/33', '240.0.0/4', '240.0.0.00/4', '::1/129', 'x/4', '240.0.0.0/04', '']) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });
  it('reads and prints IPv6 with Go-style zero compression', () => {
    assert.equal(formatIP(6, parseIP('fd00:0:0:0:0:0:0:1')!.value), 'fd00::1');
    assert.equal(formatIP(6, parseIP('::')!.value), '::');
    assert.equal(formatIP(6, parseIP('1:0:0:2:0:0:0:3')!.value), '1:0:0:2::3');
    assert.equal(formatIP(6, parseIP('1:0:2:3:4:5:6:7')!.value), '1:0:2:3:4:5:6:7');
    assert.equal(formatIP(6, parseIP('::ffff:1.2.3.4')!.value), '::ffff:102:304');
    assert.equal(parseIP('1::2::3'), undefined);
  });
});

describe('VIP allocation', () => {
  it('starts at the network address and goes up in the given order', () => {
    const t = targets('backend', 'web', 'api.ext.com');
    allocateVips(parseCidr('240.0.0.0/4')!, t, []);
    assert.deepEqual(
      t.map((x) => x.vip),
      ['240.0.0.0', '240.0.0.1', '240.0.0.2'],
    );
  });
  it('keeps persisted addresses and fills the lowest holes', () => {
    const t = targets('backend', 'database', 'frontend');
    allocateVips(parseCidr('240.0.0.0/4')!, t, [
      { type: 'service', name: 'frontend', address: '240.0.0.0' },
      { type: 'service', name: 'backend', address: '240.0.0.1' },
    ]);
    assert.deepEqual(
      t.map((x) => x.vip),
      ['240.0.0.1', '240.0.0.2', '240.0.0.0'],
    );
  });
  it('keeps reserved addresses with gaps (.0, .1, .10)', () => {
    const t = targets('a', 'b', 'c', 'd');
    allocateVips(parseCidr('240.0.0.0/4')!, t, [
      { type: 'service', name: 'a', address: '240.0.0.0' },
      { type: 'service', name: 'b', address: '240.0.0.1' },
      { type: 'service', name: 'gone', address: '240.0.0.2' },
      { type: 'service', name: 'c', address: '240.0.0.10' },
    ]);
    // 'gone' is no longer in the view but still holds .2 in this cycle.
    assert.deepEqual(
      t.map((x) => x.vip),
      ['240.0.0.0', '240.0.0.1', '240.0.0.10', '240.0.0.3'],
    );
  });
  it('leaves entries without a VIP once the range is exhausted (/32 holds one)', () => {
    const t = targets('a', 'b');
    allocateVips(parseCidr('10.0.0.7/32')!, t, []);
    assert.deepEqual(
      t.map((x) => x.vip),
      ['10.0.0.7', null],
    );
  });
  it('hands out the network and broadcast addresses (/31)', () => {
    const t = targets('a', 'b', 'c');
    allocateVips(parseCidr('10.0.0.0/31')!, t, []);
    assert.deepEqual(
      t.map((x) => x.vip),
      ['10.0.0.0', '10.0.0.1', null],
    );
  });
  it('allocates over IPv6', () => {
    const t = targets('a', 'b');
    allocateVips(parseCidr('fd00::/64')!, t, []);
    assert.deepEqual(
      t.map((x) => x.vip),
      ['fd00::', 'fd00::1'],
    );
  });
  it('reports persisted addresses outside the CIDR or used twice, and skips them', () => {
    const t = targets('a', 'b', 'c');
    const problems = allocateVips(parseCidr('240.0.0.0/4')!, t, [
      { type: 'service', name: 'a', address: '10.0.0.1' },
      { type: 'service', name: 'b', address: '240.0.0.5' },
      { type: 'service', name: 'c', address: '240.0.0.5' },
    ]);
    assert.equal(problems.length, 2);
    assert.match(problems[0]!.message, /outside the CIDR 240\.0\.0\.0\/4/);
    assert.match(problems[1]!.message, /reserved twice/);
    assert.deepEqual(
      t.map((x) => x.vip),
      ['240.0.0.0', '240.0.0.5', '240.0.0.1'],
    );
  });
  it('gives host entries named by an IP their own address', () => {
    const t: VipTarget[] = [{ type: 'host', name: '10.1.1.1', address: '10.1.1.1', vip: null }, ...targets('x')];
    allocateVips(parseCidr('240.0.0.0/4')!, t, []);
    assert.deepEqual(
      t.map((x) => x.vip),
      ['10.1.1.1', '240.0.0.0'],
    );
  });
});
