// Hover on a pod that is already injected (kuma.io/sidecar-injected): where its Dataplane comes from,
// or why Kuma's pod controller writes none.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getLanguageService } from '../../server/src/features/languageService';
import { loadFixture } from '../helpers/lspFixture';

const ls = getLanguageService();

const md = (h: ReturnType<typeof ls.doHover>) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

const pod = (annotations: string) => `//- pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: dum$0ped
  namespace: tools
  annotations:
    kuma.io/sidecar-injected: "true"
${annotations}  labels:
    app: tool
spec:
  containers:
    - name: tool
    - name: kuma-sidecar
status:
  podIP: 10.0.0.9
`;

describe('hover on an already-injected pod', () => {
  it('says the Dataplane comes from the pod itself, in the mesh of its annotation', () => {
    const f = loadFixture(pod('    kuma.io/mesh: ops\n'));
    const text = md(ls.doHover(f.snapshot, f.uri, f.position));
    assert.match(text, /1 derived dataplane/);
    assert.match(text, /Already injected/);
    assert.match(text, /`dumped\.tools` \(mesh ops\)/);
  });

  it('says why there is none when the pod controller fails on its annotations', () => {
    const f = loadFixture(pod('    kuma.io/transparent-proxying: enabled\n'));
    const text = md(ls.doHover(f.snapshot, f.uri, f.position));
    assert.match(text, /gets no dataplane/);
    assert.match(text, /kuma\.io\/transparent-proxying-inbound-port is not set/);
  });

  it('says why a pod with an unknown kuma.io/gateway type gets none', () => {
    const f = loadFixture(pod('    kuma.io/gateway: "true"\n'));
    const text = md(ls.doHover(f.snapshot, f.uri, f.position));
    assert.match(text, /gets no dataplane/);
    assert.match(text, /`kuma\.io\/gateway: true` is not a type Kuma knows/);
  });
});
