// Minimal glob matching for exclusion settings (`files.exclude`, `meshLens.exclude`): `**`, `*`,
// `?`, `{a,b}` and `[...]`, matched against a path relative to the workspace folder with `/`.

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
  let out = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of folders, `**` at the end anything.
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      inBraces++;
      out += '(?:';
    } else if (c === '}' && inBraces) {
      inBraces--;
      out += ')';
    } else if (c === ',' && inBraces) out += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i) {
        out +=
          '[' +
          glob
            .slice(i + 1, close)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\') +
          ']';
        i = close;
      } else out += '\\[';
    } else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  re = new RegExp(`^${out}$`);
  cache.set(glob, re);
  return re;
}

/** True when `relPath` (or one of its parent folders) matches one of the globs. Globs without a `/` match at any depth. */
export function isExcluded(relPath: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const parts = relPath.split('/');
  for (const glob of globs) {
    const g = glob.replace(/^\.\//, '').replace(/\/$/, '');
    const re = globToRegExp(g.includes('/') ? g : `**/${g}`);
    for (let n = 1; n <= parts.length; n++) if (re.test(parts.slice(0, n).join('/'))) return true;
  }
  return false;
}
