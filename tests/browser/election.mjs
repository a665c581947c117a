// Opens the live page of a simulated voting day (`demo --election`, run by run.sh, which
// passes its id as ELECTION) in Debian's headless Chromium, checks that the figures add up
// and the hourly chart is drawn, follows a station from the table, and saves screenshots at
// desktop and phone width (kept by CI in target/browser/).
//
//   BASE_URL=http://127.0.0.1:18095 ELECTION=1 OUT=../../target/browser node election.mjs
//
// Fails (exit 1) when a step does not do what a visitor would expect.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:18095';
const out = process.env.OUT ?? '../../target/browser';
const election = process.env.ELECTION;
assert.ok(election, 'ELECTION names the demo election');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const number = async (id) => Number((await page.locator(`#${id}`).textContent()).trim());

  // 1. The live page: the totals split into verified, found unverified and not yet checked.
  const res = await page.goto(`${base}/elections/${election}`);
  assert.equal(res.status(), 200);
  const total = await number('fig-total');
  const parts = (await number('fig-verified')) + (await number('fig-unverified'))
    + (await number('fig-unchecked'));
  assert.ok(total > 0, `reports ${total}`);
  assert.equal(parts, total, 'verified + unverified + unchecked = all');
  assert.ok(await page.locator('#fig-verified').isVisible());

  // 2. The hourly chart: thirteen polling hours, drawn inside the page's width.
  const chart = page.locator('svg.chart').first();
  assert.ok(await chart.isVisible(), 'the hourly chart is drawn');
  const box = await chart.boundingBox();
  assert.ok(box.width > 300 && box.height > 100, `chart ${box.width}x${box.height}`);
  for (const hour of ['07:00', '19:00']) {
    assert.ok(await chart.getByText(hour).count() > 0, `the chart names ${hour}`);
  }
  assert.equal(await page.locator('#regions tr').count(), 21, 'twenty regions and a header');
  await page.screenshot({ path: `${out}/election-live.png`, fullPage: true });

  // 3. A phone: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the page is ${wide} px wide on a 390 px screen`);
  assert.ok(await page.locator('svg.chart').first().isVisible());
  await page.screenshot({ path: `${out}/election-live-phone.png`, fullPage: true });

  // 4. The most reported station, from the table, lists its reports.
  await page.setViewportSize({ width: 1280, height: 900 });
  const top = page.locator('#stations a').first();
  const reported = Number((await page.locator('#stations tr').nth(1).locator('td.num').first().textContent()).trim());
  await Promise.all([page.waitForURL(/\/stations\/\d+$/), top.click()]);
  assert.ok(await page.locator('main li, main tr').count() > 0, 'the station lists reports');
  await page.screenshot({ path: `${out}/election-station.png`, fullPage: true });

  assert.deepEqual(errors, [], 'no script errors');
  console.log(`browser test passed: election ${election}, ${total} reports, top station ${reported}; screenshots in ${out}`);
} finally {
  await browser.close();
}
