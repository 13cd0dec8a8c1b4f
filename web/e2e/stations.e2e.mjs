// Browser end-to-end test of the labelling UI against a running LabelGateway (started, with a project in its
// labelling phase, by tests/DefectRefine.IntegrationTests/Web/WebStationTests). Drives Debian's Chromium through
// playwright-core. Environment: DR_GATEWAY (http://127.0.0.1:5100), DR_PROJECT (id), DR_SCREENSHOTS (optional folder),
// DR_TOKENS (JSON: bearer tokens of the labellers "ann" and "bob" and of the auditor "audrey").
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const gateway = process.env.DR_GATEWAY ?? 'http://127.0.0.1:5100';
const project = process.env.DR_PROJECT;
const screenshots = process.env.DR_SCREENSHOTS;
assert.ok(project, 'DR_PROJECT must name a project in its labelling phase');
const tokens = JSON.parse(process.env.DR_TOKENS ?? '{}');
for (const who of ['ann', 'bob', 'audrey']) assert.ok(tokens[who], `DR_TOKENS has no token for ${who}`);
if (screenshots) mkdirSync(screenshots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.DR_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
async function step(name, run) {
  try {
    await run();
    console.log(`ok - ${name}`);
  } catch (error) {
    failures.push(name);
    console.log(`not ok - ${name}\n  ${String(error?.stack ?? error).split('\n').join('\n  ')}`);
  }
}

async function openStation(station, user) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (error) => console.log(`page error (${station}): ${error.message}`));
  await page.goto(`${gateway}/app/?project=${project}&station=${station}#token=${tokens[user]}`);
  await page.waitForSelector('[data-testid="candidate-0"] canvas', { timeout: 30000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === 'connected');
  return page;
}

const counter = (page) => page.textContent('[data-testid="counter"]');
const answered = (text) => Number(text.split('/')[0].trim());
const shownQuery = (page) => page.evaluate(() => [...document.querySelectorAll('[data-testid^="candidate-"] canvas')].length);

let first;
let second;
let changedImage;
try {
  await step('without a token, the page asks for one and shows no project', async () => {
    const anonymous = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await anonymous.goto(`${gateway}/app/?project=${project}`);
    await anonymous.waitForSelector('input[name="token"]', { timeout: 15000 });
    assert.equal(await anonymous.$('[data-testid="candidates"]'), null);
    await anonymous.close();
  });

  await step('without a project in the address, a picker lists the projects and who is signed in', async () => {
    const picker = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await picker.goto(`${gateway}/app/#token=${tokens.ann}`);
    await picker.waitForSelector(`select[name="project"] option[value="${project}"]`, { state: 'attached', timeout: 15000 });
    assert.match(await picker.textContent('[data-field="who"]'), /Signed in as ann \(labeller\)/);
    assert.equal(new URL(picker.url()).hash, '', 'the token stayed in the address bar');
    if (screenshots) await picker.screenshot({ path: join(screenshots, 'picker.png') });
    await picker.close();
  });

  await step('a station connects, receives a query and sees the session counter', async () => {
    first = await openStation('browser-1', 'ann');
    assert.equal(await shownQuery(first), 10);
    assert.match(await counter(first), /^\d+ \/ \d+( \(\+\d+ late\))?$/);
    if (screenshots) await first.screenshot({ path: join(screenshots, 'station.png') });
  });

  await step('a labeller sees no "Retrain now" (admins only)', async () => {
    assert.equal(await first.isVisible('[data-command="retrain"]'), false);
  });

  await step('before Submit, each candidate and a summary say what the answer will relabel, and follow the marks', async () => {
    const preview = () => first.textContent('[data-testid="preview"]');
    const change = (i) => first.textContent(`[data-testid="change-${i}"]`);
    const before = await preview();
    assert.match(before, /^Submit (will relabel \d+ patch(es)?: \d+ to defect, \d+ to background|keeps all 11 labels as they are)\.$/);
    // Unmarked means "different": a candidate's label after Submit is the opposite of the anchor's until it is marked.
    const anchorAfter = /→ (\w+)|^Label: (\w+)/.exec(await first.textContent('[data-testid="anchor-label"]'));
    const anchor = anchorAfter[1] ?? anchorAfter[2];
    const other = anchor === 'defect' ? 'background' : 'defect';
    assert.match(await change(0), new RegExp(`(→ ${other}|^${other} \\(kept\\))$`));
    await first.keyboard.press('1');
    assert.match(await change(0), new RegExp(`(→ ${anchor}|^${anchor} \\(kept\\))$`));
    assert.notEqual(await preview(), before);
    await first.keyboard.press('1');
    assert.equal(await preview(), before);
  });

  await step('marking candidates with the mouse and the keyboard, then Enter, advances the counter', async () => {
    const before = answered(await counter(first));
    changedImage = await first.getAttribute('[data-testid="candidates"]', 'data-anchor-image');
    await first.click('[data-testid="candidate-1"] canvas');
    await first.keyboard.press('3');
    assert.equal(await first.getAttribute('[data-testid="candidate-1"]', 'aria-pressed'), 'true');
    assert.equal(await first.getAttribute('[data-testid="candidate-2"]', 'aria-pressed'), 'true');
    if (screenshots) await first.screenshot({ path: join(screenshots, 'station-marked.png') });
    await first.keyboard.press('Enter');
    await first.waitForFunction((n) => Number(document.querySelector('[data-testid="counter"]').textContent.split('/')[0]) === n, before + 1, { timeout: 15000 });
    await first.waitForSelector('[data-testid="candidate-0"] canvas', { timeout: 15000 });
  });

  await step('two browser stations get different queries', async () => {
    second = await openStation('browser-2', 'bob');
    const ids = await Promise.all([first, second].map((page) => page.getAttribute('[data-testid="candidates"]', 'data-query')));
    assert.ok(ids[0] && ids[1], 'a station shows no query id');
    assert.notEqual(ids[0], ids[1], 'both stations were given the same query');
  });

  await step("the model's heatmap and uncertainty overlay the image view (H, U)", async () => {
    await first.keyboard.press('h');
    await first.keyboard.press('u');
    assert.equal(await first.isChecked('[data-overlay="heatmap"]'), true);
    assert.equal(await first.isChecked('[data-overlay="uncertainty"]'), true);
    // The Miner maps the images its queries show right after it buffers them; the screen looks again until they are there.
    await first.waitForFunction(() => document.querySelector('[data-field="map-note"]')?.textContent === '', null, { timeout: 30000 });
    // Each overlay has its legend; the uncertainty's gives the image's own range in bits, which its colours span.
    await first.waitForFunction(() => /bits/.test(document.querySelector('[data-field="uncertainty-max"]')?.textContent ?? ''), null, { timeout: 15000 });
    assert.match(await first.textContent('[data-legend="heatmap"]'), /probability of defect \(0–1\)/);
    assert.match(await first.textContent('[data-legend="uncertainty"]'), /range, \d\.\d\d–\d\.\d\d bits \(full scale 0–1 bit\)|everywhere in this image/);
    assert.equal(await first.isVisible('[data-legend="mask"]'), true);
    if (screenshots) await first.screenshot({ path: join(screenshots, 'station-heatmap.png') });
    await first.keyboard.press('h');
    await first.keyboard.press('u');
  });

  await step("the model's refined mask overlays the image view (R), from the round that proposed it", async () => {
    await first.keyboard.press('r');
    assert.equal(await first.isChecked('[data-overlay="refined"]'), true);
    // The Miner refines every image after each training round (round 0 included); the screen looks again until it is there.
    await first.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-field="refined-round"]')?.textContent ?? ''), null, { timeout: 60000 });
    assert.match(await first.textContent('[data-legend="refined"]'), /refined mask: cyan is defect, as the model proposed it after training round \d+/);
    assert.doesNotMatch(await first.textContent('[data-field="map-note"]'), /No refined mask/);
    await first.keyboard.press('r');
    assert.equal(await first.isVisible('[data-legend="refined"]'), false);
  });

  await step('Z undoes the last answer and the counter goes back', async () => {
    const before = answered(await counter(first));
    await first.keyboard.press('z');
    await first.waitForSelector('[data-testid="notice"]', { state: 'visible', timeout: 15000 });
    assert.match(await first.textContent('[data-testid="notice"]'), /^Undone: your last answer \(query [0-9a-f]{8}\), \d+ images? restored\. Session \d+ \/ \d+/);
    assert.match(await first.textContent('[data-testid="message"]'), /^Undone/);
    assert.equal(answered(await counter(first)), before - 1);
    // The banner stays a few seconds, then goes; the status line keeps saying it.
    await first.waitForSelector('[data-testid="notice"]', { state: 'hidden', timeout: 15000 });
  });

  await step('the auditor timeline shows the change an answer made, and who made it', async () => {
    const audit = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await audit.goto(`${gateway}/app/?project=${project}&view=audit&image=${changedImage}#token=${tokens.audrey}`);
    await audit.waitForFunction(() => document.querySelectorAll('[data-testid="audit-entries"] li').length >= 2, null, { timeout: 15000 });
    const entries = await audit.$$eval('[data-testid="audit-entries"] li', (items) => items.map((item) => item.textContent));
    assert.ok(entries.some((text) => / by ann at browser-1, \d+ px, query /.test(text)), `no answer by ann in: ${entries.join(' | ')}`);
    assert.ok(entries.some((text) => /Initial labels/.test(text)), `the import is missing from the timeline: ${entries.join(" | ")}`);
    const newest = Number(await audit.getAttribute('[data-testid="audit-slider"]', 'max'));
    await audit.keyboard.press('ArrowLeft');
    await audit.waitForFunction((v) => document.querySelector('[data-testid="audit-version"]').textContent.startsWith(`version ${v} `), newest - 1);
    if (screenshots) await audit.screenshot({ path: join(screenshots, 'audit.png') });
    await audit.close();
  });

  await step('roles hold in the browser: an auditor cannot label, a labeller cannot read the history', async () => {
    const auditorStation = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await auditorStation.goto(`${gateway}/app/?project=${project}&station=audit-desk#token=${tokens.audrey}`);
    await auditorStation.waitForFunction(() => /Could not join project/.test(document.querySelector('[data-testid="message"]')?.textContent ?? ''), null, { timeout: 15000 });
    assert.equal(await auditorStation.$('[data-testid="candidate-0"] canvas'), null);
    await auditorStation.close();
    const labellerAudit = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await labellerAudit.goto(`${gateway}/app/?project=${project}&view=audit&image=${changedImage}#token=${tokens.bob}`);
    await labellerAudit.waitForFunction(() => /needs the role auditor or admin/.test(document.body.textContent ?? ''), null, { timeout: 15000 });
    await labellerAudit.close();
  });
} finally {
  await browser.close();
}

if (failures.length > 0) {
  console.log(`${failures.length} failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('all browser checks passed');
