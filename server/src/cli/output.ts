// Standard output for the CLI. A report is written as it is produced, in pieces of about 64 KB,
// waiting whenever the reader is behind. A reader that goes away (`mesh-lens check | head`) ends
// the process quietly with status 0: the part it wanted was written.
import { once } from 'node:events';

const PIECE = 64 * 1024;

export class Output {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  async write(chunks: Iterable<string>): Promise<void> {
    for (const chunk of chunks) {
      this.parts.push(chunk);
      this.size += chunk.length;
      if (this.size >= PIECE) await this.flush();
    }
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
}

/**
 * A closed pipe on stdout exits 0 without a trace; on stderr it is ignored. Any other failure to
 * write stdout is one line on stderr and status 2, like an unreadable input.
 */
export function handleClosedPipes(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`mesh-lens: cannot write the output: ${e.code ?? e.message}\n`);
    process.exit(2);
  });
  process.stderr.on('error', () => {});
}
