// Kuma's ValidateSelectors with RequireAtLeastOneSelector and RequireAtLeastOneTag: keys are
// checked in sorted order; only a bare "*" is a wildcard value.
import { SelectorSpec } from '../resources/model';
import { PathBuilder, Violations } from './violations';

const TAG_NAME = /^[a-zA-Z0-9.\-_:/]*$/;
const TAG_VALUE = /^([a-zA-Z0-9.\-_:/]*|\*)$/;

export function validateSelectors(path: PathBuilder, selectors: readonly SelectorSpec[], v: Violations): void {
  if (selectors.length === 0) {
    v.add(path, 'must have at least one element');
    return;
  }
  selectors.forEach((selector, i) => validateMatch(path.index(i).child('match'), selector.match, v));
}

function validateMatch(path: PathBuilder, match: Readonly<Record<string, string>>, v: Violations): void {
  const keys = Object.keys(match).sort(byteOrder);
  if (keys.length === 0) {
    v.add(path, 'must have at least one tag');
    return;
  }
  for (const key of keys) {
    const value = match[key]!;
    if (key === '') v.add(path, 'tag name must be non-empty');
    if (!TAG_NAME.test(key)) v.add(path.key(key), 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores');
    if (value === '') v.add(path.key(key), 'tag value must be non-empty');
    if (!TAG_VALUE.test(value)) {
      v.add(path.key(key), 'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"');
    }
  }
}

/** Go's string order: byte-wise over UTF-8, which for these strings is code-point order. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
