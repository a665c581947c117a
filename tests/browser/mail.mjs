// What the browser tests share: the catalogs' one-line messages, and the mail the service
// writes as files when no SMTP server is configured (delivered by running the outbox once
// with `civic-tracker jobs run outbox`).
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';

// --- The catalogs: one-line messages `key = value` (enough for what is checked here).
export function catalog(lang) {
  const text = readFileSync(new URL(`../../templates/i18n/${lang}.ftl`, import.meta.url), 'utf8');
  const m = new Map();
  for (const line of text.split('\n')) {
    const hit = /^([a-z][a-z0-9-]*) = (.+)$/.exec(line);
    if (hit) m.set(hit[1], hit[2].trim());
  }
  return m;
}
export const cat = { kk: catalog('kk'), ru: catalog('ru'), en: catalog('en') };
export const t = (lang, key) => {
  const v = cat[lang].get(key);
  assert.ok(v, `${key} is in ${lang}.ftl`);
  return v;
};
// The literal text before a message's first placeable (`{ $x }`).
export const lead = (lang, key) => t(lang, key).split('{')[0].trim();

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
    default: return utf8(body); // 7bit or 8bit: the bytes as they are
  }
}
// The HTML part escapes attributes (`&amp;`, `&#x27;`; '/' stays '/').
export const unescapeHtml = (s) => s
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(Number(d)))
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
// { subject, to, parts: { 'text/plain': …, 'text/html': … } }
export function readMail(raw) {
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

// Runs the outbox (from the repository's root, as run.sh started the server: the same
// data and pepper) and returns the mails it wrote to `to`. When none came, it runs it again,
// up to four times a second and a half apart: a sign-in link is queued by a background task
// after the answer (`people::request_login`, so that the answer's timing says nothing about
// the address), and in CI the outbox run came first in two whole browser runs out of four.
export function deliver(bin, mailDir, to) {
  const before = new Set(readdirSync(mailDir).filter((f) => f.endsWith('.eml')));
  let mails = [];
  for (let attempt = 0; attempt < 4 && mails.length === 0; attempt++) {
    if (attempt > 0) execFileSync('sleep', ['1.5']);
    execFileSync(bin, ['jobs', 'run', 'outbox'],
      { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'ignore', 'inherit'] });
    mails = readdirSync(mailDir).filter((f) => f.endsWith('.eml') && !before.has(f))
      .map((f) => readMail(readFileSync(`${mailDir}/${f}`, 'latin1')))
      .filter((m) => m.to?.includes(to));
  }
  return mails;
}

// The links of a mail's text part.
export const linksOf = (mail) => [...mail.parts['text/plain'].matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
