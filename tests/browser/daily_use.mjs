// Issue 15 in a real browser, as the people who use the service every day meet it:
//   finding 2: the problem form redirects after its POST, so a reload files nothing again;
//   finding 3: a mail's link to a page behind sign-in leads through the 403 page's "Sign in"
//              button and the sign-in mail back to that page; a used sign-in link offers no
//              button that fails;
//   finding 9: the workspace offers actions by what they do, says once what happened, and
//              the timeline and deadlines read right afterwards.
// An admin assigns the citizen's problem to a representative imported for this test.
//
//   BASE_URL=… OUT=… BIN=… CIVIC_MAIL__FILE_DIR=… node daily_use.mjs   (run.sh sets all this)
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { t, deliver, linksOf } from './mail.mjs';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:18095';
const out = process.env.OUT ?? '../../target/browser';
const bin = process.env.BIN ?? '../../target/debug/civic-tracker';
const mailDir = process.env.CIVIC_MAIL__FILE_DIR;
assert.ok(mailDir, 'CIVIC_MAIL__FILE_DIR names the mail directory');
mkdirSync(out, { recursive: true });

const citizenEmail = 'daily.citizen@example.kz';
const repEmail = 'daily.rep@example.kz';
const adminEmail = 'admin@demo.example.kz';
const onlyMail = (to) => {
  const mails = deliver(bin, mailDir, to);
  assert.equal(mails.length, 1, `one mail to ${to} (got ${mails.length})`);
  return mails[0];
};
const linkTo = (mail, prefix) => {
  const l = linksOf(mail).find((x) => new URL(x).pathname.startsWith(prefix));
  assert.ok(l, `a link to ${prefix} in "${mail.subject}"`);
  const u = new URL(l);
  return `${base}${u.pathname}${u.search}`;
};
const flash = (page) => page.locator('main .flash').textContent();

// The representative, imported with the command line as an operator would.
const csv = `${tmpdir()}/daily-use-reps.csv`;
writeFileSync(csv, `name,email,position,regions,categories\nDaria Daily,${repEmail},Deputy,KZ-75,*\n`);
execFileSync(bin, ['import', 'representatives', csv],
  { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'ignore', 'inherit'] });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update'],
});
const errors = [];
const fresh = async () => {
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  return page;
};
// Signs in through /login as a person would; returns the page the link led to.
async function signIn(page, email) {
  await page.fill('#email', email);
  await Promise.all([page.waitForURL(/\/login\/sent$/), page.click('form.stack button[type="submit"]')]);
  const link = linkTo(onlyMail(email), '/login/');
  await page.goto(link);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')),
                     page.getByRole('button', { name: t('en', 'login-continue') }).click()]);
  return link;
}

try {
  // Finding 2: the citizen files; the next page survives a reload without filing again.
  let page = await fresh();
  await page.goto(`${base}/problems/new`);
  await page.fill('#title', 'Broken bench in the courtyard of Abai 10');
  await page.fill('#description', 'The bench in the courtyard has been broken since the storm; children sit on the nails.');
  await page.selectOption('#region', 'KZ-75');
  await page.selectOption('#category', 'roads');
  await page.fill('#email', citizenEmail);
  await page.check('input[name="consent"]');
  const [post] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
                                    page.click('form.stack button[type="submit"]')]);
  await page.waitForLoadState();
  assert.equal(post.status(), 303, 'post/redirect/get');
  assert.equal(new URL(page.url()).pathname, '/problems/new/sent');
  await page.reload();
  await page.reload();
  assert.equal(await page.locator('h1').textContent(), t('en', 'submitted-title'));
  const confirmation = onlyMail(citizenEmail); // one problem, one mail, after two reloads
  await page.goto(linkTo(confirmation, '/confirm/'));
  await Promise.all([page.waitForURL(/\/track\/[^?]+$/), page.click('form[action^="/confirm/"] button')]);
  assert.equal(await flash(page), t('en', 'flash-track-confirmed'));
  await page.reload();
  assert.equal(await page.locator('main .flash').count(), 0, 'the message is shown once');
  const publicHref = await page.locator('main a[href^="/problems/"]').first().getAttribute('href');
  const id = publicHref.split('/').pop();
  const workspacePath = `/workspace/problems/${id}`;
  deliver(bin, mailDir, citizenEmail); // "your problem is with …"

  // The admin assigns it to the new representative.
  const admin = await fresh();
  await admin.goto(`${base}/login`);
  await signIn(admin, adminEmail);
  assert.equal(await flash(admin), t('en', 'flash-signed-in'));
  await admin.goto(`${base}${workspacePath}`);
  await admin.selectOption('#action', 'assign');
  await admin.selectOption('#representative_id', { label: 'Daria Daily, Deputy' });
  await Promise.all([admin.waitForURL(`${base}${workspacePath}`), admin.click('main form.stack button[type="submit"]')]);
  assert.equal(await flash(admin), 'Assigned. The representative and the citizen have been told.');

  // Finding 3: the representative's mail links to the problem; signed out, that is a 403
  // page with a real "Sign in" button, and signing in comes back to the problem.
  const rep = await fresh();
  const assigned = deliver(bin, mailDir, repEmail);
  assert.equal(assigned.length, 1, 'the assignment mail');
  const res = await rep.goto(linkTo(assigned[0], '/workspace/problems/'));
  assert.equal(res.status(), 403);
  await rep.screenshot({ path: `${out}/sign-in-first.png`, fullPage: true });
  await Promise.all([rep.waitForURL(/\/login\?next=/), rep.locator('main').getByRole('link', { name: t('en', 'login-heading') }).click()]);
  const used = await signIn(rep, repEmail);
  assert.equal(new URL(rep.url()).pathname, workspacePath, 'back on the page asked for');
  assert.equal(await flash(rep), t('en', 'flash-signed-in'));

  // Finding 9: actions by what they do; a message once; the timeline and deadlines right.
  const options = await rep.locator('#action option').allTextContents();
  assert.ok(options.includes(t('en', 'do-acknowledge')), `imperative labels: ${options}`);
  assert.ok(!options.includes(t('en', 'action-acknowledge')), `no past tense: ${options}`);
  assert.ok((await rep.locator('main').textContent()).includes(t('en', 'problem-acknowledge-by')));
  await rep.selectOption('#action', 'acknowledge');
  await Promise.all([rep.waitForURL(`${base}${workspacePath}`), rep.click('main form.stack button[type="submit"]')]);
  assert.equal(await flash(rep), 'Acknowledged. The citizen has been told.');
  const main = await rep.locator('main').textContent();
  assert.ok(!main.includes(t('en', 'problem-acknowledge-by')), 'the settled deadline is gone');
  assert.ok(main.includes(t('en', 'problem-resolve-by')), 'the resolve-by deadline stays');
  const last = (await rep.locator('ol.timeline li').last().textContent()).replace(/\s+/g, ' ');
  assert.ok(last.includes(t('en', 'action-acknowledge')) && !last.includes('→'),
    `the timeline says it once: ${last}`);
  await rep.screenshot({ path: `${out}/workspace-after-action.png`, fullPage: true });
  await rep.reload();
  assert.equal(await rep.locator('main .flash').count(), 0, 'the message is shown once');

  // Finding 3: the used sign-in link offers no button that would fail.
  const again = await rep.goto(used);
  assert.equal(again.status(), 410);
  assert.equal(await rep.locator(`form[action^="/login/"]`).count(), 0, 'no sign-in button');
  await Promise.all([rep.waitForURL((u) => u.pathname === workspacePath), rep.locator('main').getByRole('link', { name: t('en', 'login-go-on') }).click()]);
  const stranger = await fresh();
  await stranger.goto(used);
  assert.equal(await stranger.locator(`form[action^="/login/"]`).count(), 0, 'no sign-in button');
  assert.equal(await stranger.locator('main').getByRole('link', { name: t('en', 'login-ask-again') }).count(), 1);
  await stranger.screenshot({ path: `${out}/used-sign-in-link.png`, fullPage: true });

  assert.deepEqual(errors, [], 'no script errors');
  console.log(`daily use: problem ${id} filed once, assigned, signed in back to it, acknowledged`);
} finally {
  await browser.close();
}
