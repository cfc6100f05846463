// Files written by `kumactl get -o yaml` and `kumactl export` are applied back as they are. Since Kuma
// 2.13 that output carries `kri` next to `creationTime` and `modificationTime`: Kuma writes it and ignores
// it on apply, so it is not the user's mistake and gets no finding. Seen on Kuma's own golden files.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../server/src/engine/analyze';
import { KUMA_VERSIONS } from '../../server/src/engine/versions/kumaVersion';

const exportedMesh = 'type: Mesh\nname: default\ncreationTime: "2025-01-01T00:00:00Z"\nkri: kri_m____default_\nmodificationTime: "2025-01-01T00:00:00Z"\n';
const exportedDataplane =
  'type: Dataplane\nmesh: default\nname: web-1\ncreationTime: "2025-01-01T00:00:00Z"\nkri: kri_dp_default___web-1_\nmodificationTime: "2025-01-01T00:00:00Z"\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: web\n';

describe('kumactl output read back', () => {
  it('gives no finding for the kri field Kuma writes on exported resources, in any Kuma version', () => {
    for (const kumaVersion of KUMA_VERSIONS) {
      for (const text of [exportedMesh, exportedDataplane]) {
        const a = analyzeFile('exported.yaml', text, kumaVersion);
        assert.deepEqual(
          a.diagnostics.map((d) => `${d.code}: ${d.message}`),
          [],
          `${kumaVersion}\n${text}`,
        );
        assert.equal(a.resources.length, 1);
      }
    }
  });

  it('still warns about a field next to kri that Kuma does not know', () => {
    const a = analyzeFile('exported.yaml', exportedMesh + 'kris: x\n', '2.14');
    assert.deepEqual(
      a.diagnostics.map((d) => d.code),
      ['unknown-field'],
    );
    assert.match(a.diagnostics[0]!.message, /^kris: unknown field "kris"/);
  });
});
