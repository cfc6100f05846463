// A slot's claimants after queued additions and removals, against the processing order written out
// by hand: a claimant removed before the slot settles, added back, or removed after it settled.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Claimant, EntryState, PHASE, Slot, UnitState } from '../../server/src/engine/resolve/claims';
import { SourceResource } from '../../server/src/engine/resolve/view';

function unit(name: string, serial: number): UnitState {
  const resource = { kind: 'Dataplane', mesh: 'default', name, doc: { file: 'f.yaml', index: 0 } } as unknown as SourceResource;
  return { resource, phase: PHASE.dataplane, serial, inbounds: [] };
}

/** A claimant of dataplane `name`'s first inbound at position `seq`: named so a failure says which. */
function claimant(u: UnitState, seq: number): Claimant & { label: string } {
  const inbound = { unit: u, tags: {}, index: 0, position: 0, fixed: [], voClaimants: [] };
  return { label: `${u.resource.name}#${seq}`, inbound, seq, source: { resource: u.resource }, origin: 'service', port: 0, tags: {}, slot: undefined };
}

const labels = (slot: Slot) => slot.claimants().map((c) => (c as Claimant & { label: string }).label);

describe('Slot', () => {
  const entry = {} as EntryState;
  const a = unit('a', 0);
  const b = unit('b', 1);
  const a1 = claimant(a, 1);
  const a2 = claimant(a, 2);
  const b1 = claimant(b, 1);

  it('lists its additions in processing order, whatever order they came in', () => {
    const slot = new Slot(entry, 80);
    slot.add(b1);
    slot.add(a2);
    slot.add(a1);
    assert.equal(slot.size, 3);
    assert.deepEqual(labels(slot), ['a#1', 'a#2', 'b#1']);
  });

  it('drops a claimant removed before the slot settles, and keeps one added back', () => {
    const slot = new Slot(entry, 80);
    slot.add(a1);
    slot.add(b1);
    slot.remove(b1);
    assert.equal(slot.size, 1);
    assert.deepEqual(labels(slot), ['a#1']);
    slot.remove(a1);
    slot.add(a1);
    slot.add(a2);
    assert.equal(slot.size, 2);
    assert.deepEqual(labels(slot), ['a#1', 'a#2']);
  });

  it('forgets a removal once settled: a claimant removed, settled and added again is listed', () => {
    const slot = new Slot(entry, 80);
    slot.add(a1);
    slot.add(a2);
    slot.add(b1);
    assert.deepEqual(labels(slot), ['a#1', 'a#2', 'b#1']);
    slot.remove(a2);
    assert.equal(slot.size, 2);
    assert.deepEqual(labels(slot), ['a#1', 'b#1']);
    slot.add(a2);
    assert.equal(slot.size, 3);
    assert.deepEqual(labels(slot), ['a#1', 'a#2', 'b#1']);
    slot.remove(a1);
    slot.remove(b1);
    slot.remove(a2);
    assert.equal(slot.size, 0);
    assert.deepEqual(labels(slot), []);
  });
});
