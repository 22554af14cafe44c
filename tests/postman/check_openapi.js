#!/usr/bin/env node
// OpenAPI check: resources/openapi/chordlab.yaml must pass @apidevtools/swagger-parser's
// validation (the validator behind swagger-cli: OpenAPI 3.0 schema + spec rules, every $ref
// resolves), and follow the ChordLab contract: every operation has a success answer, and
// every 4xx/5xx answer is a JSON body with "error" and "detail" (docs/API.md).
'use strict';
const path = require('path');
const ROOT = path.join(__dirname, '..', '..');
let SwaggerParser;
try {
    SwaggerParser = require(path.join(ROOT, 'node_modules', '@apidevtools', 'swagger-parser'));
} catch (e) {
    console.error('FAIL: node_modules/@apidevtools/swagger-parser is missing: run scripts/setup.sh ' +
                  '(it runs npm install)');
    process.exit(1);
}
const file = process.argv[2] || path.join(ROOT, 'resources', 'openapi', 'chordlab.yaml');

(async () => {
    const api = await SwaggerParser.validate(file);
    const errors = [];
    if (!/^3\./.test(api.openapi)) errors.push('not an OpenAPI 3 document: ' + api.openapi);
    let ops = 0;
    for (const [p, item] of Object.entries(api.paths)) {
        if (!p.startsWith('/')) errors.push(`${p}: path must start with /`);
        for (const m of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
            const op = item[m];
            if (!op) continue;
            ops++;
            const where = `${m.toUpperCase()} ${p}`;
            const codes = Object.keys(op.responses || {});
            if (!codes.some((c) => /^2/.test(c))) errors.push(`${where}: no 2xx response`);
            if (!codes.some((c) => /^[45]/.test(c))) errors.push(`${where}: no error response`);
            for (const c of codes.filter((c) => /^[45]/.test(c))) {
                const json = op.responses[c].content && op.responses[c].content['application/json'];
                const schema = json && json.schema;
                const req = (schema && schema.required) || [];
                if (!req.includes('error') || !req.includes('detail'))
                    errors.push(`${where} ${c}: error answer is not {error, detail} JSON`);
            }
            for (const prm of [...(item.parameters || []), ...(op.parameters || [])])
                if (prm.in === 'path' && !p.includes('{' + prm.name + '}'))
                    errors.push(`${where}: path parameter ${prm.name} not in the path`);
        }
    }
    console.log(`${file}: OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths, ${ops} operations`);
    for (const e of errors) console.log('  ERROR: ' + e);
    if (errors.length) {
        process.exit(1);
    }
    console.log('the document is valid OpenAPI and every error answer is {error, detail}');
})().catch((e) => {
    console.error('FAIL: ' + e.message);
    process.exit(1);
});
