// Kuma's ValidateMeta: the name and mesh rules of the Universal API. Up to 2.4 both are
// `^[0-9a-z-_]*$`. From 2.5 a new name must be a lowercase RFC 1123 subdomain (at most 253
// characters); the mesh a resource names may still hold '_' and '.', since older meshes do.
// 2.5-2.9 still accept an old-style name when an existing resource is updated.
import { Resource } from '../resources/model';
import { KumaRules } from '../versions/kumaVersion';
import { PathBuilder, Violations } from './violations';

const LEGACY = /^[0-9a-z-_]*$/;
const LEGACY_MESSAGE = "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_' symbols.";
const BACKWARD_COMPATIBLE = /^[0-9a-z-_.]*$/;
const BACKWARD_COMPATIBLE_MESSAGE = "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols.";
const IDENTIFIER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IDENTIFIER_MESSAGE = "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const MAX_LENGTH = 253;

export function validateMeta(r: Resource, rules: KumaRules, v: Violations): void {
  const name = new PathBuilder('name', ['name']);
  const mesh = new PathBuilder('mesh', ['mesh']);
  const hasMesh = r.kind !== 'Mesh' && r.kind !== 'VipConfig' && r.kind !== 'ZoneIngress';
  if (!rules.rfc1123Names) {
    if (r.form === 'universal') {
      if (r.name === '') v.add(name, 'cannot be empty');
      else if (!LEGACY.test(r.name)) v.add(name, LEGACY_MESSAGE);
    }
    if (hasMesh) {
      if (r.mesh === '') v.add(mesh, 'cannot be empty');
      else if (!LEGACY.test(r.mesh)) v.add(mesh, LEGACY_MESSAGE);
    }
    return;
  }
  if (r.form === 'universal') {
    const problem = identifierProblem(r.name, IDENTIFIER, IDENTIFIER_MESSAGE);
    // Updating a resource created before 2.5 still passes the old rule until 2.10.
    const update = rules.legacyNamesOnUpdate && problem === IDENTIFIER_MESSAGE && BACKWARD_COMPATIBLE.test(r.name);
    if (problem) v.add(name, update ? `${problem} (Kuma ${rules.version} refuses it for a new resource and still accepts it when updating one created before 2.5)` : problem);
  }
  if (hasMesh) {
    const problem = identifierProblem(r.mesh, BACKWARD_COMPATIBLE, BACKWARD_COMPATIBLE_MESSAGE);
    if (problem) v.add(mesh, problem);
  }
}

function identifierProblem(value: string, rule: RegExp, message: string): string | undefined {
  if (value === '') return 'cannot be empty';
  if (value.length > MAX_LENGTH) return `value length must less or equal ${MAX_LENGTH}`;
  if (!rule.test(value)) return message;
  return undefined;
}
