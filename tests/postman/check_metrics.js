#!/usr/bin/env node
// Metrics check: starts one chord-node on a free loopback port, makes requests of several
// kinds, fetches GET /metrics and validates it
//   1. with a strict parser of the Prometheus text exposition format 0.0.4 written here
//      (syntax of every line, HELP/TYPE placement, grouping, duplicates, histogram rules), and
//   2. with the npm parser parse-prometheus-text-format, whose reading must agree with ours,
// then checks the values against the requests that were made. Stops the node it started.
//
//   node check_metrics.js CHORD_NODE           (or: node check_metrics.js --file metrics.txt)
'use strict';
const {spawn} = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
let parsePrometheusTextFormat;
try {
    parsePrometheusTextFormat = require(path.join(ROOT, 'node_modules', 'parse-prometheus-text-format'));
} catch (e) {
    console.error('FAIL: node_modules/parse-prometheus-text-format is missing: run scripts/setup.sh ' +
                  '(it runs npm install)');
    process.exit(1);
}

// ---- strict text-format parser ------------------------------------------------------------
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(s) {
    if (s === '+Inf' || s === 'Inf') return Infinity;
    if (s === '-Inf') return -Infinity;
    if (s === 'NaN') return NaN;
    if (!/^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(s)) return undefined;
    return Number(s);
}

// Reads `{a="x",b="y"}` starting at s[i] === '{'; returns [labels, index after '}'].
function parseLabels(s, i, fail) {
    const labels = {};
    i++;
    for (;;) {
        if (s[i] === '}') return [labels, i + 1];
        const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(s.slice(i));
        if (!m) fail('bad label name');
        const name = m[0];
        i += name.length;
        if (s[i] !== '=' || s[i + 1] !== '"') fail('expected ="' + ' after label ' + name);
        i += 2;
        let v = '';
        for (;;) {
            if (i >= s.length) fail('unterminated label value');
            const c = s[i];
            if (c === '"') { i++; break; }
            if (c === '\\') {
                const n = s[i + 1];
                if (n === '\\') v += '\\';
                else if (n === '"') v += '"';
                else if (n === 'n') v += '\n';
                else fail('bad escape \\' + n + ' in label value');
                i += 2;
                continue;
            }
            v += c;
            i++;
        }
        if (name in labels) fail('duplicate label ' + name);
        if (name.startsWith('__')) fail('reserved label name ' + name);
        labels[name] = v;
        if (s[i] === ',') { i++; continue; }
        if (s[i] !== '}') fail('expected , or } in labels');
    }
}

function strictParse(text) {
    const errors = [];
    const warnings = [];
    const families = new Map(); // name -> {type, help, samples: []}
    const seenSeries = new Set();
    const closed = new Set(); // families whose sample group has ended
    let current = null;
    if (!text.endsWith('\n')) errors.push('the exposition must end with a newline');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();

    const familyOf = (sample) => {
        for (const suffix of ['_bucket', '_sum', '_count']) {
            if (sample.endsWith(suffix)) {
                const base = sample.slice(0, -suffix.length);
                const f = families.get(base);
                if (f && (f.type === 'histogram' || (f.type === 'summary' && suffix !== '_bucket')))
                    return base;
            }
        }
        return sample;
    };
    const family = (name) => {
        if (!families.has(name)) families.set(name, {type: undefined, help: undefined, samples: []});
        return families.get(name);
    };

    lines.forEach((line, idx) => {
        const where = `line ${idx + 1}: `;
        const fail = (msg) => { throw new Error(where + msg + ': ' + JSON.stringify(line)); };
        try {
            if (line.trim() === '') return;
            if (line.startsWith('#')) {
                const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
                if (!m) return; // plain comment
                const [, kw, name, rest] = m;
                if (!NAME.test(name)) fail('bad metric name in ' + kw);
                const f = family(name);
                if (kw === 'HELP') {
                    if (f.help !== undefined) fail('second HELP for ' + name);
                    if (/\\[^\\n]/.test((rest || '').replace(/\\\\/g, ''))) fail('bad escape in HELP');
                    f.help = rest || '';
                } else {
                    if (f.type !== undefined) fail('second TYPE for ' + name);
                    if (f.samples.length) fail('TYPE after samples of ' + name);
                    if (!TYPES.has(rest)) fail('unknown type ' + rest);
                    f.type = rest;
                }
                return;
            }
            const m = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
            if (!m) fail('bad metric name');
            const name = m[0];
            let i = name.length;
            let labels = {};
            if (line[i] === '{') [labels, i] = parseLabels(line, i, fail);
            if (line[i] !== ' ') fail('expected a space before the value');
            const parts = line.slice(i + 1).split(' ');
            if (parts.length < 1 || parts.length > 2 || parts[0] === '') fail('expected value [timestamp]');
            const value = parseValue(parts[0]);
            if (value === undefined) fail('bad value ' + parts[0]);
            if (parts.length === 2 && !/^-?[0-9]+$/.test(parts[1])) fail('bad timestamp');
            const fname = familyOf(name);
            const f = family(fname);
            if (current !== fname) {
                if (closed.has(fname)) fail('samples of ' + fname + ' are not grouped together');
                if (current) closed.add(current);
                current = fname;
            }
            const key = name + JSON.stringify(Object.entries(labels).sort());
            if (seenSeries.has(key)) fail('duplicate series');
            seenSeries.add(key);
            if (f.type === 'counter' && !(value >= 0)) fail('negative counter');
            if (f.type === 'histogram' && name === fname) fail('histogram sample without _bucket/_sum/_count');
            f.samples.push({name, labels, value});
        } catch (e) {
            errors.push(e.message);
        }
    });

    for (const [name, f] of families) {
        if (f.type === undefined) warnings.push(`${name}: no TYPE line (untyped)`);
        if (f.help === undefined) warnings.push(`${name}: no HELP line`);
        if (f.type === 'counter' && !name.endsWith('_total'))
            warnings.push(`${name}: counter name without _total`);
        if (f.type !== 'histogram') continue;
        // Group by label set without le.
        const groups = new Map();
        for (const s of f.samples) {
            const {le, ...rest} = s.labels;
            const k = JSON.stringify(Object.entries(rest).sort());
            if (!groups.has(k)) groups.set(k, {buckets: [], sum: undefined, count: undefined});
            const g = groups.get(k);
            if (s.name === name + '_bucket') {
                if (le === undefined) { errors.push(`${name}_bucket without le ${k}`); continue; }
                const b = parseValue(le);
                if (b === undefined || Number.isNaN(b)) errors.push(`${name}: bad le="${le}"`);
                g.buckets.push({le: b, v: s.value});
            } else if (s.name === name + '_sum') {
                g.sum = s.value;
            } else if (s.name === name + '_count') {
                g.count = s.value;
            }
        }
        for (const [k, g] of groups) {
            const label = `${name}${k === '[]' ? '' : ' ' + k}`;
            if (!g.buckets.length) { errors.push(`${label}: no buckets`); continue; }
            for (let j = 1; j < g.buckets.length; j++) {
                if (!(g.buckets[j].le > g.buckets[j - 1].le)) errors.push(`${label}: le not increasing`);
                if (g.buckets[j].v < g.buckets[j - 1].v) errors.push(`${label}: buckets not cumulative`);
            }
            const inf = g.buckets[g.buckets.length - 1];
            if (inf.le !== Infinity) errors.push(`${label}: no le="+Inf" bucket`);
            if (g.count === undefined) errors.push(`${label}: no _count`);
            else if (g.count !== inf.v) errors.push(`${label}: _count ${g.count} != +Inf bucket ${inf.v}`);
            // The text format defines a histogram as x_bucket{le}, x_sum and x_count.
            if (g.sum === undefined) errors.push(`${label}: no ${name}_sum (a histogram exposes x_bucket, x_sum and x_count)`);
        }
    }
    return {families, errors, warnings};
}

// ---- checks against the npm parser and the requests made ----------------------------------
function crossCheck(text, mine, errors) {
    let theirs;
    try {
        theirs = parsePrometheusTextFormat(text);
    } catch (e) {
        errors.push('parse-prometheus-text-format failed: ' + e.message);
        return;
    }
    const typed = [...mine.families].filter(([, f]) => f.type);
    const names = theirs.map((f) => f.name).sort();
    const want = typed.map(([n]) => n).sort();
    if (JSON.stringify(names) !== JSON.stringify(want))
        errors.push(`parse-prometheus-text-format sees families ${names} but the strict parser ${want}`);
    for (const f of theirs) {
        const m = mine.families.get(f.name);
        if (!m) continue;
        if (f.type.toLowerCase() !== m.type) errors.push(`${f.name}: type ${f.type} vs ${m.type}`);
        if (m.type === 'histogram') {
            // parse-prometheus-text-format 1.1 flattens a histogram with labels other than le
            // into one metric (it keeps neither the labels nor _count): cross-check only the
            // histograms without other labels; the strict parser checks every one.
            if (m.samples.some((s) => Object.keys(s.labels).some((k) => k !== 'le'))) continue;
            for (const h of f.metrics) {
                if (!h.buckets || !('+Inf' in h.buckets))
                    errors.push(`${f.name}: npm parser found no +Inf bucket`);
                if (String(h.count) !== String(h.buckets && h.buckets['+Inf']))
                    errors.push(`${f.name}: npm parser count ${h.count} != +Inf bucket`);
            }
        } else {
            const n = m.samples.length;
            if (f.metrics.length !== n)
                errors.push(`${f.name}: npm parser ${f.metrics.length} samples, strict parser ${n}`);
            for (const s of f.metrics)
                if (Number.isNaN(Number(s.value))) errors.push(`${f.name}: npm parser value ${s.value}`);
        }
    }
}

function value(mine, name, labels) {
    for (const [, f] of mine.families)
        for (const s of f.samples)
            if (s.name === name && Object.entries(labels || {}).every(([k, v]) => s.labels[k] === v))
                return s.value;
    return undefined;
}

function checkValues(mine, made, errors) {
    const need = {
        chord_http_requests_total: 'counter',
        chord_http_request_duration_ms: 'histogram',
        chord_lookups_total: 'counter',
        chord_lookup_failures_total: 'counter',
        chord_lookup_hops: 'histogram',
        chord_keys: 'gauge',
        chord_stabilize_rounds_total: 'counter',
        chord_peer_failures_total: 'counter',
        chord_handoff_items_total: 'counter',
    };
    for (const [n, t] of Object.entries(need)) {
        const f = mine.families.get(n);
        if (!f) errors.push(`missing family ${n}`);
        else if (f.type !== t) errors.push(`${n} is ${f.type}, expected ${t}`);
    }
    const expect = (what, got, ok) => {
        if (!ok(got)) errors.push(`${what}: got ${got}`);
        else console.log(`  ok  ${what} = ${got}`);
    };
    for (const [route, status, n] of made.counts)
        expect(`chord_http_requests_total{route="${route}",status="${status}"} >= ${n}`,
               value(mine, 'chord_http_requests_total', {route, status}), (v) => v >= n);
    expect(`chord_http_request_duration_ms_count{route="/db/{key}"} >= ${made.dbRequests}`,
           value(mine, 'chord_http_request_duration_ms_count', {route: '/db/{key}'}),
           (v) => v >= made.dbRequests);
    expect(`chord_lookups_total >= ${made.lookups}`, value(mine, 'chord_lookups_total'),
           (v) => v >= made.lookups);
    expect('chord_lookup_hops_count = chord_lookups_total - chord_lookup_failures_total',
           value(mine, 'chord_lookup_hops_count'),
           (v) => v === value(mine, 'chord_lookups_total') - value(mine, 'chord_lookup_failures_total'));
    expect(`chord_keys{role="primary"} = ${made.keys} (a ring of one owns every key)`,
           value(mine, 'chord_keys', {role: 'primary'}), (v) => v === made.keys);
    expect('chord_keys{role="replica"} = 0', value(mine, 'chord_keys', {role: 'replica'}), (v) => v === 0);
    expect('chord_stabilize_rounds_total > 0', value(mine, 'chord_stabilize_rounds_total'), (v) => v > 0);
    expect('chord_handoff_items_total{direction="out"} >= 0',
           value(mine, 'chord_handoff_items_total', {direction: 'out'}), (v) => v >= 0);
}

// ---- the node -------------------------------------------------------------------------------
function startNode(bin) {
    return new Promise((resolve, reject) => {
        const child = spawn(bin, ['--host', '127.0.0.1', '--port', '0', '--name', 'metrics1',
                                  '--stabilize-ms', '50'], {stdio: ['ignore', 'pipe', 'pipe']});
        let out = '';
        let err = '';
        const timer = setTimeout(() => reject(new Error('no "listening on" line within 15 s\n' + err)), 15000);
        child.on('error', (e) => { clearTimeout(timer); reject(e); });
        child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`chord-node exited (${code})\n${err}`)); });
        child.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
        child.stdout.on('data', (d) => {
            out += d;
            const m = /listening on (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(out);
            if (m) {
                clearTimeout(timer);
                child.removeAllListeners('exit');
                resolve({child, url: m[1]});
            }
        });
    });
}

async function waitReady(url) {
    for (let i = 0; i < 150; i++) {
        try {
            if ((await fetch(url + '/')).status === 200) return;
        } catch (e) { /* not yet */ }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('GET / never answered 200');
}

async function exercise(url) {
    const made = {counts: [], lookups: 0, keys: 0, dbRequests: 0};
    const call = async (method, p, bodyText, headers) => {
        const r = await fetch(url + p, {method, body: bodyText, headers});
        await r.arrayBuffer();
        return r.status;
    };
    const tally = new Map();
    const note = (route, status) => tally.set(route + ' ' + status, (tally.get(route + ' ' + status) || 0) + 1);
    for (let i = 0; i < 5; i++) {
        note('/db/{key}', await call('PUT', `/db/metrics-key-${i}`, `value ${i}`));
        made.keys++;
    }
    for (let i = 0; i < 7; i++) note('/db/{key}', await call('GET', `/db/metrics-key-${i % 5}`));
    note('/db/{key}', await call('GET', '/db/never-stored'));
    note('/db/{key}', await call('PUT', '/db/metrics-key-9', 'x'));
    note('/db/{key}', await call('DELETE', '/db/metrics-key-9'));
    made.dbRequests = 5 + 7 + 1 + 2;
    for (let i = 0; i < 4; i++) {
        note('/dht/lookup', await call('GET', `/dht/lookup?key=k${i}`));
        made.lookups++;
    }
    note('/dht/lookup', await call('GET', '/dht/lookup?id=nonsense'));
    note('/nodeinfo', await call('GET', '/nodeinfo'));
    note('unmatched', await call('GET', '/no/such/route'));
    note('unmatched', await call('DELETE', '/nodeinfo'));
    for (const [k, n] of tally) {
        const [route, status] = k.split(' ');
        made.counts.push([route, status, n]);
    }
    const expected = [['/db/{key}', '200', 15], ['/dht/lookup', '200', 4], ['/dht/lookup', '400', 1],
                      ['/nodeinfo', '200', 1]];
    for (const [route, status, n] of expected)
        if ((tally.get(route + ' ' + status) || 0) !== n)
            throw new Error(`unexpected answers: ${JSON.stringify([...tally])}`);
    // let a few maintenance rounds run (--stabilize-ms 50)
    await new Promise((r) => setTimeout(r, 400));
    return made;
}

// The strict parser must reject these (a checker that accepts everything checks nothing).
function selfTest() {
    const ok = '# HELP a_total help\n# TYPE a_total counter\na_total{x="1"} 1\n';
    const bad = {
        'no final newline': ok.trimEnd(),
        'bad metric name': '1abc 1\n',
        'bad value': 'a 1x\n',
        'missing value': 'a{b="c"}\n',
        'unquoted label value': 'a{b=c} 1\n',
        'bad escape': 'a{b="\\q"} 1\n',
        'duplicate series': 'a{b="c"} 1\na{b="c"} 2\n',
        'duplicate label': 'a{b="c",b="d"} 1\n',
        'second TYPE': '# TYPE a gauge\n# TYPE a gauge\na 1\n',
        'TYPE after samples': 'a 1\n# TYPE a gauge\n',
        'unknown type': '# TYPE a meter\na 1\n',
        'negative counter': '# TYPE a_total counter\na_total -1\n',
        'families interleaved': 'a 1\nb 1\na{x="y"} 1\n',
        'histogram without +Inf': '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\nh_sum 1\n',
        'histogram not cumulative': '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 1\n',
        'histogram count mismatch': '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 1\nh_sum 1\n',
        'histogram without _sum': '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n',
        'histogram le bad': '# TYPE h histogram\nh_bucket{le="x"} 1\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 1\n',
    };
    const errors = [];
    if (strictParse(ok).errors.length) errors.push('a valid exposition was rejected: ' + strictParse(ok).errors);
    for (const [what, text] of Object.entries(bad))
        if (!strictParse(text).errors.length) errors.push('the strict parser accepted: ' + what);
    console.log(`strict parser self-test: ${Object.keys(bad).length} malformed expositions rejected` +
                (errors.length ? ` except ${errors.length}` : ''));
    return errors;
}

async function main() {
    const selfErrors = selfTest();
    const args = process.argv.slice(2);
    let text;
    let made = null;
    let node = null;
    if (args[0] === '--file') {
        text = fs.readFileSync(args[1], 'utf8');
    } else {
        if (!args[0]) throw new Error('usage: check_metrics.js CHORD_NODE | --file metrics.txt');
        node = await startNode(args[0]);
        try {
            console.log('node at ' + node.url + ' (pid ' + node.child.pid + ')');
            await waitReady(node.url);
            made = await exercise(node.url);
            const r = await fetch(node.url + '/metrics');
            const ct = r.headers.get('content-type') || '';
            text = await r.text();
            if (r.status !== 200) throw new Error('GET /metrics answered ' + r.status);
            if (!/^text\/plain; version=0\.0\.4/.test(ct))
                throw new Error('GET /metrics Content-Type is "' + ct + '", expected text/plain; version=0.0.4');
            console.log('GET /metrics: 200, ' + ct + ', ' + text.length + ' bytes');
        } finally {
            node.child.kill('SIGTERM');
        }
    }
    const mine = strictParse(text);
    const errors = selfErrors.concat(mine.errors);
    crossCheck(text, mine, errors);
    let samples = 0;
    for (const [, f] of mine.families) samples += f.samples.length;
    console.log(`strict parser: ${mine.families.size} families, ${samples} samples`);
    if (made) checkValues(mine, made, errors);
    for (const w of [...new Set(mine.warnings)]) console.log('  warning: ' + w);
    for (const e of errors) console.log('  ERROR: ' + e);

    if (errors.length) {
        console.log(`metrics check: ${errors.length} error(s)`);
        process.exit(1);
    }
    console.log('metrics check: the exposition is valid and matches the requests made');
}

main().catch((e) => {
    console.error('FAIL: ' + (e.stack || e.message));
    process.exit(1);
});
