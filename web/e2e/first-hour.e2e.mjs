// A newcomer's first hour in the browser (issue 16), run by tests/DefectRefine.IntegrationTests/Web/FirstHourTests
// against `./scripts/demo.sh` in a fresh clone, after one simulated session: the three links the demo printed open,
// the audit trail says where the labels came from, the station explains itself, and the loop's movement is shown.
// Environment: DR_LINKS (JSON {project, station, audit, status}: the links as printed), DR_CHROMIUM, DR_SCREENSHOTS.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const links = JSON.parse(process.env.DR_LINKS ?? '{}');
for (const name of ['project', 'station', 'audit', 'status']) assert.ok(links[name], `DR_LINKS has no ${name}`);
const screenshots = process.env.DR_SCREENSHOTS;
if (screenshots) mkdirSync(screenshots, { recursive: true });
const shoot = async (page, name) => screenshots && page.screenshot({ path: join(screenshots, name) });

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

async function open(link) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (error) => console.log(`page error (${link.split('#')[0]}): ${error.message}`));
  const response = await page.goto(link);
  assert.equal(response.status(), 200, `${link.split('#')[0]} answered ${response.status()}`);
  return page;
}

const text = (page, selector) => page.textContent(selector).then((t) => (t ?? '').trim());
const counts = (t) => t.match(/^(\d+) ?\/ ?(\d+)/)?.slice(1).map(Number);

let station;
try {
  await step('1. the printed links answer: station, audit view and status page', async () => {
    station = await open(links.station);
    await station.waitForSelector('[data-testid="control-panel"]', { timeout: 15000 });
    await station.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === 'connected', null, { timeout: 30000 });
    (await open(links.audit)).close();
    (await open(links.status)).close();
  });

  await step('3. the station gets a query and shows what Submit will change, updating as candidates are marked', async () => {
    // After the simulated session the loop trains and mines; the next session's queries come within a few minutes.
    await station.waitForSelector('[data-testid="candidate-0"] canvas', { timeout: 300000 });
    const before = await text(station, '[data-testid="preview"]');
    assert.match(before, /relabel/i, `the preview says: ${before}`);
    assert.match(await text(station, '[data-testid="change-0"]'), /(defect|background)/);
    await station.keyboard.press('1');
    await station.waitForFunction((b) => document.querySelector('[data-testid="preview"]').textContent.trim() !== b, before, { timeout: 5000 });
    await shoot(station, 'station-marked.png');
  });

  await step('3. the counter never passes the session target', async () => {
    const [done, target] = counts(await text(station, '[data-testid="counter"]'));
    assert.ok(done <= target, `counter ${done} / ${target}`);
  });

  await step('3. "Retrain now" is not offered to a labeller', async () => {
    assert.equal(await station.isVisible('[data-command="retrain"]'), false);
  });

  await step('3. the overlays have legends with scales; the uncertainty overlay spans its own range', async () => {
    await station.keyboard.press('h');
    await station.keyboard.press('u');
    // 'h' and 'u' each redraw; the note is also empty after the heatmap-only draw, so wait for the uncertainty range itself.
    await station.waitForFunction(() => document.querySelector('[data-field="map-note"]')?.textContent === ''
      && /bits/.test(document.querySelector('[data-field="uncertainty-min"]')?.textContent ?? ''), null, { timeout: 60000 });
    assert.equal(await station.isVisible('[data-legend="heatmap"]'), true);
    assert.equal(await station.isVisible('[data-legend="uncertainty"]'), true);
    const low = await text(station, '[data-field="uncertainty-min"]');
    const high = await text(station, '[data-field="uncertainty-max"]');
    assert.match(low, /bits/);
    assert.notEqual(low, high, 'the uncertainty legend shows no range');
    await shoot(station, 'station-heatmap.png');
    await station.keyboard.press('h');
    await station.keyboard.press('u');
  });

  await step('3. a submitted answer can be undone, and the undo is confirmed in a banner', async () => {
    const [before] = counts(await text(station, '[data-testid="counter"]'));
    await station.keyboard.press('Enter');
    await station.waitForFunction((n) => Number(document.querySelector('[data-testid="counter"]').textContent.split('/')[0].trim()) === n, before + 1, { timeout: 15000 });
    await station.keyboard.press('z');
    await station.waitForSelector('[data-testid="notice"]:not([hidden])', { timeout: 15000 });
    assert.match(await text(station, '[data-testid="notice"]'), /undone/i);
    await shoot(station, 'station-undo.png');
  });

  await step('2. the audit view says the demo\'s first labels are simulated boxes', async () => {
    const audit = await open(links.audit);
    await audit.waitForSelector('[data-testid="audit-images"] li', { timeout: 15000 });
    await audit.click('[data-testid="audit-images"] li');
    await audit.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-entries"] li')].some((li) => /Initial labels/.test(li.textContent)), null, { timeout: 15000 });
    const first = await audit.$$eval('[data-testid="audit-entries"] li', (items) => items.map((i) => i.textContent).find((t) => /Initial labels/.test(t)));
    assert.match(first, /\d+ box(es)?/, `the first event says: ${first}`);
    assert.match(first, /simulated/i, `the first event says: ${first}`);
    await audit.click('[data-testid="audit-entries"] li:last-child');
    await audit.waitForFunction(() => /^version 1 /.test(document.querySelector('[data-testid="audit-version"]').textContent));
    assert.match(await text(audit, '[data-testid="audit-shown"]'), /Initial labels: \d+ box(es)? \(simulated/);
    await shoot(audit, 'audit.png');
    await audit.close();
  });

  await step('3. the status page counts agree with the undo, and its session counter stays within the target', async () => {
    const status = await open(links.status);
    const page = await status.textContent('body');
    const kept = page.match(/answers kept\s*(\d+) \((\d+) recorded − (\d+) undone\)/);
    assert.ok(kept, 'the status page shows no kept/recorded/undone answers');
    assert.equal(Number(kept[1]), Number(kept[2]) - Number(kept[3]));
    assert.ok(Number(kept[3]) >= 1, 'the undo is not counted');
    const session = page.match(/session\s*\d+: (\d+) ?\/ ?(\d+)/);
    assert.ok(session && Number(session[1]) <= Number(session[2]), `session counter: ${session?.[0]}`);
    const training = page.match(/step (\d+) ?\/ ?(\d+) \((\d+) %\)/);
    if (training) assert.equal(Math.floor((100 * Number(training[1])) / Number(training[2])), Number(training[3]), `training: ${training[0]}`);
    await status.close();
  });

  await step('5. the status page shows how far the labels moved: expert pixels, the model layer, F1 against the truth as a plot', async () => {
    const status = await open(links.status);
    const section = await status.textContent('body');
    assert.match(section, /by experts/);
    assert.match(section, /by the model's refined masks/);
    assert.match(section, /pixel F1 against the truth\s*[\d.]+ with the initial labels → [\d.]+ now/);
    assert.ok(await status.$('#refinement ~ figure svg'), 'no F1 plot on the status page');
    await status.evaluate(() => document.querySelector('#refinement').scrollIntoView());
    await shoot(status, 'status.png');
    await status.close();
  });

  await step('5. the station shows the same movement in a panel with its plot', async () => {
    await station.waitForSelector('[data-testid="refinement-progress"] [data-field="summary"] li', { timeout: 15000 });
    const summary = await text(station, '[data-testid="refinement-progress"] [data-field="summary"]');
    assert.match(summary, /expert/i, `the panel says: ${summary}`);
    assert.ok(await station.$('[data-testid="refinement-progress"] svg'), 'no plot in the station panel');
    await shoot(station, 'station.png');
    await station.evaluate(() => document.querySelector('[data-testid="refinement-progress"]').scrollIntoView());
    await shoot(station, 'station-progress.png');
  });
} finally {
  await browser.close();
}

if (failures.length > 0) {
  console.log(`${failures.length} failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('all first-hour checks passed');
