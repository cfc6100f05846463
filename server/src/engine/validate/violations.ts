// Kuma's validation errors: a list of violations, each with a field path in Kuma's format
// (`a.b[0].c["key"]`) and the same path as YAML steps, so the diagnostic lands on that field.
import { YamlPath } from '../yaml/documents';

export interface Violation {
  /** Kuma's violation path, e.g. `selectors[0].match["kuma.io/service"]`. */
  readonly field: string;
  readonly path: YamlPath;
  readonly message: string;
}

export class PathBuilder {
  constructor(
    readonly field: string,
    readonly path: YamlPath,
  ) {}

  static root(prefix: YamlPath): PathBuilder {
    return new PathBuilder(prefix.join('.'), prefix);
  }

  child(name: string): PathBuilder {
    return new PathBuilder(this.field ? `${this.field}.${name}` : name, [...this.path, name]);
  }

  index(i: number): PathBuilder {
    return new PathBuilder(`${this.field}[${i}]`, [...this.path, i]);
  }

  key(k: string): PathBuilder {
    return new PathBuilder(`${this.field}[${goQuote(k)}]`, [...this.path, k]);
  }
}

export class Violations {
  readonly list: Violation[] = [];

  add(at: PathBuilder, message: string): void {
    this.list.push({ field: at.field, path: at.path, message });
  }
}

/** Go's %q for the characters tag keys can hold. */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
