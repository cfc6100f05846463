// The packaged extension in a real VS Code (code-server 1.100.3) driven by Chromium: Problems
// panel, hover, completion, the preview command, the hover on a Kubernetes workload, and the preview
// of a generated workspace with more than 50,000 hostnames. Screenshots go to test-artifacts/ui/.
// Waits on what the UI shows (status bar "ready" text, Problems rows, hover text), never on a
// fixed sleep.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeLargeWorkspace } from './largeWorkspace.mjs';
import { ARTIFACTS, ROOT, VSIX, installExtension, launchChromium, makeProfile, reporter, requireInstalled, startCodeServer } from '../lib.mjs';

const OUT = join(ARTIFACTS, 'ui');
const TIMEOUT = Number(process.env.E2E_UI_TIMEOUT_MS ?? 30_000);
/** Indexing and resolving the 50,000-hostname workspace on a busy 2-core machine. */
const LARGE_TIMEOUT = Number(process.env.E2E_UI_LARGE_TIMEOUT_MS ?? 240_000);
const r = reporter('ui');
mkdirSync(OUT, { recursive: true });

requireInstalled();
if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package`);

const profile = makeProfile();
let server;
let browser;
let page;
const shot = async (name, clip) => {
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
  return file;
};
/** A region around an element, for the README's smaller images. */
/**
 * Hovers `target` until a hover containing `text` is visible: the first hover can come before the
 * server answered, or be dismissed by a late layout change, so move away and hover again.
 */
const hoverUntil = async (target, text) => {
  const hover = page.locator('.monaco-hover-content', { hasText: text }).first();
  for (let attempt = 0; ; attempt++) {
    await page.mouse.move(0, 0);
    await target.hover();
    try {
      await hover.waitFor({ timeout: 8000 });
      return hover;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
};

const around = async (locator, { top = 0, bottom = 0, left, right } = {}) => {
  const b = await locator.boundingBox();
  const vp = page.viewportSize();
  const x = left ?? Math.max(0, b.x);
  const y = Math.max(0, b.y - top);
  return { x, y, width: Math.min(vp.width, right ?? b.x + b.width) - x, height: Math.min(vp.height, b.y + b.height + bottom) - y };
};
const shots = {};
let previewFrame;

const runCommand = async (title) => {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^.*: /, '') })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
};

/** The preview's webview frame, once its summary line matches `summary`. */
const findPreview = async (summary, timeout = TIMEOUT) => {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      try {
        if ((await f.locator('#summary').count()) === 0) continue;
        last = await f.locator('#summary').innerText();
        if (summary.test(last)) return f;
      } catch {
        /* frame navigating */
      }
    }
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`no preview whose summary matches ${summary}; last summary: ${last || '(none)'}`);
};

try {
  await r.step('install the .vsix with --install-extension', async () => {
    await installExtension(profile, VSIX);
  });
  server = await startCodeServer(profile, { folder: profile.workspace });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);

  await r.step('workbench opens the examples folder', async () => {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(profile.workspace)}`);
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.explorer-folders-view').waitFor();
  });

  // Opening a YAML file activates the extension (onLanguage:yaml; workspaceContains may already have).
  const voText = readFileSync(join(profile.workspace, 'universal', 'virtual-outbounds.yaml'), 'utf8').split('\n');
  const lineOf = (text) => voText.findIndex((l) => l.includes(text)) + 1;
  const goToLine = async (line) => {
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(`:${line}`);
    await page.keyboard.press('Enter');
  };

  const openFile = async (folder, file) => {
    const explorer = page.locator('.explorer-folders-view');
    const fileRow = explorer.locator(`.monaco-list-row[aria-label="${file}"]`);
    if (!(await fileRow.isVisible())) await explorer.locator(`.monaco-list-row[aria-label="${folder}"]`).click();
    await fileRow.click();
    await page.locator(`.tabs-container .tab.active[aria-label*="${file}"]`).waitFor();
    await page.locator('.monaco-editor .view-lines').first().waitFor();
  };

  await r.step('status bar shows the server ready: "Mesh Lens: N meshes · M problems"', async () => {
    await openFile('universal', 'virtual-outbounds.yaml');
    const item = page.locator('.statusbar-item', { hasText: /Mesh Lens: \d+ meshes · \d+ problems?/ });
    await item.waitFor();
    const text = (await item.innerText()).trim();
    const meshes = Number(/(\d+) meshes/.exec(text)?.[1]);
    if (!(meshes >= 2)) throw new Error(`status bar: ${text}`);
  });

  await r.step('Problems panel: conflict warning and validation error', async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor();
    await panel.locator('.monaco-list-row', { hasText: 'is claimed with different tags' }).first().waitFor();
    await panel.locator('.monaco-list-row', { hasText: 'must contain a parameter with kuma.io/service as a tagKey' }).first().waitFor();
    await shot('problems');
    shots.problems = await shot('problems-panel', await around(page.locator('.part.panel'), { top: 140 }));
  });

  await r.step('hover on VirtualOutbound team-names shows rendered hostnames and VIPs', async () => {
    await page.keyboard.press('Control+Shift+M'); // close the panel again (toggle)
    await page.locator('.monaco-editor .view-lines').first().click();
    await goToLine(lineOf('name: team-names'));
    const name = page.locator('.monaco-editor .view-lines span', { hasText: /^team-names$/ }).first();
    await name.scrollIntoViewIfNeeded();
    const editor = await page.locator('.part.editor').boundingBox();
    // On a busy machine the hover can close between reading it and framing the screenshot: hover again.
    for (let attempt = 0; ; attempt++) {
      const hover = await hoverUntil(name, 'checkout.backend');
      const text = await hover.innerText();
      if (!/240\.0\.0\.9/.test(text)) throw new Error(`hover has no VIP 240.0.0.9:\n${text}`);
      if ((await hover.boundingBox()) === null && attempt < 3) continue;
      const box = await around(hover, { top: 30, bottom: 230, left: editor.x, right: editor.x + editor.width });
      shots.hover = await shot('hover-box', box);
      await shot('hover');
      break;
    }
  });

  await r.step('completion inside a selector offers workspace tag keys', async () => {
    await page.keyboard.press('Escape');
    // Add a key below the first selector's `kuma.io/service: "*"`.
    await page.locator('.monaco-editor .view-lines').first().click();
    await goToLine(lineOf('kuma.io/service: "*"'));
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const widget = page.locator('.editor-widget.suggest-widget');
    // The list is virtualised and long (every tag key of the workspace): narrow it by typing, and
    // ask again if the first request raced the edit that opened the line.
    const suggest = async (typed, row) => {
      await page.keyboard.type(typed);
      for (let attempt = 0; ; attempt++) {
        await page.keyboard.press('Control+Space');
        try {
          await row.first().waitFor({ timeout: 5000 });
          return;
        } catch (e) {
          if (attempt === 3) throw e;
        }
      }
    };
    await suggest('kuma.io/in', widget.locator('.monaco-list-row', { hasText: 'kuma.io/instance' }));
    await page.keyboard.press('Escape');
    for (let i = 0; i < 'kuma.io/in'.length; i++) await page.keyboard.press('Backspace');
    // A key only the Dataplanes define.
    await suggest('tea', widget.locator('.monaco-list-row[aria-label^="team,"]'));
    shots.completion = await shot('completion');
    await page.keyboard.press('Escape');
    // Put the file back as it is on disk for the steps that follow.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>File: Revert File');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Revert File' }).first().waitFor();
    await page.keyboard.press('Enter');
  });

  await r.step('"Mesh Lens: Show Resolved Hostnames" shows the table', async () => {
    await runCommand('Mesh Lens: Show Resolved Hostnames');
    previewFrame = await findPreview(/of \d+ hostnames/);
    const text = await previewFrame.locator('#spacer').innerText();
    if (!/checkout\.backend/.test(text) || !/240\.0\.0\.9/.test(text)) throw new Error(`preview table:\n${text}`);
    if ((await previewFrame.locator('#spacer .row.conflict').count()) === 0) throw new Error(`preview shows no hostname with dropped claims:\n${text}`);
    shots.preview = await shot('preview');
  });

  await r.step('a preview row opens its source', async () => {
    if (!previewFrame) throw new Error('no preview');
    await previewFrame
      .locator('#spacer .row', { has: previewFrame.locator('.cell.hostname', { hasText: /^checkout\.backend$/ }) })
      .locator('.cell.vip')
      .click();
    await page.locator('.tabs-container .tab.active[aria-label*="dataplanes.yaml"]').waitFor();
  });

  await r.step('hover on StatefulSet queue lists its pods with per-instance hostnames and VIPs', async () => {
    const file = 'queue.yaml';
    const text = readFileSync(join(profile.workspace, 'kubernetes-workloads', file), 'utf8').split('\n');
    const kind = text.findIndex((l) => /^kind: StatefulSet\s*$/.test(l));
    const nameLine = text.findIndex((l, i) => i > kind && /^\s+name: queue\s*$/.test(l));
    if (kind < 0 || nameLine < 0) throw new Error(`no StatefulSet metadata.name in kubernetes-workloads/${file}`);
    // A full-width editor: one editor group again (the preview opened a second one).
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>View: Single Column Editor Layout');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Single Column Editor Layout' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.part.editor .editor-group-container').length === 1);
    await openFile('kubernetes-workloads', file);
    await page.locator('.monaco-editor .view-lines').first().click();
    await goToLine(nameLine + 1);
    // Lines are rendered in any DOM order: the StatefulSet's name is the topmost `name: queue` line
    // (Monaco renders spaces as no-break spaces).
    const lines = page.locator('.monaco-editor .view-lines .view-line', { hasText: /^\s*name:\s+queue\s*$/ });
    await lines.first().waitFor();
    let line;
    let top = Infinity;
    for (const l of await lines.all()) {
      const b = await l.boundingBox();
      if (b && b.y < top) [line, top] = [l, b.y];
    }
    const name = line.locator('span', { hasText: /^queue$/ }).last();
    const hover = await hoverUntil(name, 'StatefulSet orders/queue');
    const shown = await hover.innerText();
    for (const n of [0, 1, 2]) {
      if (!new RegExp(`queue-${n}\\.queue\\.mesh:9092\\s+240\\.0\\.0\\.\\d+`).test(shown)) throw new Error(`hover has no queue-${n}.queue.mesh:9092 with its VIP:\n${shown}`);
      if (!shown.includes(`statefulset.kubernetes.io/pod-name=queue-${n}`)) throw new Error(`hover has no pod-name tag of queue-${n}:\n${shown}`);
    }
    await shot('statefulset-hover-full');
    const editor = await page.locator('.part.editor').boundingBox();
    const box = await hover.boundingBox();
    shots.statefulset = await shot(
      'statefulset-hover',
      await around(hover, { top: Math.max(0, box.y - editor.y), bottom: 16, left: editor.x, right: Math.min(editor.x + editor.width, box.x + box.width + 24) }),
    );
  });

  // The preview at scale: a generated workspace with more than 50,000 hostnames.
  const large = join(profile.dir, 'large');
  const expected = writeLargeWorkspace(large);
  const total = expected.hostnames.toLocaleString('en');
  let big;
  const rendered = () => big.locator('#spacer [role=row]');
  const rowIndexes = async () => await rendered().evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-rowindex'))));

  await r.step(`the preview of a ${total}-hostname workspace puts only the rows in sight in the DOM`, async () => {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(large)}`);
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.statusbar-item', { hasText: /Mesh Lens: \d+ mesh/ }).waitFor({ timeout: LARGE_TIMEOUT });
    await runCommand('Mesh Lens: Show Resolved Hostnames');
    big = await findPreview(new RegExp(`^${total} of ${total} hostnames`), LARGE_TIMEOUT);
    await big.locator('#spacer .row').first().waitFor();
    const n = await rendered().count();
    if (!(n > 5 && n < 150)) throw new Error(`${n} rows in the DOM for ${total} hostnames`);
  });

  await r.step('the table scrolls: the wheel and End bring far rows in, the DOM stays small', async () => {
    await big.locator('#viewport').hover();
    await page.mouse.wheel(0, 400_000);
    await big.waitForFunction(() => Number(document.querySelector('#spacer [role=row]')?.getAttribute('aria-rowindex')) > 5000);
    await big.locator('#grid').press('End');
    await big.locator(`#spacer [role=row][aria-rowindex="${expected.hostnames + 1}"].active`).waitFor();
    const rows = await rowIndexes();
    if (rows.length > 150 || Math.min(...rows) < expected.hostnames - 150) throw new Error(`rows in the DOM after End: ${rows.length}, from ${Math.min(...rows)}`);
    await big.locator('#grid').press('Home');
    await big.locator('#spacer [role=row][aria-rowindex="2"].active').waitFor();
  });

  await r.step('the filter narrows the table as one types', async () => {
    await big.locator('#search').fill('');
    await big.locator('#search').pressSequentially('i12345.mesh', { delay: 20 });
    await big.locator('#summary', { hasText: new RegExp(`^1 of ${total} hostnames`) }).waitFor();
    const text = await big.locator('#spacer').innerText();
    if (!/i12345\.mesh/.test(text) || (await big.locator('#spacer .row').count()) !== 1) throw new Error(`filtered table:\n${text}`);
  });

  await r.step('"Conflicts only" keeps the hostnames with dropped claims; Space shows every claim and why', async () => {
    await big.locator('#search').fill('');
    await big.locator('#summary', { hasText: new RegExp(`^${total} of ${total} hostnames`) }).waitFor();
    await big.locator('#conflicts-only').check();
    await big.locator('#summary', { hasText: new RegExp(`^${expected.conflicts} of ${total} hostnames`) }).waitFor();
    const rows = big.locator('#spacer .row');
    if ((await rows.count()) !== (await big.locator('#spacer .row.conflict').count())) throw new Error('a row without dropped claims is shown');
    await big.locator('#grid').press('Home');
    await big.locator('#grid').press('Space');
    const pane = big.locator('#claims');
    await pane.locator('tr.claim.dropped').first().waitFor();
    const claims = await pane.innerText();
    if (!/keeps it/.test(claims) || !/claimed svc-\d+\.versioned\.mesh:80 first with other tags/.test(claims)) throw new Error(`claims pane:\n${claims}`);
    await shot('preview-large-full');
    shots.previewLarge = await shot('preview-large', await page.locator('.part.editor').boundingBox());
    await big.locator('#grid').press('Escape');
    await pane.waitFor({ state: 'hidden' });
  });

  await r.step('grouping by VirtualOutbound puts one header per origin, and Enter folds a group', async () => {
    await big.locator('#conflicts-only').uncheck();
    await big.locator('#group-by').check();
    await big.locator('#grid').press('Home');
    const first = big.locator('#spacer [role=row][aria-rowindex="2"].group.active');
    await first.waitFor();
    const text = await first.innerText();
    if (!new RegExp(`kuma.io/service entries — ${expected.services} hostnames`).test(text)) throw new Error(`first group: ${text}`);
    await big.locator('#grid').press('Enter');
    await big.locator('#spacer [role=row][aria-rowindex="3"].group', { hasText: /VirtualOutbound instances — 13,000 hostnames/ }).waitFor();
    await big.locator('#grid').press('Enter'); // unfold again
    await big.locator('#group-by').uncheck();
  });
  await r.step('Enter on a row opens its source at the inbound', async () => {
    await big.locator('#search').fill('i12345.mesh');
    await big.locator('#summary', { hasText: new RegExp(`^1 of ${total} hostnames`) }).waitFor();
    await big.locator('#search').press('ArrowDown');
    await big.locator('#spacer .row.active .cell.hostname', { hasText: /^i12345\.mesh$/ }).waitFor();
    await big.locator('#grid').press('Enter');
    await page.locator('.tabs-container .tab.active[aria-label*="dataplanes-12.yaml"]').waitFor();
    const text = readFileSync(join(large, 'dataplanes', 'dataplanes-12.yaml'), 'utf8');
    const at = text.indexOf('- port: 8080', text.indexOf('name: dp-12345\n'));
    const line = text.slice(0, at).split('\n').length;
    await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col`) }).waitFor();
  });
} catch (e) {
  await r.step('setup', () => {
    throw e;
  });
} finally {
  if (page) await shot('final').catch(() => {});
  await browser?.close().catch(() => {});
  await server?.stop();
  profile.cleanup();
}

// The README screenshots.
if (process.env.E2E_UPDATE_DOCS_IMAGES === '1' && shots.hover && shots.problems) {
  const docs = join(ROOT, 'docs', 'images');
  mkdirSync(docs, { recursive: true });
  copyFileSync(shots.hover, join(docs, 'hover.png'));
  copyFileSync(shots.problems, join(docs, 'problems.png'));
  console.log('ui: copied hover.png and problems.png to docs/images/');
  if (shots.previewLarge) {
    copyFileSync(shots.previewLarge, join(docs, 'preview.png'));
    console.log('ui: copied preview.png to docs/images/');
  }
  if (shots.statefulset) {
    copyFileSync(shots.statefulset, join(docs, 'statefulset-hover.png'));
    console.log('ui: copied statefulset-hover.png to docs/images/');
  }
}
process.exitCode = r.summary() ? 0 : 1;
