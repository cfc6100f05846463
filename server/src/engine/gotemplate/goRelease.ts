// The Go release whose text/template a template is parsed and executed as. The engine follows
// Go's newest behaviour; these predicates switch off what an older release did not have yet.

export const GO_RELEASES = ['1.21', '1.22', '1.23', '1.24', '1.25', '1.26'] as const;
export type GoRelease = (typeof GO_RELEASES)[number];
export const DEFAULT_GO_RELEASE: GoRelease = '1.21';

export function isGoRelease(v: string): v is GoRelease {
  return (GO_RELEASES as readonly string[]).includes(v);
}

function minorOf(release: GoRelease): number {
  return Number(release.slice(2));
}

/** Go 1.23+: `{{with a}}…{{else with b}}…{{end}}` (golang/go#57646); before, `unexpected <with> in else`. */
export function hasElseWith(release: GoRelease): boolean {
  return minorOf(release) >= 23;
}

/** Go 1.24+: `{{range 3}}` iterates 0, 1, 2 (golang/go#66107); before, `range can't iterate over 3`. */
export function rangesOverIntegers(release: GoRelease): boolean {
  return minorOf(release) >= 24;
}
