// The diagnostics-fixture format: where an annotation's carets put the range.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseDiagnosticsFixture } from '../helpers/annotations';

describe('diagnostics fixture annotations', () => {
  it('puts the carets under the columns of the nearest line above that is not an annotation', () => {
    const fx = parseDiagnosticsFixture('a: 1\n  name: web\n  #   ^^^ error[x-y]: first\n  # ^^^^ hint[z]: second\n', 'f.yaml');
    assert.deepEqual(
      fx.annotations.map((a) => [a.file, a.line, a.start, a.end, a.severity, a.code, a.message]),
      [
        ['f.yaml', 1, 6, 9, 'error', 'x-y', 'first'],
        ['f.yaml', 1, 4, 8, 'hint', 'z', 'second'],
      ],
    );
  });
  it('reads a # at column 0 followed by the marker as column 0, and | as an empty range', () => {
    const fx = parseDiagnosticsFixture('name: web\n#^^^ warning[a]: m\n#| warning[b]: n\n   # | warning[c]: o\n', 'f.yaml');
    assert.deepEqual(
      fx.annotations.map((a) => [a.start, a.end, a.code]),
      [
        [0, 4, 'a'],
        [0, 0, 'b'],
        [5, 5, 'c'],
      ],
    );
  });
  it('splits files at #- headers and reads #! settings', () => {
    const fx = parseDiagnosticsFixture('#! kumaVersion: 2.6\n#- a.yaml\nx: 1\n#- dir/b.yaml\ny: 2\n# ^ error[q]: r\n', 'f.yaml');
    assert.deepEqual(fx.settings, { kumaVersion: '2.6' });
    assert.deepEqual(
      fx.files.map((f) => [f.path, f.text]),
      [
        ['a.yaml', 'x: 1'],
        ['dir/b.yaml', 'y: 2\n# ^ error[q]: r\n'],
      ],
    );
    assert.deepEqual(
      fx.annotations.map((a) => [a.file, a.line, a.start, a.end]),
      [['dir/b.yaml', 0, 2, 3]],
    );
  });
  it('refuses an annotation with no line above it, or a # glued to the marker away from column 0', () => {
    assert.throws(() => parseDiagnosticsFixture('#^ error[a]: b\n', 'f.yaml'), /no line above/);
    assert.throws(() => parseDiagnosticsFixture('name: x\n  #^ error[a]: b\n', 'f.yaml'), /space between/);
  });
});
