// Browser tests of the website, driving Debian's chromium with playwright-core.
//
//   node tests/browser/run.mjs <recipes-binary> [catalog-dir]
//   BASE_URL=http://127.0.0.1:8080 node tests/browser/run.mjs <recipes-binary>
//
// Starts `recipes serve --port 0 --no-api` (unless BASE_URL is given), runs
// every case in a fresh browser context, saves a screenshot of each failure
// to tests/browser/screenshots/, and ends with "N passed, N failed".
// SHOTS=1 also saves light and dark screenshots of the MiniMax-M3 page.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const shotsDir = join(here, 'screenshots');
const binary = process.argv[2];
const catalog = process.argv[3] || '';
const M3 = '/MiniMaxAI/MiniMax-M3';

function fail(msg) { throw new Error(msg); }
function expect(cond, msg) { if (!cond) fail(msg); }

async function startServer() {
  if (process.env.BASE_URL) return { base: process.env.BASE_URL.replace(/\/$/, ''), stop() {} };
  const args = ['serve', '--port', '0', '--no-api'];
  if (catalog) args.push('--catalog', catalog);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 60 s:\n' + out)), 60000);
    const onData = (d) => {
      out += d;
      const m = /Listening on (http:\/\/[^/\s]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${out}`)); });
  });
  return { base, stop() { child.kill('SIGTERM'); } };
}

// The text the builder's Copy button copies: prelude, blank line, command.
async function shownCommand(page) {
  return page.evaluate(() => {
    const panel = document.querySelector('#builder .cb-panel.is-sel') || document.querySelector('#builder .cb-panel');
    const srcs = [...panel.querySelectorAll('[data-copy-src]')].filter((el) => el.getClientRects().length > 0);
    return srcs.map((el) => [...el.querySelectorAll('pre')].map((p) => p.textContent).join('\n\n')).join('\n');
  });
}

// Nothing wider than the viewport (a page that scrolls sideways on a phone).
async function noHorizontalOverflow(page) {
  const over = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')].filter((el) => {
      const r = el.getBoundingClientRect();
      if (!r.width || r.right <= w + 1) return false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return false;
      }
      return true;
    }).slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(el.getBoundingClientRect().right)} > ${w}`);
  });
  expect(over.length === 0, `content wider than the viewport: ${over.join('; ')}`);
}

// `recipes command` as text, less trailing comment lines (the plan's
// "# Memory: ..." sentence), which are notes beside the command, not part of it.
function cliCommand(args) {
  const out = execFileSync(binary, args, { encoding: 'utf8' }).trim().split('\n');
  while (out.length && (/^#/.test(out[out.length - 1]) || out[out.length - 1].trim() === '')) out.pop();
  return out.join('\n').trim();
}

async function clickPill(page, row, id) {
  const pill = page.locator(`#builder [data-row="${row}"][data-id="${id}"]`).first();
  await pill.waitFor({ state: 'visible', timeout: 10000 });
  expect((await pill.getAttribute('aria-disabled')) !== 'true', `${row}=${id} is disabled: ${await pill.getAttribute('data-tip')}`);
  await pill.click();
  await page.waitForSelector(`#builder [data-row="${row}"][data-id="${id}"][aria-pressed="true"]`, { timeout: 10000 });
}

const cases = [
  ['builder: B200 + NVFP4 + spec decoding (GQA) equals `recipes command`, and the URL reproduces it', async (page, base) => {
    await page.goto(base + M3);
    await clickPill(page, 'hardware', 'b200');
    await clickPill(page, 'variant', 'nvfp4');
    await clickPill(page, 'features', 'spec_decoding');
    await clickPill(page, 'mode_spec_decoding', 'eagle3_gqa');
    const shown = (await shownCommand(page)).trim();
    const cliArgs = ['command', 'MiniMaxAI/MiniMax-M3', '--hardware', 'b200', '--variant', 'nvfp4',
      '--feature', 'spec_decoding=eagle3_gqa'];
    if (catalog) cliArgs.push('--catalog', catalog);
    const expected = cliCommand(cliArgs);
    expect(shown === expected, `shown command differs from the CLI:\n--- shown\n${shown}\n--- cli\n${expected}`);
    const url = page.url();
    expect(/hardware=b200/.test(url) && /variant=nvfp4/.test(url) && /eagle3_gqa/.test(url), `URL lacks the state: ${url}`);
    await page.goto(url);
    const again = (await shownCommand(page)).trim();
    expect(again === expected, `reloaded URL shows a different command:\n${again}`);
  }],
  ['builder: the Docker tab wraps the command (as `recipes command --docker`), cu129 swaps the image', async (page, base) => {
    await page.goto(base + M3 + '?hardware=b200');
    await page.locator('#builder .cb-install > summary').click();
    await page.locator('#builder [data-view-set="docker"]').click();
    const shown = (await shownCommand(page)).trim();
    const cliArgs = ['command', 'MiniMaxAI/MiniMax-M3', '--hardware', 'b200', '--docker'];
    if (catalog) cliArgs.push('--catalog', catalog);
    const expected = cliCommand(cliArgs);
    expect(shown === expected, `docker view differs from the CLI:\n--- shown\n${shown}\n--- cli\n${expected}`);
    await page.locator('#builder [data-cuda-set="cu129"]').click();
    const cu129 = await shownCommand(page);
    expect(/cu129/.test(cu129) && cu129 !== shown, `cu129 did not change the image:\n${cu129}`);
    const pull = await page.locator('#builder .cb-install .v-docker pre').filter({ visible: true }).first().textContent();
    expect(/docker pull .*cu129/.test(pull), `install block: ${pull}`);
  }],
  ['builder: on H200 the NVFP4 pill moves to the nearest hardware that runs it, with a note (item 12)', async (page, base) => {
    await page.goto(base + M3 + '?hardware=h200');
    const pill = page.locator('#builder [data-row="variant"][data-id="nvfp4"]');
    expect((await pill.getAttribute('aria-disabled')) !== 'true', 'nvfp4 pill is disabled on H200');
    expect(/Blackwell/.test(await pill.getAttribute('data-tip') || ''), 'tooltip does not say why H200 cannot run it');
    await pill.click();
    await page.waitForSelector('#builder [data-row="variant"][data-id="nvfp4"][aria-pressed="true"]');
    await page.waitForSelector('#builder [data-row="hardware"][data-id="b200"][aria-pressed="true"]');
    const note = await page.locator('#builder .cb-warn').first().textContent();
    expect(/Moved from H200 to B200/.test(note), `note: ${note}`);
    expect(/hardware=b200/.test(page.url()) && /variant=nvfp4/.test(page.url()) && !/moved_from/.test(page.url()),
      `URL: ${page.url()}`);
    await noHorizontalOverflow(page);
  }, { widths: [1280, 390] }],
  ['builder: a disabled pill keeps keyboard focus and shows its reason', async (page, base) => {
    await page.goto(base + M3 + '?hardware=h200');
    const pill = page.locator('#builder [aria-disabled="true"][data-row]').first();
    const tip = await pill.getAttribute('data-tip');
    expect(tip && tip.length > 5, `disabled pill without a reason: ${tip}`);
    await pill.focus();
    const focused = await page.evaluate(() => document.activeElement.getAttribute('aria-disabled'));
    expect(focused === 'true', 'disabled pill cannot take keyboard focus (its reason would be unreachable)');
    const tipShown = await pill.evaluate((el) => getComputedStyle(el, '::after').content);
    expect(tipShown.length > 5, `tooltip not shown on focus: ${tipShown}`);
  }],
  ['builder: a 2-node multi-node strategy shows head and worker commands', async (page, base) => {
    await page.goto(base + M3 + '?hardware=h200');
    await clickPill(page, 'nodes', '2');
    const tabs = await page.locator('#builder [role="tab"]').allTextContents();
    expect(tabs.length === 2 && /Head/.test(tabs[0]) && /Node 1/.test(tabs[1]), `tabs: ${JSON.stringify(tabs)}`);
    const head = await shownCommand(page);
    expect(/--node-rank 0/.test(head) && !/--headless/.test(head), `head command:\n${head}`);
    await page.locator('#builder [role="tab"]').nth(1).click();
    const worker = await shownCommand(page);
    expect(/--node-rank 1/.test(worker) && /--headless/.test(worker), `worker command:\n${worker}`);
    // Keyboard: Left arrow wraps back to Head.
    await page.keyboard.press('ArrowLeft');
    const sel = await page.locator('#builder [role="tab"][aria-selected="true"]').textContent();
    expect(/Head/.test(sel), `arrow key did not move the tab: ${sel}`);
    expect(/nodes=2/.test(page.url()), `URL lacks nodes=2: ${page.url()}`);
  }],
  ['builder: keyboard — Enter on a pill applies it and focus stays on it; Space toggles a feature', async (page, base) => {
    await page.goto(base + M3);
    await page.locator('#builder [data-row="hardware"][data-id="b300"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#builder [data-row="hardware"][data-id="b300"][aria-pressed="true"]');
    const focused = await page.evaluate(() => document.activeElement.getAttribute('data-id'));
    expect(focused === 'b300', `focus moved to ${focused}`);
    await page.locator('#builder [data-row="features"][data-id="spec_decoding"]').focus();
    await page.keyboard.press(' ');
    await page.waitForSelector('#builder [data-row="features"][data-id="spec_decoding"][aria-pressed="true"]');
    expect(/--speculative-config/.test(await shownCommand(page)), 'spec decoding flag missing');
  }],
  ['keyboard: skip links reach the first hardware pill in at most 5 Tab presses (item 13)', async (page, base) => {
    await page.goto(base + M3);
    await page.waitForSelector('#builder [data-row="hardware"]');
    let tabs = 0, seen = [];
    for (; tabs < 12; ) {
      await page.keyboard.press('Tab');
      tabs++;
      const f = await page.evaluate(() => {
        const a = document.activeElement;
        return { row: a.getAttribute('data-row'), text: (a.textContent || '').trim().slice(0, 40), href: a.getAttribute('href') };
      });
      seen.push(f.row || f.text);
      if (f.row === 'hardware') break;
      if (f.href === '#cb-config') await page.keyboard.press('Enter');
    }
    expect(tabs <= 5, `${tabs} Tab presses to reach a hardware pill: ${JSON.stringify(seen)}`);
    expect(await page.locator('.skip-link[href="#main"]').count() === 1, 'no skip link to the content');
  }, { widths: [1280, 390] }],
  ['keyboard: arrow keys move focus within a pill group (roving tabindex) (item 13)', async (page, base) => {
    await page.goto(base + M3 + '?hardware=b200');
    const group = page.locator('#builder [data-row="hardware"][data-id="b200"]').locator('xpath=..');
    const stops = await group.locator('.cb-pill[tabindex="0"]').count();
    expect(stops === 1, `${stops} Tab stops in the NVIDIA group (want 1)`);
    await page.locator('#builder [data-row="hardware"][data-id="b200"]').focus();
    const url = page.url();
    await page.keyboard.press('ArrowRight');
    const next = await page.evaluate(() => document.activeElement.getAttribute('data-id'));
    const ids = await group.locator('.cb-pill').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(next === ids[ids.indexOf('b200') + 1], `ArrowRight moved focus to ${next} (pills ${ids.join(',')})`);
    expect(page.url() === url, 'an arrow key changed the state');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement.getAttribute('data-id')) === 'b200', 'ArrowLeft did not come back');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement.getAttribute('data-id')) === ids[ids.length - 1], 'End');
    // Tab leaves the group: the next stop is outside it.
    await page.keyboard.press('Tab');
    const inGroup = await page.evaluate((first) => {
      const g = document.querySelector(`#builder [data-row="hardware"][data-id="${first}"]`).parentElement;
      return g.contains(document.activeElement);
    }, 'b200');
    expect(!inGroup, 'Tab stayed inside the pill group');
  }],
  ['builder: unknown query values answer 400 naming the parameter', async (page, base) => {
    const r = await page.request.get(base + '/api/resolve?recipe=MiniMaxAI/MiniMax-M3&hardware=h999');
    expect(r.status() === 400, `status ${r.status()}`);
    const j = await r.json();
    expect(j.error.param === 'hardware' && j.error.valid.includes('b200'), JSON.stringify(j));
  }],
  ['header search finds a recipe by a partial name', async (page, base) => {
    await page.goto(base + '/');
    const box = page.locator('header input[type="search"]');
    await box.click();
    await box.pressSequentially('minimax-m3', { delay: 20 });
    const hit = page.locator('#search-results [role="option"]', { hasText: 'MiniMax-M3' }).first();
    await hit.waitFor({ state: 'visible', timeout: 10000 });
    await Promise.all([page.waitForURL('**/MiniMaxAI/MiniMax-M3', { timeout: 10000 }), hit.click()]);
  }],
  ['browse filter counts are faceted and the result count follows', async (page, base) => {
    await page.goto(base + '/browse?panel=open');
    const count = async (dim, value) =>
      Number(await page.locator(`a.chip[data-dim="${dim}"][data-value="${value}"] .chip-count, span.chip[data-dim="${dim}"][data-value="${value}"] .chip-count`).first().textContent());
    const total = Number(await page.locator('.result-count .num').first().textContent());
    const mm = await count('task', 'multimodal');
    const text = await count('task', 'text');
    expect(mm > 0 && mm < total, `multimodal count ${mm} of ${total}`);
    await page.locator('a.chip[data-dim="task"][data-value="multimodal"]').click();
    await page.waitForSelector('a.chip[data-dim="task"][data-value="multimodal"][aria-pressed="true"]');
    const shownText = await page.locator('.result-count').first().textContent();
    expect(new RegExp(`^\\s*${mm}\\s+of\\s+${total}\\b`).test(shownText), `result count "${shownText}" (expected ${mm} of ${total})`);
    expect(await count('task', 'text') === text, 'a chip of the selected dimension changed its count');
    const moe = await count('arch', 'moe'), dense = await count('arch', 'dense');
    expect(moe + dense <= mm, `arch counts ${moe}+${dense} exceed the ${mm} shown`);
  }],
  ['theme toggle persists across reloads', async (page, base) => {
    await page.goto(base + M3);
    const isDark = () => page.evaluate(() => document.documentElement.classList.contains('dark'));
    const dark0 = await isDark();
    await page.locator('[data-theme-toggle]').click();
    const dark1 = await isDark();
    expect(dark1 !== dark0, 'the toggle did not switch the theme');
    await page.reload();
    const dark2 = await isDark();
    expect(dark1 === dark2, `theme did not persist (${dark1} → ${dark2})`);
    const label = await page.locator('[data-theme-toggle]').getAttribute('aria-label');
    expect(label === (dark2 ? 'Switch to light mode' : 'Switch to dark mode'), `toggle label: ${label}`);
  }],
  ['served locally: our favicon.ico and a 1200×630 PNG at /og (item 15)', async (page, base) => {
    await page.goto(base + M3);
    const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect(icon === '/favicon.ico', `icon link: ${icon}`);
    const ico = await page.request.get(base + '/favicon.ico');
    expect(ico.status() === 200 && ico.headers()['content-type'] === 'image/x-icon', `favicon: ${ico.status()} ${ico.headers()['content-type']}`);
    const og = await page.locator('meta[property="og:image"]').getAttribute('content');
    const path = og.replace(/^https?:\/\/[^/]+/, '');
    expect(/^\/og\?/.test(path), `og:image: ${og}`);
    const size = await page.evaluate((src) => new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
      img.onerror = () => resolve([0, 0]);
      img.src = src;
    }), path);
    expect(size[0] === 1200 && size[1] === 630, `/og decoded as ${size.join('×')}`);
    const r = await page.request.get(base + path);
    expect(r.headers()['content-type'] === 'image/png', `/og type ${r.headers()['content-type']}`);
    const svg = await page.request.get(base + path.replace('/og?', '/og.svg?'));
    expect(svg.headers()['content-type'] === 'image/svg+xml', `/og.svg type ${svg.headers()['content-type']}`);
    if (process.env.SHOTS) {
      const shot = await page.request.get(base + path);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(shotsDir, 'og.png'), await shot.body());
      writeFileSync(join(shotsDir, 'favicon.ico'), await ico.body());
    }
  }, { widths: [1280, 390] }],
  ['command card: the check verdict names the newest vLLM and the versions the selection parses on (issue 8)', async (page, base) => {
    await page.goto(base + M3);
    await clickPill(page, 'hardware', 'b200');
    await clickPill(page, 'variant', 'nvfp4');
    const verdict = page.locator('#cb-card #cb-check');
    await verdict.waitFor({ state: 'visible' });
    const api = await (await page.request.get(base + '/api/check?recipe=MiniMaxAI/MiniMax-M3&' + new URL(page.url()).search.slice(1))).json();
    const newest = api.vllm[api.vllm.length - 1];
    const text = (await verdict.textContent()).replace(/\s+/g, ' ');
    const ok = api.findings.filter((f) => f.vllm === newest && f.severity === 'error').length === 0;
    expect(ok === new RegExp(`✓ parses on vLLM ${newest}`).test(text), `verdict "${text}" vs /api/check ${JSON.stringify(api.recipes)}`);
    expect(text.includes('Parses on ' + api.recipes[0].parses_on.join(', ')), `versions: "${text}" vs ${api.recipes[0].parses_on}`);
    // A new selection re-renders the verdict with the card.
    await clickPill(page, 'features', 'spec_decoding');
    await page.waitForFunction(() => /parses on vLLM/.test(document.querySelector('#cb-check') ? document.querySelector('#cb-check').textContent : ''));
    await noHorizontalOverflow(page);
  }, { widths: [1280, 390] }],
  ['deploy dialog: opens from the footer, tabs per platform, Escape and backdrop close it (item 17)', async (page, base) => {
    await page.goto(base + '/Google/gemma-4-31B-it');
    const trigger = page.locator('.deploy-trigger');
    await trigger.scrollIntoViewIfNeeded();
    await trigger.click();
    const dialog = page.getByRole('dialog', { name: 'Self host vLLM for Google/gemma-4-31B-it' });
    await dialog.waitFor({ state: 'visible' });
    const box = await dialog.boundingBox();
    const vw = page.viewportSize().width;
    expect(box.x >= 0 && box.x + box.width <= vw, `dialog ${box.x}+${box.width} outside the ${vw} px viewport`);
    expect(await page.evaluate(() => getComputedStyle(document.body).overflow) === 'hidden', 'page still scrolls behind the dialog');
    const tabs = dialog.getByRole('tab');
    const names = await tabs.allTextContents();
    expect(names.length === 6 && /Kubernetes/.test(names[0]) && /Modal/.test(names[4]) && /SageMaker/.test(names[5]),
      `tabs: ${JSON.stringify(names)}`);
    await tabs.nth(4).click();
    expect(/pip install modal/.test(await dialog.locator('[role="tabpanel"]:not([hidden]) pre').textContent()), 'Modal install snippet');
    await tabs.nth(4).focus();
    await page.keyboard.press('ArrowRight');
    expect((await tabs.nth(5).getAttribute('aria-selected')) === 'true', 'ArrowRight did not select SageMaker');
    expect(/sagemaker-entrypoint/.test(await dialog.locator('[role="tabpanel"]:not([hidden]) pre').textContent()), 'SageMaker snippet');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // The dialog's close event comes a task after it hides.
    const unlocked = await page.waitForFunction(() => getComputedStyle(document.body).overflow !== 'hidden', null, { timeout: 3000 }).then(() => true, () => false);
    expect(unlocked, 'scroll lock stayed after closing');
    await trigger.click();
    await dialog.waitFor({ state: 'visible' });
    await page.mouse.click(3, 3);
    await dialog.waitFor({ state: 'hidden' });
    await trigger.click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }, { widths: [1280, 390] }],
  ['deploy dialog: one tab per deploy target with the `recipes deploy` artifact for the current selection, copy and download (issue 10 §5)', async (page, base) => {
    await page.goto(base + M3);
    await clickPill(page, 'hardware', 'b200');
    await clickPill(page, 'variant', 'nvfp4');
    await clickPill(page, 'features', 'spec_decoding');  // changed after the page was served
    const trigger = page.locator('.deploy-trigger');
    await trigger.scrollIntoViewIfNeeded();
    await trigger.click();
    const dialog = page.getByRole('dialog', { name: 'Self host vLLM for MiniMaxAI/MiniMax-M3' });
    await dialog.waitFor({ state: 'visible' });
    // The dialog follows the builder: rendered again for the new selection.
    await page.waitForFunction(() => {
      const d = document.getElementById('deploy-dialog'), b = document.getElementById('builder');
      return d && b && d.getAttribute('data-deploy-for') === b.getAttribute('data-state') && !d.hasAttribute('aria-busy');
    });
    const names = await dialog.getByRole('tab').allTextContents();
    expect(names.length === 4 && /Kubernetes/.test(names[0]) && /SLURM/.test(names[1]) && /Compose/.test(names[2]) && /SSH/.test(names[3]),
      `tabs: ${JSON.stringify(names)}`);
    const box = await dialog.boundingBox();
    const vw = page.viewportSize().width;
    expect(box.x >= 0 && box.x + box.width <= vw, `dialog ${box.x}+${box.width} outside the ${vw} px viewport`);
    for (const [i, target] of [[0, 'k8s'], [1, 'slurm'], [2, 'compose'], [3, 'ssh']]) {
      await dialog.getByRole('tab').nth(i).click();
      const panel = dialog.locator('[role="tabpanel"]:not([hidden])');
      const pres = panel.locator('pre');
      const n = await pres.count();
      expect(n >= 2, `${target}: ${n} code blocks`);
      // The last block is the CLI line; run it and compare with the files shown.
      const cli = (await pres.nth(n - 1).textContent()).trim();
      expect(cli.startsWith('recipes deploy MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4') && cli.includes('--target ' + target), `${target} CLI: ${cli}`);
      const args = cli.split(' ').slice(1).map((a) => a.replace(/^'(.*)'$/, '$1'));
      if (catalog) args.push('--catalog', catalog);
      const printed = execFileSync(binary, args, { encoding: 'utf8' });
      const files = [];
      for (let f = 0; f < n - 1; f++) files.push(await pres.nth(f).textContent());
      const shown = files.length === 1 ? files[0] : (await Promise.all(files.map(async (text, f) => {
        const name = await pres.nth(f).getAttribute('aria-label');
        return (f ? '\n' : '') + `# ==> ${name} <==\n` + text;
      }))).join('');
      expect(shown === printed, `${target}: dialog differs from \`${cli}\``);
      // Download serves the same bytes as an attachment.
      const link = panel.locator('a.dd-dl').first();
      const r = await page.request.get(base + await link.getAttribute('href'));
      expect(r.ok() && /attachment/.test(r.headers()['content-disposition'] || ''), `${target}: download ${r.status()}`);
      expect((await r.text()) === files[0], `${target}: download differs from the shown file`);
    }
    // Copy confirms.
    const copy = dialog.locator('[role="tabpanel"]:not([hidden]) .dd-copy').first();
    await copy.click();
    await page.waitForFunction((el) => /Copied/.test(el.textContent), await copy.elementHandle());
    await noHorizontalOverflow(page);
    // Multi-node: compose says why it does not apply.
    await page.goto(base + M3 + '?hardware=h100');
    await page.locator('.deploy-trigger').click();
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByRole('tab', { name: /Compose/ }).click();
    const why = await dialog.locator('[role="tabpanel"]:not([hidden]) .dd-error').textContent();
    expect(/single-node/.test(why), `compose on 2 nodes: ${why}`);
  }, { widths: [1280, 390] }],
  ['layout: tooltips stay inside the viewport on an opaque background (item 14)', async (page, base) => {
    await page.goto(base + M3 + '?hardware=h200');
    const vw = page.viewportSize().width;
    // The right-most pill of every row is where a tooltip would spill over.
    const ids = await page.evaluate(() => [...document.querySelectorAll('#builder .cb-line')].map((line) => {
      const pills = [...line.querySelectorAll('.cb-pill[data-tip]:not([data-tip=""])')];
      pills.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
      return pills.length ? [pills[0].getAttribute('data-row'), pills[0].getAttribute('data-id')] : null;
    }).filter(Boolean).slice(0, 6));
    expect(ids.length > 2, `pills with tooltips: ${ids.length}`);
    for (const [row, id] of ids) {
      const pill = page.locator(`#builder [data-row="${row}"][data-id="${id}"]`).first();
      await pill.scrollIntoViewIfNeeded();
      await pill.hover();
      await page.waitForTimeout(50);
      const box = await pill.evaluate((el) => {
        const cs = getComputedStyle(el, '::after'), r = el.getBoundingClientRect();
        return { left: r.left + parseFloat(cs.left), width: parseFloat(cs.width), bg: cs.backgroundColor, content: cs.content };
      });
      expect(box.content !== 'none', `${row}=${id}: no tooltip on hover`);
      expect(box.left >= 0 && box.left + box.width <= vw + 0.5, `${row}=${id}: tooltip spans ${Math.round(box.left)}..${Math.round(box.left + box.width)} in a ${vw} px viewport`);
      const alpha = /rgba\([^)]*,\s*([\d.]+)\)/.exec(box.bg);
      expect(!alpha || Number(alpha[1]) === 1, `${row}=${id}: tooltip background is translucent: ${box.bg}`);
    }
  }, { widths: [1280, 390] }],
  ['layout: long command lines get a Wrap toggle (item 14)', async (page, base) => {
    await page.goto(base + M3 + '?variant=nvfp4&hardware=b200&features=tool_calling,reasoning,spec_decoding&fmode=spec_decoding:eagle3_gqa');
    const pre = page.locator('#builder .cb-panel.is-sel .cb-code.cb-cmd').filter({ visible: true }).first();
    const over = () => pre.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(await over() > 0, 'the test needs a command line wider than its box');
    await page.locator('#builder [data-wrap-toggle]').click();
    expect(await over() <= 0, `wrapped command still scrolls by ${await over()} px`);
    expect((await page.locator('#builder [data-wrap-toggle]').getAttribute('aria-pressed')) === 'true', 'toggle state');
    await page.locator('#builder [data-row="features"][data-id="tool_calling"]').click();
    await page.waitForSelector('#builder [data-row="features"][data-id="tool_calling"][aria-pressed="false"]');
    expect(await over() <= 0, 'Wrap did not survive a state change');
  }, { widths: [390] }],
  ['layout: browse shows full sizes and display names; providers sorted by display name (item 14)', async (page, base) => {
    await page.goto(base + '/browse');
    const rows = await page.locator('.result-row').evaluateAll((els) => els.map((e) => e.textContent));
    const m3 = rows.find((t) => /MiniMax-M3/.test(t));
    expect(/active/.test(m3), `MoE size without "active": ${m3}`);
    expect(!rows.some((t) => /\b(arc_pro_\w+|rtx_pro_\w+|dgx_\w+)\b/.test(t)), 'a hardware id shown instead of its name');
    const cut = await page.locator('.row-strip').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length);
    expect(cut === 0, `${cut} result lines cut short`);
    await page.goto(base + '/');
    const names = await page.locator('.provider-tile .card-title').allTextContents();
    const sorted = [...names].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
    expect(names.length > 3 && JSON.stringify(names) === JSON.stringify(sorted), `providers: ${names.join(', ')}`);
  }, { widths: [1280, 390] }],
  ['layout: at 390 px the header search placeholder and the pip/Docker label fit (item 14)', async (page, base) => {
    await page.goto(base + M3);
    const fit = await page.evaluate(() => {
      const input = document.querySelector('header input[type="search"]');
      const cs = getComputedStyle(input);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      return { text: ctx.measureText(input.placeholder).width, room };
    });
    expect(fit.text <= fit.room, `placeholder needs ${Math.round(fit.text)} px, has ${Math.round(fit.room)}`);
    const label = page.locator('#builder .cb-install .cb-when-closed');
    const lb = await label.boundingBox(), sb = await page.locator('#builder .cb-install > summary').boundingBox();
    expect(lb.x + lb.width <= sb.x + sb.width + 0.5, `pip/Docker label ends at ${lb.x + lb.width}, summary at ${sb.x + sb.width}`);
    expect(lb.height < 24, `pip/Docker label wraps (${lb.height} px tall)`);
    await noHorizontalOverflow(page);
  }, { widths: [390] }],
  ['layout: a long description is clamped and expands with a button (item 14)', async (page, base) => {
    await page.goto(base + '/moonshotai/Kimi-K3');
    const desc = page.locator('#rp-desc');
    const more = page.locator('[data-expand="rp-desc"]');
    const cut = await desc.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    if (!cut) { expect(await more.isHidden(), 'a Show more button for a description that is not cut'); return; }
    expect(await more.isVisible(), 'the description is cut and cannot be expanded');
    const h0 = (await desc.boundingBox()).height;
    await more.click();
    expect((await desc.boundingBox()).height > h0, 'Show more did not expand the description');
    expect((await more.getAttribute('aria-expanded')) === 'true', 'aria-expanded');
    expect(await desc.evaluate((el) => el.scrollHeight <= el.clientHeight + 1), 'still cut after expanding');
  }, { widths: [1280, 390] }],
  ['an unknown recipe gives the 404 page', async (page, base) => {
    const r = await page.goto(base + '/NoSuchOrg/no-such-model');
    expect(r.status() === 404, `status ${r.status()}`);
    const h = await page.locator('h1').first().textContent();
    expect(/No recipe yet/.test(h), `heading: ${h}`);
  }],
  ['404: a near miss offers "did you mean" links, ranked as the CLI ranks (item 16)', async (page, base) => {
    const r = await page.goto(base + '/MiniMaxAI/MiniMax-M4');
    expect(r.status() === 404, `status ${r.status()}`);
    const first = page.locator('.did-you-mean a').first();
    expect((await first.textContent()) === 'MiniMaxAI/MiniMax-M3', `first suggestion: ${await first.textContent()}`);
    const cli = spawnSync(binary, ['command', 'MiniMaxAI/MiniMax-M4', ...(catalog ? ['--catalog', catalog] : [])], { encoding: 'utf8' });
    expect(/MiniMaxAI\/MiniMax-M3/.test(cli.stderr + cli.stdout), `the CLI suggests something else: ${cli.stderr}`);
    await first.click();
    await page.waitForURL('**/MiniMaxAI/MiniMax-M3');
    await noHorizontalOverflow(page);
  }, { widths: [1280, 390] }],
];

async function main() {
  const server = await startServer();
  const profile = mkdtempSync(join(tmpdir(), 'recipes-chromium-'));
  mkdirSync(shotsDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  // External images (logos) are not reachable from here; answer them empty.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.fulfill({ status: 204, body: '' }));
  let passed = 0, failed = 0;
  try {
    const runs = [];
    for (const [name, fn, opts] of cases) {
      for (const width of (opts && opts.widths) || [1280]) runs.push([width === 1280 ? name : `${name} @${width}px`, fn, width]);
    }
    for (const [name, fn, width] of runs) {
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      if (width !== 1280) await page.setViewportSize({ width, height: 844 });
      try {
        await page.evaluate(() => { try { localStorage.clear(); } catch (e) {} }).catch(() => {});
        await fn(page, server.base);
        passed++;
        console.log(`ok   ${name}`);
      } catch (e) {
        failed++;
        const file = join(shotsDir, name.replace(/[^a-z0-9]+/gi, '_').slice(0, 60) + '.png');
        await page.screenshot({ path: file, fullPage: true }).catch(() => {});
        console.log(`FAIL ${name}\n     ${String(e.message || e).split('\n').join('\n     ')}\n     screenshot: ${file}`);
      }
      await page.evaluate(() => { try { localStorage.clear(); } catch (e) {} }).catch(() => {});
      await page.close();
    }
    if (process.env.SHOTS) {
      // Layout checks at both widths: the deploy dialog, a 404 with
      // suggestions, browse, and the builder.
      for (const theme of ['light', 'dark']) {
        for (const width of [1280, 390]) {
          const page = await context.newPage();
          await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
          await page.goto(server.base + '/');
          await page.evaluate((t) => localStorage.setItem('theme', t), theme);
          await page.screenshot({ path: join(shotsDir, `home-${theme}-${width}.png`) });
          await page.goto(server.base + '/Google/gemma-4-31B-it');
          await page.locator('.deploy-trigger').click();
          await page.screenshot({ path: join(shotsDir, `deploy-${theme}-${width}.png`) });
          await page.goto(server.base + '/MiniMaxAI/MiniMax-M4');
          await page.screenshot({ path: join(shotsDir, `404-${theme}-${width}.png`) });
          await page.goto(server.base + '/browse');
          await page.screenshot({ path: join(shotsDir, `browse-${theme}-${width}.png`) });
          await page.goto(server.base + M3 + '?hardware=h100');
          await page.locator('#builder').screenshot({ path: join(shotsDir, `builder-${theme}-${width}.png`) });
          await page.close();
        }
      }
      for (const theme of ['light', 'dark']) {
        for (const [tag, q] of [['', ''], ['-nvfp4', '?variant=nvfp4&hardware=b200&features=tool_calling,reasoning,spec_decoding&fmode=spec_decoding:eagle3_gqa'], ['-multinode', '?hardware=h100'], ['-pd', '?hardware=h200&strategy=pd_cluster']]) {
          const page = await context.newPage();
          await page.goto(server.base + '/');
          await page.evaluate((t) => localStorage.setItem('theme', t), theme);
          await page.goto(server.base + M3 + q);
          await page.screenshot({ path: join(shotsDir, `minimax-m3-${theme}${tag}.png`), fullPage: false });
          await page.locator('#builder').screenshot({ path: join(shotsDir, `builder-${theme}${tag}.png`) });
          if (!tag) await page.screenshot({ path: join(shotsDir, `minimax-m3-${theme}-full.png`), fullPage: true });
          await page.close();
        }
      }
    }
  } finally {
    await context.close();
    server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
