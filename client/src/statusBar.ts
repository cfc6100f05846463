import * as vscode from 'vscode';
import type { StatusParams } from '../../shared/src/protocol';

/** The status bar item: what the server last said about the workspace, or that it is down. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private last: StatusParams | undefined;

  constructor(showLogCommand: string) {
    this.item = vscode.window.createStatusBarItem('meshLens.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Mesh Lens';
    this.item.command = showLogCommand;
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.set('$(sync~spin) Mesh Lens: starting', 'The Mesh Lens language server is starting.');
  }

  update(status: StatusParams): void {
    this.last = status;
    switch (status.state) {
      case 'indexing':
        this.set(`$(sync~spin) Mesh Lens: indexing ${status.files} ${plural(status.files, 'file')}`, status.message ?? 'Indexing the workspace.');
        break;
      case 'ready':
        this.set(
          `$(${status.problems > 0 ? 'warning' : 'check'}) Mesh Lens: ${status.meshes} ${plural(status.meshes, 'mesh', 'meshes')} · ${status.problems} ${plural(status.problems, 'problem')}${status.scopes?.length ? ` · ${status.scopes.length} scopes` : ''}`,
          `${status.files} ${plural(status.files, 'file')} indexed.${status.scopes?.length ? ` Scopes (one control plane each): ${status.scopes.join(', ')}.` : ''} Click to open the Mesh Lens log.`,
        );
        break;
      case 'error':
        this.error(status.message ?? 'The server reported an error.');
        break;
    }
  }

  error(message: string): void {
    this.set('$(error) Mesh Lens: error', `${message}\nClick to open the Mesh Lens log.`, true);
  }

  restarting(): void {
    this.set('$(sync~spin) Mesh Lens: restarting', 'The language server stopped unexpectedly and is being restarted.', true);
  }

  get lastStatus(): StatusParams | undefined {
    return this.last;
  }

  get text(): string {
    return this.item.text;
  }

  private set(text: string, tooltip: string, isError = false): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
