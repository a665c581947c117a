// Issue 19 in a real browser: the citizen files a problem with a photo from the web form,
// an admin assigns it, the representative resolves it with an "after" photo from the
// workspace form, and the public page shows both side by side (target/browser/photos.png).
//
//   BASE_URL=… OUT=… BIN=… CIVIC_MAIL__FILE_DIR=… node photos.mjs   (run.sh sets all this)
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { crc32, deflateSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { t, deliver, linksOf } from './mail.mjs';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:18095';
const out = process.env.OUT ?? '../../target/browser';
const bin = process.env.BIN ?? '../../target/debug/civic-tracker';
const mailDir = process.env.CIVIC_MAIL__FILE_DIR;
assert.ok(mailDir, 'CIVIC_MAIL__FILE_DIR names the mail directory');
mkdirSync(out, { recursive: true });

const citizenEmail = 'photo.citizen@example.kz';
const repEmail = 'photo.rep@example.kz';
// An admin of its own: the demo's admin has signed in for the tests before this one, and
// sign-in mails to one address are limited per hour.
const adminEmail = 'photo.admin@example.kz';
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

// A w x h PNG whose colour at (x, y) is paint(x, y): [r, g, b].
function png(w, h, paint) {
  const chunk = (kind, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(kind, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(h * (1 + 3 * w));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) rows.set(paint(x, y), y * (1 + 3 * w) + 1 + 3 * x);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
// "Before": a grey road with a dark pothole; "after": the same road, patched.
const road = (hole) => (x, y) => {
  const d = Math.hypot(x - 400, y - 260);
  if (d < 110) return hole;
  return y < 120 ? [150, 190, 230] : [120, 120, 125];
};
const before = png(800, 450, road([40, 35, 30]));
const after = png(800, 450, road([90, 90, 95]));

const csv = `${tmpdir()}/photos-reps.csv`;
writeFileSync(csv, `name,email,position,regions,categories\nPavel Photo,${repEmail},Deputy,KZ-75,*\n`);
execFileSync(bin, ['import', 'representatives', csv],
  { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(bin, ['user', 'add', '--email', adminEmail, '--role', 'admin', '--name', 'Photo Admin'],
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
async function signIn(page, email) {
  await page.goto(`${base}/login`);
  await page.fill('#email', email);
  await Promise.all([page.waitForURL(/\/login\/sent$/), page.click('form.stack button[type="submit"]')]);
  await page.goto(linkTo(onlyMail(email), '/login/'));
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')),
                     page.getByRole('button', { name: t('en', 'login-continue') }).click()]);
}
const act = async (page, path, action, note, photo) => {
  await page.goto(`${base}${path}`);
  await page.selectOption('#action', action);
  if (note) await page.fill('#note', note);
  if (photo) await page.setInputFiles('#photos', { name: 'after.png', mimeType: 'image/png', buffer: photo });
  await Promise.all([page.waitForURL(`${base}${path}`), page.click('main form.stack button[type="submit"]')]);
};

try {
  const page = await fresh();
  await page.goto(`${base}/problems/new`);
  await page.fill('#title', 'Deep pothole on Kenesary street');
  await page.fill('#description', 'A deep pothole in front of house 40 on Kenesary street; cars swerve into the oncoming lane.');
  await page.selectOption('#region', 'KZ-75');
  await page.selectOption('#category', 'roads');
  await page.fill('#email', citizenEmail);
  await page.setInputFiles('#photos', { name: 'pothole.png', mimeType: 'image/png', buffer: before });
  await page.check('input[name="consent"]');
  await Promise.all([page.waitForURL(/\/problems\/new\/sent$/), page.click('form.stack button[type="submit"]')]);
  await page.goto(linkTo(onlyMail(citizenEmail), '/confirm/'));
  await Promise.all([page.waitForURL(/\/track\/[^?]+$/), page.click('form[action^="/confirm/"] button')]);
  const id = (await page.locator('main a[href^="/problems/"]').first().getAttribute('href')).split('/').pop();
  const workspacePath = `/workspace/problems/${id}`;
  deliver(bin, mailDir, citizenEmail);

  const admin = await fresh();
  await signIn(admin, adminEmail);
  await admin.goto(`${base}${workspacePath}`);
  await admin.selectOption('#action', 'assign');
  await admin.selectOption('#representative_id', { label: 'Pavel Photo, Deputy' });
  await Promise.all([admin.waitForURL(`${base}${workspacePath}`), admin.click('main form.stack button[type="submit"]')]);
  deliver(bin, mailDir, repEmail);

  const rep = await fresh();
  await signIn(rep, repEmail);
  await act(rep, workspacePath, 'acknowledge');
  await act(rep, workspacePath, 'resolve', 'The pothole is patched; photo attached.', after);

  const view = await fresh();
  await view.goto(`${base}/problems/${id}`);
  const beforeImgs = view.locator('#photos .photos-before img');
  const afterImgs = view.locator('#photos .photos-after img');
  assert.equal(await beforeImgs.count(), 1, 'the citizen photo');
  assert.equal(await afterImgs.count(), 1, 'the representative photo');
  assert.equal(await beforeImgs.first().getAttribute('alt'), t('en', 'photos-citizen-alt').replace('{ $n }', '1'));
  for (const img of [beforeImgs.first(), afterImgs.first()]) {
    // Loaded (a thumbnail of at most 640 px) and linked to the full picture.
    const width = await img.evaluate((i) => i.complete && i.naturalWidth);
    assert.equal(width, 640, 'the thumbnail is 640 px wide');
  }
  await view.locator('#photos').scrollIntoViewIfNeeded();
  await view.screenshot({ path: `${out}/photos.png`, fullPage: true });
  assert.deepEqual(errors, [], 'no script errors');
  console.log(`photos: problem ${id} filed with a photo, resolved with an "after" photo`);
} finally {
  await browser.close();
}
