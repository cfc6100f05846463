// JSON in pieces: the same text as `JSON.stringify(value, null, 2)`, yielded a part at a time so
// a large report is written without ever existing as one string. Large arrays and objects are
// taken apart; small ones (a diagnostic, an entry) are stringified whole, which is faster.

/** Values of at most this many nodes are one piece. */
const SMALL_NODES = 256;

export function* jsonChunks(value: unknown, indent = ''): Generator<string> {
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function' || isSmall(value)) {
    // Nested lines of JSON.stringify start at column 0; strings never hold a raw newline.
    const text = JSON.stringify(value, null, 2) as string | undefined;
    yield text === undefined ? 'null' : indent ? text.replace(/\n/g, `\n${indent}`) : text;
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i ? ',' : ''}\n${inner}`;
      yield* jsonChunks(representable(value[i]) ? value[i] : null, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  // JSON.stringify leaves out the keys of an object whose value it cannot represent.
  const entries = Object.entries(value).filter(([, v]) => representable(v));
  yield '{';
  for (const [i, [key, v]] of entries.entries()) {
    yield `${i ? ',' : ''}\n${inner}${JSON.stringify(key)}: `;
    yield* jsonChunks(v, inner);
  }
  yield entries.length ? `\n${indent}}` : '}';
}

function representable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** Whether a value has at most SMALL_NODES nodes; stops counting as soon as it has more. */
function isSmall(value: object): boolean {
  let left = SMALL_NODES;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (--left < 0) return false;
    if (v === null || typeof v !== 'object') continue;
    const children = Array.isArray(v) ? v : Object.values(v);
    if (children.length > left) return false;
    for (const c of children) stack.push(c);
  }
  return true;
}
