// Extension-host tests: the real `vscode` API against the real client and server, on a copy of
// examples/. They wait for the server's own ready signal (`meshLens/status` state ready, exposed
// by the extension's API), never for a fixed time.
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'mesh-lens.mesh-lens';
let api;

function folder() {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f.uri;
}
const fileUri = (...segments) => vscode.Uri.joinPath(folder(), ...segments);

function codeOf(d) {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

/** Resolves once `predicate()` is truthy, re-checking on every diagnostics change. */
function eventually(predicate, what, ms = 30_000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const v = predicate();
      if (v) {
        sub.dispose();
        clearTimeout(timer);
        clearInterval(poll);
        resolve(v);
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    const poll = setInterval(check, 100);
    const timer = setTimeout(() => {
      sub.dispose();
      clearInterval(poll);
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    check();
  });
}

async function open(...segments) {
  const doc = await vscode.workspace.openTextDocument(fileUri(...segments));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function positionOf(doc, text, delta = 0) {
  const offset = doc.getText().indexOf(text);
  assert.ok(offset >= 0, `${text} not found in ${doc.uri.path}`);
  return doc.positionAt(offset + delta);
}

function hoverText(hovers) {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('Mesh Lens in the VS Code extension host', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
  });

  it('activates and the server reports ready with the workspace counts', async () => {
    const status = await api.whenReady();
    assert.equal(status.state, 'ready');
    assert.ok(status.files >= 5, `files: ${status.files}`);
    assert.ok(status.meshes >= 2, `meshes: ${status.meshes}`);
    assert.match(api.statusBarText, /Mesh Lens: \d+ meshes · \d+ problems?/);
  });

  it('publishes the conflict and the validation error for closed files', async () => {
    await api.whenReady();
    const vo = fileUri('universal', 'virtual-outbounds.yaml');
    const docs = fileUri('universal', 'copied-from-docs.yaml');
    const conflict = await eventually(() => vscode.languages.getDiagnostics(vo).find((d) => codeOf(d) === 'hostname-conflict'), 'the hostname-conflict warning');
    assert.equal(conflict.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(conflict.message, /checkout\.backend:80 is claimed with different tags/);
    assert.ok((conflict.relatedInformation ?? []).length > 0, 'the conflict points at the other side');
    const validation = await eventually(() => vscode.languages.getDiagnostics(docs).find((d) => codeOf(d) === 'kuma-validation'), 'the kuma-validation error');
    assert.equal(validation.severity, vscode.DiagnosticSeverity.Error);
    assert.match(validation.message, /must contain a parameter with kuma\.io\/service as a tagKey/);
  });

  it('hover on a VirtualOutbound shows the hostnames it renders and their VIPs', async () => {
    await api.whenReady();
    const doc = await open('universal', 'virtual-outbounds.yaml');
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'name: team-names', 8));
    const text = hoverText(hovers);
    assert.match(text, /checkout\.backend/);
    assert.match(text, /240\.0\.0\.9/);
    assert.match(text, /backend-2/);
  });

  it('completion inside a selector offers tag keys from the workspace', async () => {
    await api.whenReady();
    const doc = await open('universal', 'virtual-outbounds.yaml');
    const anchor = positionOf(doc, 'kuma.io/service: "*"');
    const lineEnd = doc.lineAt(anchor.line).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, lineEnd, '\n      ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const at = new vscode.Position(anchor.line + 1, 6);
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, at);
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      for (const key of ['team', 'kuma.io/instance', 'my.mesh/hostname']) assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('"Show Resolved Hostnames" opens the preview and it follows edits', async () => {
    await api.whenReady();
    const model = await vscode.commands.executeCommand('meshLens.showResolvedHostnames');
    const row = model.rows.find((r) => r.hostname === 'checkout.backend');
    assert.ok(row, `checkout.backend in ${model.rows.map((r) => r.hostname).join(', ')}`);
    assert.equal(row.vip, '240.0.0.9');
    assert.equal(row.conflict, true);
    assert.ok(row.dropped > 0 && row.claims > row.dropped, `claims ${row.claims}, dropped ${row.dropped}`);
    // The row's source and its claims come on demand.
    const claims = await api.claimsOf(row);
    assert.equal(claims.total, row.claims);
    assert.equal(claims.claims[0].status, 'won');
    assert.match(claims.claims[0].location.uri, /\/universal\/dataplanes\.yaml$/, 'the row links back to its source');
    assert.ok(
      claims.claims.some((c) => c.status === 'dropped' && c.reason),
      'a dropped claim says why',
    );
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(
      tabs.some((t) => t.input instanceof vscode.TabInputWebview && /meshLens\.resolvedHostnames/.test(t.input.viewType)),
      'a preview tab is open',
    );

    // Live: render the version into the team names; the preview re-requests on meshLens/status.
    const doc = await open('universal', 'virtual-outbounds.yaml');
    const start = positionOf(doc, '"{{.team}}.{{.service}}"');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(start, start.translate(0, '"{{.team}}.{{.service}}"'.length)), '"{{.team}}.{{.service}}.{{.version}}"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await eventually(() => api.preview.rows.some((r) => r.hostname === 'checkout.backend.v2'), 'the preview to show checkout.backend.v2');
      assert.ok(!api.preview.rows.some((r) => r.hostname === 'checkout.backend'));
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
