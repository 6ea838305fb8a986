// `golive suggest` reading a 10,000-file project (a compose backend, env files, Caddy, a mini-program, cloud functions and
// thousands of source files), beside two baselines in the same run: a bare recursive directory walk, and the same walk
// reading every file once. Target (issue 15): the project read and the suggestions made in under 2 s.
// Needs the build (`npx tsc -p tsconfig.build.json`): imports dist/.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.GOLIVE_DIST ?? join(repo, 'dist');
const { suggestProject } = await import(join(dist, 'suggest', 'index.js'));

const root = mkdtempSync(join(tmpdir(), 'golive-suggest-bench-'));
const target = 10_000;
let count = 0;
function put(path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  count += 1;
}
put('docker-compose.prod.yml', 'services:\n  mysql:\n    image: mysql:8.0\n    ports: ["3306:3306"]\n    volumes: [db:/var/lib/mysql]\n  redis:\n    image: redis:7\n  api:\n    build: ./backend\n    env_file: [.env.prod]\n  caddy:\n    image: caddy:2\n    ports: ["443:443"]\nvolumes: { db: {} }\n');
put('.env.prod.example', 'MYSQL_DSN=\nREDIS_ADDR=redis:6379\nJWT_SECRET=\nADMIN_JWT_SECRET=\nCORS_ORIGINS=*\nLOG_LEVEL=warn\nOSS_BUCKET=\nTENCENT_MAP_KEY=\n');
put('ops/Caddyfile', 'api.example.cn {\n  reverse_proxy api:8080\n}\n');
put('backend/package.json', JSON.stringify({ name: 'api', scripts: { test: 'vitest run' }, dependencies: { express: '4', mysql2: '3', ioredis: '5' } }));
put('miniapp/project.config.json', '{ "appid": "wx0000000000000000", "cloudfunctionRoot": "cloudfunctions/" }');
put('miniapp/config/index.js', "export const BASE_URL = 'https://api.example.cn';\n");
put('scripts/backup.sh', 'BACKUP_DIR=/backup/mysql\nmysqldump app | gzip > $BACKUP_DIR/app.sql.gz\n');
for (let fn = 0; fn < 20; fn += 1) put(`miniapp/cloudfunctions/fn${fn}/index.js`, `const db = require('wx-server-sdk').database();\nexports.main = () => db.collection('c${fn}').get();\n`);
const body = (i) => `import { helper${i % 50} } from './helpers.js';\n// module ${i}\nexport function handler${i}(req, res) {\n  const limit = Number(process.env.PAGE_LIMIT ?? 20);\n  return res.json({ ok: true, id: ${i}, limit, items: Array.from({ length: 10 }, (_, k) => helper${i % 50}(k)) });\n}\n`.repeat(3);
for (let i = 0; count < target; i += 1) {
  const folder = i % 3 === 0 ? `backend/src/module${i % 200}` : i % 3 === 1 ? `miniapp/pages/page${i % 150}` : `admin/src/views/v${i % 100}`;
  put(`${folder}/file${i}.${i % 3 === 1 ? 'js' : 'ts'}`, body(i));
}

function walk(dir) {
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) files += walk(join(dir, entry.name));
    else if (entry.isFile()) files += 1;
  }
  return files;
}
function walkAndRead(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) bytes += walkAndRead(join(dir, entry.name));
    else if (entry.isFile()) bytes += readFileSync(join(dir, entry.name)).length;
  }
  return bytes;
}
async function time(fn, runs = 5) {
  await fn();
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const walkMs = await time(() => walk(root));
const readMs = await time(() => walkAndRead(root));
let result;
const suggestMs = await time(async () => {
  result = await suggestProject(root);
});
rmSync(root, { recursive: true, force: true });
console.log(`project: ${count} files`);
console.log(`bare directory walk (baseline):   ${walkMs.toFixed(0)} ms (median of 5)`);
console.log(`walk + read every file (baseline): ${readMs.toFixed(0)} ms (median of 5)`);
console.log(`golive suggest:                   ${suggestMs.toFixed(0)} ms (median of 5) = ${(suggestMs / walkMs).toFixed(1)}× the bare walk`);
console.log(`found: ${result.profile.files.length} files, stack ${[...result.view.signals].join(', ')}; ${result.suggestions.length} suggestions`);
console.log(suggestMs < 2000 ? 'target met: under 2 s' : `target missed: ${suggestMs.toFixed(0)} ms ≥ 2000 ms`);
process.exitCode = suggestMs < 2000 ? 0 : 1;
