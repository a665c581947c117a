// The languages, as a visitor meets them: switches kk → ru → en with the header's links,
// files a problem in Kazakh through the form, reads the confirmation mail (written as a
// file; the outbox is run once with `civic-tracker jobs run outbox`), follows its link in
// a browser that never chose a language, and saves the dashboard in each language.
//
//   BASE_URL=http://127.0.0.1:18095 OUT=../../target/browser BIN=../../target/debug/civic-tracker \
//   CIVIC_MAIL__FILE_DIR=… CIVIC_DATABASE_URL=… node languages.mjs      (run.sh sets all this)
//
// The expected texts come from templates/i18n/*.ftl. Fails (exit 1) on the first step
// that does not do what a visitor would expect.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:18095';
const out = process.env.OUT ?? '../../target/browser';
const bin = process.env.BIN ?? '../../target/debug/civic-tracker';
const mailDir = process.env.CIVIC_MAIL__FILE_DIR;
assert.ok(mailDir, 'CIVIC_MAIL__FILE_DIR names the mail directory');
mkdirSync(out, { recursive: true });

// --- The catalogs: one-line messages `key = value` (enough for what is checked here).
function catalog(lang) {
  const text = readFileSync(new URL(`../../templates/i18n/${lang}.ftl`, import.meta.url), 'utf8');
  const m = new Map();
  for (const line of text.split('\n')) {
    const hit = /^([a-z][a-z0-9-]*) = (.+)$/.exec(line);
    if (hit) m.set(hit[1], hit[2].trim());
  }
  return m;
}
const cat = { kk: catalog('kk'), ru: catalog('ru'), en: catalog('en') };
const t = (lang, key) => {
  const v = cat[lang].get(key);
  assert.ok(v, `${key} is in ${lang}.ftl`);
  return v;
};
// The literal text before a message's first placeable (`{ $x }`).
const lead = (lang, key) => t(lang, key).split('{')[0].trim();
// A check on a text is only a check on the language if the languages say it differently.
for (const key of ['nav-report', 'home-heading', 'dash-heading', 'form-title', 'form-submit',
                   'submitted-title', 'confirm-button', 'track-flash-confirmed']) {
  assert.equal(new Set(['kk', 'ru', 'en'].map((l) => t(l, key))).size, 3, `${key} differs by language`);
}

// --- Mail files: <time>-<kind>-<recipient>.eml, subject as RFC 2047 words, text parts as
// 8-bit UTF-8 (base64 or quoted-printable only for a line over 998 bytes). Read as latin1
// (raw bytes), decoded, and read back as UTF-8.
const utf8 = (latin1) => Buffer.from(latin1, 'latin1').toString('utf8');
function header(raw, name) {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return undefined;
  const value = line.slice(name.length + 1).trim().replace(/\?=\s+=\?/g, '?==?');
  return utf8(value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc, s) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(s, 'base64').toString('latin1')
      : s.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)))));
}
function decodeBody(cte, body) {
  switch ((cte ?? '7bit').toLowerCase()) {
    case 'base64': return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return utf8(body.replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))));
    default: return utf8(body); // 7bit or 8bit: the bytes themselves
  }
}
// The HTML part escapes attributes (`&amp;`, `&#x27;`; '/' stays '/').
const unescapeHtml = (s) => s
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(Number(d)))
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
// { subject, to, parts: { 'text/plain': …, 'text/html': … } }
function readMail(raw) {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  assert.ok(boundary, 'the mail is multipart');
  const parts = {};
  for (const chunk of raw.split(`--${boundary}`).slice(1, -1)) {
    const [head, ...rest] = chunk.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const type = /content-type:\s*([^;\s]+)/i.exec(head)?.[1].toLowerCase();
    const cte = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1];
    parts[type] = decodeBody(cte, rest.join('\n\n'));
  }
  return { subject: header(raw, 'Subject'), to: header(raw, 'To'), parts };
}

// --- Page helpers.
const htmlLang = (page) => page.locator('html').getAttribute('lang');
const switcher = (page) => page.locator('header.site .langs');
async function switchTo(page, lang, name) {
  const before = new URL(page.url());
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/language/')),
    switcher(page).getByRole('link', { name, exact: true }).click(),
  ]);
  assert.equal(new URL(res.url()).pathname, `/language/${lang}`, `the link "${name}" chooses ${lang}`);
  await page.waitForLoadState();
  const after = new URL(page.url());
  assert.equal(after.pathname + after.search, before.pathname + before.search,
    `the switcher comes back to the same page (${before} → ${after})`);
  assert.equal(await htmlLang(page), lang, `<html lang> after choosing ${name}`);
  // The current language is shown, not linked; the other two are links.
  assert.equal(await switcher(page).locator('strong').getAttribute('lang'), lang);
  assert.equal(await switcher(page).locator('a').count(), 2);
}
const navReport = (page) => page.locator('header.site nav a[href="/problems/new"]').textContent();
const NAMES = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update'],
});
const errors = [];
const fresh = async () => {
  // An English-speaking browser: any other language on a page comes from the site.
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  return page;
};
try {
  // 1. The home page in English (the default), then Kazakh, Russian and English again.
  let page = await fresh();
  let res = await page.goto(`${base}/`);
  assert.equal(res.status(), 200);
  assert.equal(await htmlLang(page), 'en');
  assert.equal(await navReport(page), t('en', 'nav-report'));
  for (const lang of ['kk', 'ru', 'en']) {
    await switchTo(page, lang, NAMES[lang]);
    assert.equal(await navReport(page), t(lang, 'nav-report'), `nav in ${lang}`);
    assert.equal(await page.locator('h1').textContent(), t(lang, 'home-heading'), `heading in ${lang}`);
  }
  const langCookie = async () =>
    (await page.context().cookies()).find((c) => c.name === 'civic_lang')?.value;
  assert.equal(await langCookie(), 'en', 'the choice is kept in the civic_lang cookie');

  // 2. The form, switched to Kazakh on the form page itself.
  res = await page.goto(`${base}/problems/new`);
  assert.equal(res.status(), 200);
  assert.ok((await page.locator('label[for="title"]').textContent()).startsWith(t('en', 'form-title')));
  await switchTo(page, 'kk', NAMES.kk);
  assert.equal(await langCookie(), 'kk');
  assert.equal(await page.locator('h1').textContent(), t('kk', 'form-heading'));
  const label = (f) => page.locator(`label[for="${f}"]`);
  for (const [field, key, hint] of [['title', 'form-title', 'form-title-hint'],
                                    ['description', 'form-description', 'form-description-hint'],
                                    ['email', 'form-email', 'form-email-hint']]) {
    assert.equal((await label(field).textContent()).replace(/\s+/g, ' ').trim(),
      `${t('kk', key)} ${t('kk', hint)}`, `the ${field} label in Kazakh`);
  }
  assert.equal(await label('category').textContent(), t('kk', 'form-category'));
  assert.equal(await label('region').textContent(), t('kk', 'form-region'));
  assert.equal(await page.locator('#region option').first().textContent(), t('kk', 'form-choose'));
  assert.ok((await page.locator('form.stack').textContent()).includes(lead('kk', 'form-consent')),
    'the consent text in Kazakh');
  const submit = page.locator('form.stack button[type="submit"]');
  assert.equal(await submit.textContent(), t('kk', 'form-submit'));

  const title = 'Шаһар көшесіндегі терең шұңқыр: ғимарат іргесі бұзылуда, әуе мен үй арасы қауіпті';
  const description = 'Абай даңғылы мен Төле би көшесінің қиылысында екі аптадан бері үлкен шұңқыр тұр. ' +
    'Көліктер айналып өтеді, жаяу жүргіншілерге, әсіресе балаларға, қауіпті. Жөндеуді сұраймыз. Һ, ә, ғ, ү, ұ, і.';
  for (const ch of 'әғқңөұүһі') assert.ok(title.includes(ch), `the title has ${ch}`);
  const email = `kk-browser-${Date.now()}@example.kz`;
  await page.fill('#title', title);
  await page.fill('#description', description);
  const region = await page.locator('#region option').nth(3).getAttribute('value');
  const category = await page.locator('#category option').nth(2).getAttribute('value');
  assert.ok(region && category, 'a region and a category to choose');
  await page.selectOption('#region', region);
  await page.selectOption('#category', category);
  const regionName = (await page.locator('#region option:checked').textContent()).trim();
  await page.fill('#email', email);
  await page.fill('#display_name', 'Әйгерім');
  await page.check('input[name="consent"]');
  assert.equal(await page.inputValue('input[name="website"]'), '', 'the honeypot stays empty');
  [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), submit.click()]);
  await page.waitForLoadState();
  assert.equal(res.status(), 200, 'the form is accepted');
  assert.equal(await htmlLang(page), 'kk');
  assert.equal(await page.locator('h1').textContent(), t('kk', 'submitted-title'));
  assert.ok((await page.locator('body').textContent()).includes(t('kk', 'submitted-body')));

  // The confirmation mail: deliver the outbox once (the test server runs no scheduler).
  const before = new Set(readdirSync(mailDir).filter((f) => f.endsWith('.eml')));
  // From the repository's root, as run.sh started the server: the same data/pepper.
  execFileSync(bin, ['jobs', 'run', 'outbox'],
    { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'ignore', 'inherit'] });
  const mine = readdirSync(mailDir).filter((f) => f.endsWith('.eml') && !before.has(f))
    .map((f) => readMail(readFileSync(`${mailDir}/${f}`, 'latin1')))
    .filter((m) => m.to?.includes(email));
  assert.equal(mine.length, 1, `one mail to ${email} (got ${mine.length})`);
  const mail = mine[0];
  const subjectLead = lead('kk', 'mail-confirm-problem-subject');
  assert.ok(mail.subject.startsWith(subjectLead), `subject in Kazakh: ${mail.subject}`);
  const text = mail.parts['text/plain'];
  const html = mail.parts['text/html'];
  assert.ok(text && html, 'a text and an HTML part');
  for (const key of ['mail-confirm-problem-intro', 'mail-confirm-problem-quoted', 'mail-confirm-problem-action',
                     'mail-confirm-problem-tracking', 'mail-confirm-problem-not-you']) {
    assert.ok(text.includes(t('kk', key)), `the text part says ${key} in Kazakh`);
  }
  assert.ok(html.includes(t('kk', 'mail-confirm-problem-button')), 'the HTML button in Kazakh');
  assert.ok(text.includes(`> ${title}`), 'the text part quotes the title unaltered');
  assert.ok(html.includes(title), 'the HTML part quotes the title unaltered');
  const links = [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
  assert.ok(links.length >= 2, `links in the mail: ${links}`);
  for (const l of links) assert.equal(new URL(l).searchParams.get('lang'), 'kk', `${l} carries ?lang=kk`);
  const confirmLink = links.find((l) => new URL(l).pathname.startsWith('/confirm/'));
  assert.ok(confirmLink, 'a confirmation link');
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => unescapeHtml(m[1]))
    .filter((h) => h.startsWith('http'));
  assert.ok(hrefs.includes(confirmLink), `the HTML part links ${confirmLink}`);
  for (const h of hrefs) assert.equal(new URL(h).searchParams.get('lang'), 'kk', `${h} carries ?lang=kk`);

  // Follow it in another, English-speaking browser: ?lang=kk alone makes it Kazakh.
  await page.context().close();
  page = await fresh();
  const link = new URL(confirmLink);
  res = await page.goto(`${base}${link.pathname}${link.search}`);
  assert.equal(res.status(), 200);
  assert.equal(await htmlLang(page), 'kk', 'the mail link opens in Kazakh');
  assert.equal(await page.locator('h1').textContent(), t('kk', 'confirm-heading'));
  assert.equal(await page.locator('blockquote').textContent(), title);
  const button = page.locator('form[action^="/confirm/"] button');
  assert.equal(await button.textContent(), t('kk', 'confirm-button'));
  await Promise.all([page.waitForURL(/\/track\/.*confirmed=1/), button.click()]);
  assert.equal(await htmlLang(page), 'kk', 'the page after the button is Kazakh too');
  assert.equal(await page.locator('.flash').textContent(), t('kk', 'track-flash-confirmed'));
  assert.equal(await page.locator('h1').textContent(), title);
  await Promise.all([page.waitForURL(/\/problems\/\d+$/),
                     page.getByRole('link', { name: t('kk', 'track-public-page'), exact: true }).click()]);
  assert.equal(await htmlLang(page), 'kk');
  assert.equal(await page.locator('h1').textContent(), title, 'the public page shows the title unaltered');
  assert.ok((await page.locator('body').textContent()).includes(description.slice(0, 60)), 'and the description');
  assert.ok((await page.locator('body').textContent()).includes(regionName), `and the region ${regionName}`);

  // 3. The dashboard in each language, switched on the dashboard itself.
  res = await page.goto(`${base}/dashboard`);
  assert.equal(res.status(), 200);
  const widths = {};
  for (const lang of ['ru', 'en', 'kk']) {
    if (await htmlLang(page) !== lang) await switchTo(page, lang, NAMES[lang]);
    assert.equal(await page.locator('h1').textContent(), t(lang, 'dash-heading'));
    assert.ok(Number(await page.locator('#fig-received').textContent()) > 0, 'figures are shown');
    // Nothing pushes the page wider than the window (a long label would).
    widths[lang] = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(widths[lang] <= 1100, `the ${lang} dashboard fits the window (${widths[lang]}px)`);
    await page.screenshot({ path: `${out}/dashboard-${lang}.png`, fullPage: true });
  }

  assert.deepEqual(errors, [], 'no script errors');
  console.log(`languages test passed: kk/ru/en switch, problem filed and confirmed in Kazakh (${mail.subject}); ` +
    `screenshots dashboard-{kk,ru,en}.png in ${out}`);
} finally {
  await browser.close();
}
