// The first edits after a cold start ran unoptimised code: the cold index parses on worker
// threads, so the main thread's parser, the incremental view and the index's edit path have not
// run yet, and the first three to five edits cost several times what later ones do. Once the
// server is idle after its cold start, a few rounds of rehearsed edits (one value changed and
// changed back, see `WorkspaceIndex.rehearseEdit`) let V8 optimise that path before the user
// types. Bounded (a few Dataplane files, in scopes of at most REHEARSAL_MAX_CLAIMS claims, a few
// rounds), one file per turn of the event loop, and it stops as soon as anything else is waiting.
import type { Snapshot } from './snapshot';
import type { WorkspaceIndex } from './index';

export const REHEARSAL_ROUNDS = 3;

export interface RehearsalOptions {
  /** False as soon as an edit or a request is pending: the rehearsal stops. */
  readonly idle: () => boolean;
  /** Also run on each rehearsed snapshot: what the server does with an edit's snapshot (its conversion), never published. */
  readonly after?: (snapshot: Snapshot) => void;
  readonly rounds?: number;
}

/** Rehearses edits on the index's rehearsal files; resolves to the number of files taken through the edit path. */
export async function rehearseEdits(index: WorkspaceIndex, options: RehearsalOptions): Promise<number> {
  const uris = index.rehearsalFiles();
  let done = 0;
  for (let round = 0; round < (options.rounds ?? REHEARSAL_ROUNDS); round++) {
    for (const uri of uris) {
      // Yield to the next turn's timers, after its I/O and the handlers it queued (the LSP
      // connection dispatches messages on setImmediate), so that a message that came meanwhile is
      // handled, and seen by `idle`, before the next file.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (!options.idle() || !index.rehearseEdit(uri, round)) return done;
      done++;
      options.after?.(index.snapshot());
    }
  }
  return done;
}
