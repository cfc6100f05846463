// The VS Code side of Mesh Lens: starts the bundled language server for YAML, shows its status,
// and opens the resolved-hostnames preview. Every answer comes from the server.
import * as vscode from 'vscode';
import {
  CloseAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { ResolvedHostnamesPreview, type PreviewModel, type PreviewRow } from './preview';
import { StatusBar } from './statusBar';
import { STATUS_NOTIFICATION, type ResolvedClaimsResult, type StatusParams } from '../../shared/src/protocol';

const CLIENT_ID = 'meshLens'; // also the prefix of the `meshLens.trace.server` setting
const CLIENT_NAME = 'Mesh Lens';

/** What `activate` returns: used by the extension-host tests and by other extensions. */
export interface MeshLensApi {
  /** The last `meshLens/status` the server sent. */
  readonly status: StatusParams | undefined;
  /** Resolves with the next (or current) status whose state is `ready`. */
  whenReady(): Promise<StatusParams>;
  /** The text currently shown in the status bar. */
  readonly statusBarText: string;
  /** The model the preview shows (after `meshLens.showResolvedHostnames`). */
  readonly preview: PreviewModel;
  /** Every claim on one hostname of a preview row, with where each is written and why it won or lost. */
  claimsOf(row: Pick<PreviewRow, 'mesh' | 'type' | 'hostname'>): Promise<ResolvedClaimsResult>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<MeshLensApi> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const statusBar = new StatusBar('meshLens.showLog');
  const preview = new ResolvedHostnamesPreview(() => client, context.extensionUri);
  context.subscriptions.push(output, statusBar, preview);

  let lastStatus: StatusParams | undefined;
  let readyWaiters: Array<(s: StatusParams) => void> = [];
  const onStatus = (status: StatusParams): void => {
    lastStatus = status;
    statusBar.update(status);
    if (status.state === 'error' && status.message) output.error(`${status.message}`);
    if (status.state === 'ready') {
      const waiters = readyWaiters;
      readyWaiters = [];
      for (const w of waiters) w(status);
    }
    preview.scheduleRefresh();
  };

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };

  let defaultHandler: ErrorHandler | undefined;
  const errorHandler: ErrorHandler = {
    error: (error, message, count): ErrorHandlerResult | Promise<ErrorHandlerResult> => {
      output.error(`connection error (${count ?? 0}): ${error.message}`);
      defaultHandler ??= client!.createDefaultErrorHandler(4);
      return defaultHandler.error(error, message, count);
    },
    closed: async (): Promise<CloseHandlerResult> => {
      defaultHandler ??= client!.createDefaultErrorHandler(4);
      const result = await defaultHandler.closed();
      if (result.action === CloseAction.Restart) {
        output.warn(`The language server stopped unexpectedly; restarting it.`);
        statusBar.restarting();
        return { action: CloseAction.Restart, message: undefined, handled: true };
      }
      const message = result.message ?? 'The Mesh Lens language server stopped and will not be restarted.';
      output.error(message);
      statusBar.error(message);
      void vscode.window.showErrorMessage(message, 'Show Log', 'Restart Server').then((choice) => {
        if (choice === 'Show Log') output.show(true);
        if (choice === 'Restart Server') void vscode.commands.executeCommand('meshLens.restartServer');
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      configurationSection: 'meshLens',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler,
    initializationOptions: () => ({ settings: vscode.workspace.getConfiguration('meshLens') }),
  };

  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  context.subscriptions.push(
    client.onNotification(STATUS_NOTIFICATION, onStatus),
    client.onDidChangeState((e) => {
      if (e.newState === State.Starting) statusBar.starting();
      if (e.newState === State.Running && e.oldState === State.Starting) output.info(`language server running.`);
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('meshLens.showLog', () => output.show(true)),
    vscode.commands.registerCommand('meshLens.showResolvedHostnames', () => preview.show()),
    vscode.commands.registerCommand('meshLens.restartServer', async () => {
      if (!client) return;
      output.info('restarting the language server on request.');
      statusBar.starting();
      if (client.isRunning()) await client.restart();
      else await client.start();
    }),
  );

  try {
    await client.start();
  } catch (e) {
    const message = `The Mesh Lens language server could not start: ${e instanceof Error ? e.message : String(e)}`;
    output.error(message);
    statusBar.error(message);
  }

  return {
    get status() {
      return lastStatus;
    },
    whenReady() {
      if (lastStatus?.state === 'ready') return Promise.resolve(lastStatus);
      return new Promise<StatusParams>((resolve) => readyWaiters.push(resolve));
    },
    get statusBarText() {
      return statusBar.text;
    },
    get preview() {
      return preview.current;
    },
    claimsOf(row) {
      return preview.claims({ mesh: row.mesh, entryType: row.type, hostname: row.hostname });
    },
  };
}

export async function deactivate(): Promise<void> {
  if (client) {
    const c = client;
    client = undefined;
    await c.stop();
  }
}
