// Kuma 2.1.x's generic tag checks (validateTagKeyValues with its options), for the validators of
// MeshGateway and ZoneIngress. Keys are checked in sorted order, as Kuma's Keys() returns them.
import { Tags } from '../resources/model';
import { byteOrder } from './selectors';
import { SERVICE_TAG } from './virtualOutbound';
import { goQuote, PathBuilder, Violations } from './violations';

const TAG_NAME = /^[a-zA-Z0-9.\-_:/]*$/;
const TAG_VALUE = /^[a-zA-Z0-9.\-_:]*$/;
const SELECTOR_VALUE = /^([a-zA-Z0-9.\-_:/]*|\*)$/;

export interface TagOptions {
  readonly requireAtLeastOneTag?: boolean;
  readonly requireService?: boolean;
  /** Tag names refused with `tag name must not be "<key>"`. */
  readonly forbiddenKeys?: readonly string[];
}

/** Kuma's ValidateSelector: values may also be `*`. */
export function validateSelectorTags(path: PathBuilder, tags: Tags, v: Violations, opts: TagOptions = {}): void {
  validateKeyValues(path, tags, v, opts, SELECTOR_VALUE, 'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"');
}

/** Kuma's ValidateTags. */
export function validateTagSet(path: PathBuilder, tags: Tags, v: Violations, opts: TagOptions = {}): void {
  validateKeyValues(path, tags, v, opts, TAG_VALUE, 'tag value must consist of alphanumeric characters, dots, dashes and underscores');
}

function validateKeyValues(path: PathBuilder, tags: Tags, v: Violations, opts: TagOptions, valueSet: RegExp, valueMessage: string): void {
  const keys = Object.keys(tags).sort(byteOrder);
  if (opts.requireAtLeastOneTag && keys.length === 0) v.add(path, 'must have at least one tag');
  for (const key of keys) {
    if (key === '') v.add(path, 'tag name must be non-empty');
    if (!TAG_NAME.test(key)) v.add(path.key(key), 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores');
    if (opts.forbiddenKeys?.includes(key)) v.add(path.key(key), `tag name must not be ${goQuote(key)}`);
    const value = tags[key]!;
    if (value === '') v.add(path.key(key), 'tag value must be non-empty');
    if (!valueSet.test(value)) v.add(path.key(key), valueMessage);
  }
  if (opts.requireService && !Object.prototype.hasOwnProperty.call(tags, SERVICE_TAG)) v.add(path, `mandatory tag ${goQuote(SERVICE_TAG)} is missing`);
}
