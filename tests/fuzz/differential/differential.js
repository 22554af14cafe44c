#!/usr/bin/env node
// Differential check of the node's request framing (nodecore/http/RequestDecoder) against an
// independent parser, Node's built-in llhttp, on seed requests and seeded mutations of them.
//
//   node differential.js --decoder build/tests/fuzz/differential/http_decode [--cases N] [--seed S]
//
// Where both parsers decode requests they must agree on each of them (method, path, body):
// a disagreement is how requests get smuggled. A request ours decodes where llhttp refuses the
// framing (Content-Length, Transfer-Encoding, chunk syntax) fails the check too. Where ours is
// more lenient by design (bare LF line ends, as Qt accepted; any upper-case method, routed to
// 404/405; header lines without a colon ignored) or stricter (only HTTP/1.0 and 1.1, methods
// of 3-10 letters, one Transfer-Encoding that ends with chunked), the case is counted under its
// reason and printed in the summary. Exit status 1 on any failure, with the case in hex.
'use strict';
const { spawnSync } = require('child_process');

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const decoder = arg('--decoder');
const cases = Number(arg('--cases', 20000));
const seed = Number(arg('--seed', 1));
if (!decoder) {
  console.error('usage: differential.js --decoder PATH [--cases N] [--seed S]');
  process.exit(2);
}

// ---- llhttp ----
process.noDeprecation = true;
const { HTTPParser, methods } = process.binding('http_parser');

function llhttp(bytes) {
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {});
  const requests = [];
  let current = null;
  parser[HTTPParser.kOnHeadersComplete] = (major, minor, headers, method, url) => {
    current = { method: methods[method], url, body: [] };
  };
  parser[HTTPParser.kOnBody] = (chunk) => current.body.push(Buffer.from(chunk));
  parser[HTTPParser.kOnMessageComplete] = () => {
    requests.push({ method: current.method, url: current.url, body: Buffer.concat(current.body) });
    current = null;
  };
  const result = parser.execute(bytes);
  const error = result instanceof Error ? result.code : null;
  return { requests, error };
}

// The path as ours routes it: absolute form reduced, fragment and query dropped.
function pathOf(url) {
  let target = url;
  const m = /^https?:\/\/[^/]*(\/.*)?$/.exec(target);
  if (m) target = m[1] || '/';
  target = target.split('#')[0];
  return target.split('?')[0];
}

// ---- cases ----
let state = seed >>> 0;
function random() {
  // mulberry32: the same cases for the same seed on every machine
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const below = (n) => Math.floor(random() * n);
const pick = (list) => list[below(list.length)];

const seeds = [
  'GET /db/a HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /dht/item?key=k&ring=5 HTTP/1.1\r\nAccept: application/json\r\n\r\n',
  'PUT /db/a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello',
  'POST /dht/replicate HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
  'PUT /db/b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\n\r\n',
  'PUT /db/c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\nTrailer: 1\r\n\r\n',
  'DELETE /db/a HTTP/1.1\r\nConnection: close\r\n\r\n',
  'HEAD /db/a HTTP/1.1\r\n\r\n',
  'GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
  'PUT /db/d HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nv',
  'GET http://127.0.0.1:5000/db/a HTTP/1.1\r\n\r\n',
  'GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n',
  'PUT /db/e HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /f HTTP/1.1\r\n\r\n',
];
const headerPool = [
  'Content-Length: 5', 'Content-Length: 0', 'Content-Length: 05', 'Content-Length: +5',
  'Content-Length: 5, 5', 'Content-Length:5', 'Content-Length : 5', 'content-length: 3',
  'Transfer-Encoding: chunked', 'Transfer-Encoding: gzip, chunked', 'Transfer-Encoding: chunked, gzip',
  'Transfer-Encoding: xchunked', 'Transfer-Encoding: Chunked', 'Transfer-Encoding:  chunked ',
  'Connection: close', 'Expect: 100-continue', 'X: a\tb', 'X-Folded: a\r\n b',
];
const alphabet = ' \r\n:0123456789abcdefABCDEF;\t-+x\u0000G/?#%H.';

function mutate(text) {
  let s = text;
  const steps = 1 + below(3);
  for (let k = 0; k < steps; ++k) {
    const at = below(s.length + 1);
    switch (below(7)) {
      case 0: s = s.slice(0, at) + pick(alphabet) + s.slice(at + 1); break;
      case 1: s = s.slice(0, at) + pick(alphabet) + s.slice(at); break;
      case 2: s = s.slice(0, at) + s.slice(at + 1); break;
      case 3: {
        const eol = s.indexOf('\r\n');
        if (eol >= 0) s = s.slice(0, eol + 2) + pick(headerPool) + '\r\n' + s.slice(eol + 2);
        break;
      }
      case 4: s = s + pick(seeds); break;
      case 5: s = s.replace(/\r\n/, '\n'); break;
      default: {
        const lines = s.split('\r\n');
        const i = below(lines.length);
        lines.splice(i, 0, lines[i]);
        s = lines.join('\r\n');
      }
    }
  }
  return s;
}

const inputs = seeds.slice();
while (inputs.length < cases) inputs.push(mutate(pick(seeds)));
const buffers = inputs.map((s) => Buffer.from(s, 'latin1'));

// ---- ours, all at once ----
const run = spawnSync(decoder, [], {
  input: buffers.map((b) => b.toString('base64')).join('\n') + '\n',
  maxBuffer: 1 << 28,
});
if (run.status !== 0) {
  console.error('http_decode failed:', run.stderr.toString());
  process.exit(1);
}
const ours = run.stdout.toString().trim().split('\n').map((line) => JSON.parse(line));
if (ours.length !== buffers.length) {
  console.error(`http_decode answered ${ours.length} of ${buffers.length} cases`);
  process.exit(1);
}

// ---- compare ----
const framingErrors = new Set(['HPE_INVALID_CONTENT_LENGTH', 'HPE_UNEXPECTED_CONTENT_LENGTH',
  'HPE_INVALID_TRANSFER_ENCODING', 'HPE_INVALID_CHUNK_SIZE', 'HPE_STRICT', 'HPE_CR_EXPECTED',
  'HPE_LF_EXPECTED']);
const counts = {};
const count = (why) => { counts[why] = (counts[why] || 0) + 1; };
const failures = [];

function reasonOursLenient(bytes, theirError) {
  const text = bytes.toString('latin1');
  if (/(^|[^\r])\n/.test(text)) return 'bare LF accepted (ours, as Qt did)';
  if (theirError === 'HPE_INVALID_METHOD') return 'method unknown to llhttp (ours: 404/405)';
  if (theirError === 'HPE_INVALID_HEADER_TOKEN' || theirError === 'HPE_INVALID_CONSTANT')
    return 'header line llhttp refuses (ours ignores lines without a colon, trims)';
  if (theirError === 'HPE_INVALID_URL') return 'target bytes llhttp refuses';
  if (theirError === 'HPE_INVALID_VERSION') return 'version syntax llhttp refuses';
  if (theirError === 'HPE_INVALID_EOF_STATE' || theirError === 'HPE_INVALID_HEADER_TOKEN')
    return 'header syntax';
  if (theirError === 'HPE_UNEXPECTED_SPACE') return 'space llhttp refuses';
  return null;
}

for (let i = 0; i < buffers.length; ++i) {
  const bytes = buffers[i];
  const theirs = llhttp(bytes);
  const mine = ours[i];
  const mineRequests = mine.requests.map(([method, path, body]) => ({
    method, path: Buffer.from(path, 'base64').toString('latin1'),
    body: Buffer.from(body, 'base64'),
  }));
  const common = Math.min(mineRequests.length, theirs.requests.length);
  let agreed = true;
  for (let k = 0; k < common; ++k) {
    const a = mineRequests[k];
    const b = theirs.requests[k];
    const sameMethod = a.method === 'UNKNOWN' || a.method === b.method;
    if (!sameMethod || a.path !== pathOf(b.url) || !a.body.equals(b.body)) {
      failures.push({ i, why: `request ${k} differs: ours ${a.method} ${a.path} ${a.body.length} B, ` +
        `llhttp ${b.method} ${pathOf(b.url)} ${b.body.length} B` });
      agreed = false;
      break;
    }
  }
  if (!agreed) continue;
  if (mineRequests.length === theirs.requests.length &&
      (mine.error === undefined) === (theirs.error === null)) {
    count('agree');
    continue;
  }
  if (mineRequests.length > theirs.requests.length) {
    // Ours decoded a request that llhttp refused.
    const lenient = reasonOursLenient(bytes, theirs.error);
    if (framingErrors.has(theirs.error) && !lenient)
      failures.push({ i, why: `ours decoded a request whose framing llhttp refuses (${theirs.error})` });
    else
      count(lenient || `ours decoded, llhttp: ${theirs.error || 'incomplete'}`);
  } else if (mineRequests.length < theirs.requests.length) {
    count(`ours refused (${mine.error || 'incomplete'}), llhttp decoded`);
  } else {
    count(mine.error !== undefined ? `ours refused (${mine.error}), llhttp: ${theirs.error || 'incomplete'}`
      : `llhttp refused (${theirs.error}), ours: incomplete`);
  }
}

console.log(`http_differential: ${buffers.length} cases (seed ${seed})`);
for (const [why, n] of Object.entries(counts).sort((a, b) => b[1] - a[1]))
  console.log(`  ${String(n).padStart(6)}  ${why}`);
for (const f of failures.slice(0, 10))
  console.log(`FAIL case ${f.i}: ${f.why}\n  bytes: ${buffers[f.i].toString('hex')}\n  text: ${JSON.stringify(inputs[f.i])}`);
if (failures.length) {
  console.log(`${failures.length} failures; reproduce: node differential.js --decoder PATH --cases ${cases} --seed ${seed}`);
  process.exit(1);
}
