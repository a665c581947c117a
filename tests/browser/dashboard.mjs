// Opens the dashboard in Debian's headless Chromium, changes a filter, follows a number to
// the list it counts, and saves screenshots (kept by CI in target/browser/).
//
//   BASE_URL=http://127.0.0.1:18095 OUT=../../target/browser node dashboard.mjs
//
// Fails (exit 1) when a step does not do what a monitor would expect.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:18095';
const out = process.env.OUT ?? '../../target/browser';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // 1. The overview, last 90 days.
  let res = await page.goto(`${base}/dashboard?period=90`);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('h1').textContent(), 'Dashboard');
  const received = Number(await page.locator('#fig-received').textContent());
  assert.ok(received > 0, `received ${received}`);
  assert.ok(await page.locator('svg.chart').count() >= 2, 'charts are drawn');
  await page.screenshot({ path: `${out}/dashboard.png`, fullPage: true });

  // 2. Change a filter: the region, through the form, as a visitor would.
  const region = await page.locator('#region option').nth(5).getAttribute('value');
  await page.selectOption('#region', region);
  await Promise.all([page.waitForURL(/region=/), page.click('#dashboard-filters button')]);
  assert.ok(page.url().includes(`region=${region}`), page.url());
  assert.ok(page.url().includes('period=90'), `the period is kept: ${page.url()}`);
  const inRegion = Number(await page.locator('#fig-received').textContent());
  assert.ok(inRegion < received, `one region (${inRegion}) has fewer than all (${received})`);
  await page.screenshot({ path: `${out}/dashboard-region.png`, fullPage: true });

  // 3. Follow the "open" number to the list it counts: the list's total is that number.
  const open = Number(await page.locator('#fig-open').textContent());
  await Promise.all([page.waitForURL(/\/problems\?/), page.click('#fig-open')]);
  const count = await page.locator('p.muted', { hasText: 'problem' }).first().textContent();
  assert.ok(count.includes(String(open)), `list says "${count}", dashboard said ${open}`);
  assert.ok(page.url().includes(`region=${region}`), page.url());
  await page.screenshot({ path: `${out}/dashboard-list.png`, fullPage: true });

  // 4. The regions' tile map and the league table render on a phone-sized screen.
  await page.setViewportSize({ width: 390, height: 844 });
  res = await page.goto(`${base}/dashboard/regions?period=90`);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('svg.tiles a').count(), 20, 'twenty tiles');
  await page.screenshot({ path: `${out}/regions-phone.png`, fullPage: true });
  res = await page.goto(`${base}/dashboard/representatives?period=90&sort=resolve`);
  assert.equal(res.status(), 200);
  assert.ok(await page.locator('#league tr').count() > 10, 'a league table');

  assert.deepEqual(errors, [], 'no script errors');
  console.log(`browser test passed: received ${received}, in ${region} ${inRegion}, open ${open}; screenshots in ${out}`);
} finally {
  await browser.close();
}
