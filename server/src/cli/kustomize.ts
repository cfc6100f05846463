// `kustomize build` for the CLI, where `kustomize` or `kubectl` is on PATH: an overlay's content is
// then what the build gives. The overlay is built through a wrapper kustomization in a temporary
// folder that asks for origin annotations (so each built resource names its file) without
// touching the user's files. The language server never runs it: it executes nothing from the workspace.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileAnalysis } from '../engine/analyze';
import { BuiltOverlay, readBuiltOverlay } from '../engine/scopes/built';
import { PlannedScope } from '../engine/scopes/plan';

export interface KustomizeTool {
  readonly command: string;
  /** Arguments before the folder to build. */
  readonly args: readonly string[];
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const full = path.join(dir, process.platform === 'win32' ? `${name}.exe` : name);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      if (fs.statSync(full).isFile()) return full;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function findKustomize(): KustomizeTool | undefined {
  const kustomize = onPath('kustomize');
  if (kustomize) return { command: kustomize, args: ['build', '--load-restrictor', 'LoadRestrictionsNone'] };
  const kubectl = onPath('kubectl');
  if (kubectl) return { command: kubectl, args: ['kustomize', '--load-restrictor', 'LoadRestrictionsNone'] };
  return undefined;
}

/** Builds each overlay scope; an overlay whose build fails is read without a build (and says why in `failures`). */
export function buildOverlays(
  tool: KustomizeTool,
  scopes: readonly PlannedScope[],
  base: string,
  analyses: ReadonlyMap<string, FileAnalysis>,
  /** The Kuma version of a scope (its own, else the workspace's). */
  kumaVersionOf?: (scope: PlannedScope) => string,
): { builds: Map<string, BuiltOverlay>; failures: string[] } {
  const builds = new Map<string, BuiltOverlay>();
  const failures: string[] = [];
  for (const scope of scopes) {
    if (scope.origin !== 'overlay' || !scope.declaredIn) continue;
    // An overlay of plain Kubernetes manifests is none of Mesh Lens's business.
    if (!scope.files.some((f) => analyses.get(f)?.resources.length)) continue;
    const overlayDir = path.dirname(path.resolve(base, scope.declaredIn));
    const wrapper = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-kustomize-'));
    try {
      const rel = path.relative(wrapper, overlayDir).split(path.sep).join('/');
      fs.writeFileSync(path.join(wrapper, 'kustomization.yaml'), `resources:\n  - ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`);
      const r = spawnSync(tool.command, [...tool.args, wrapper], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 << 20 });
      if (r.status !== 0 || r.error) {
        const why = (r.error?.message ?? r.stderr ?? '').trim().split('\n').pop() ?? '';
        failures.push(`${scope.name}: ${path.basename(tool.command)} failed${why ? `: ${why}` : ''}`);
        continue;
      }
      const fileOfOrigin = (origin: string) => {
        const name = path.relative(base, path.resolve(wrapper, origin)).split(path.sep).join('/');
        return analyses.has(name) ? name : undefined;
      };
      builds.set(
        scope.name,
        readBuiltOverlay(r.stdout, fileOfOrigin, scope.declaredIn, (f) => analyses.get(f), kumaVersionOf?.(scope)),
      );
    } finally {
      fs.rmSync(wrapper, { recursive: true, force: true });
    }
  }
  return { builds, failures };
}
