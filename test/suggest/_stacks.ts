/** Fixture projects for the five seeds' stacks, each with planted misses and the edits that fix them. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Stack {
  readonly seed: '000' | '001' | '002' | '003' | '004';
  /** Files of the project as committed, with the misses planted. */
  readonly files: (root: string) => Record<string, string>;
  /** The same files after the team fixed what the proposed checks found. */
  readonly fixes: (root: string) => Record<string, string>;
  /** Lessons of this seed (and others) that apply to the stack. */
  readonly expected: readonly string[];
  /** Lessons that must not be proposed for this stack. */
  readonly absent: readonly string[];
  /** Env-file values planted in the fixture; none may appear in any output. */
  readonly values: readonly string[];
  /** The value of ${API_DOMAIN} when the proposed checks run. */
  readonly apiDomain: string;
}

export async function writeProject(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

export async function makeProject(stack: Stack): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `golive-suggest-${stack.seed}-`));
  await writeProject(root, stack.files(root));
  return root;
}

/** Seed 000: Node backend in docker on Aliyun (RDS, OSS), Tencent Map, WeChat Pay, a native mini-program. */
const s000: Stack = {
  seed: '000',
  apiDomain: 'api.maoming-travel.cn',
  values: ['db-test.internal', 'hxcm-oss-test', 'http://test.maoming-travel.cn/pay/notify', 'mch-1900000109'],
  files: () => ({
    'docker-compose.yml': 'services:\n  backend:\n    build: ./apps/backend\n    container_name: xinyi-wenlu-backend\n    env_file: [apps/backend/.env.production]\n    restart: unless-stopped\n',
    '.gitignore': '.env*\n',
    'apps/backend/.env.production': 'DB_HOST=db-test.internal\nDB_NAME=wanda_platform\nOSS_BUCKET=hxcm-oss-test\nTENCENT_MAP_KEY=\nWXPAY_NOTIFY_URL=http://test.maoming-travel.cn/pay/notify\nWECHAT_MCH_ID=mch-1900000109\nLOG_LEVEL=debug\n',
    'apps/backend/src/config.js': 'module.exports = { map: process.env.TENCENT_MAP_KEY, bucket: process.env.OSS_BUCKET, db: process.env.DB_HOST };\n',
    'apps/backend/package.json': JSON.stringify({ name: 'backend', dependencies: { express: '^4', mysql2: '^3', 'ali-oss': '^6' } }),
    'apps/miniprogram/project.config.json': '{ "appid": "wx0a1b2c3d4e5f6a7b" }',
    'apps/miniprogram/config/index.js': "export const BASE_URL = 'http://112.74.36.81:8080';\n",
    'docs/deploy.md': '# 部署\n\n生产服务器 root 密码：password=nrftI5r4ag9qAGvk\n',
  }),
  fixes: () => ({
    'apps/backend/.env.production': 'DB_HOST=rm-bp1abc23.mysql.rds.aliyuncs.com\nDB_NAME=wanda_platform\nOSS_BUCKET=hxcm-oss\nTENCENT_MAP_KEY=RNYBZ-VMELW-J5HRP-YAS4F-5OMKH-35BAE\nWXPAY_NOTIFY_URL=https://api.maoming-travel.cn/pay/notify\nWECHAT_MCH_ID=mch-1900000109\nLOG_LEVEL=warn\n',
    'apps/miniprogram/config/index.js': "export const BASE_URL = 'https://api.maoming-travel.cn';\n",
    'docs/deploy.md': '# 部署\n\n生产服务器的登录方式见密码管理器。\n',
  }),
  expected: ['wechat-server-domains', 'wechat-filing', 'phased-release', 'db-host-production', 'oss-bucket-production', 'map-key-set', 'map-key-in-container', 'pay-callback-production', 'log-level-not-debug', 'image-tag-release', 'containers-running', 'no-secrets-in-repo', 'miniprogram-base-url', 'miniprogram-leftovers'],
  absent: ['datastore-port-published', 'datastore-port-closed', 'compose-down-v', 'backup-missing', 'cloudbase-db-permissions', 'cloudbase-backup', 'vercel-env', 'pay-callback-manual', 'jwt-secret-strong'],
};

/** Seed 001: Node S2B2C backend (Express, Sequelize, MySQL, WeChat Pay) behind Nginx, backup script, a native mini-program. */
const s001: Stack = {
  seed: '001',
  apiDomain: 'api.s2b2c-shop.cn',
  values: ['dev-secret-123', 'mch-1610000001', 'pay-key-fixture-value'],
  files: (root) => ({
    'backend/package.json': JSON.stringify({ name: 's2b2c', scripts: { test: 'node test/critical-path.js' }, engines: { node: '>=16' }, dependencies: { express: '^4', sequelize: '^6', mysql2: '^3', jsonwebtoken: '^9' } }),
    '.gitignore': '.env\n',
    'backend/.env': 'NODE_ENV=development\nDB_HOST=127.0.0.1\nDB_PASSWORD=dev-secret-123\nJWT_SECRET=dev-secret-123\nADMIN_JWT_SECRET=dev-secret-123\nCORS_ORIGINS=*\nENABLE_DEBUG_ROUTES=true\nWECHAT_MCH_ID=mch-1610000001\nWECHAT_PAY_KEY=pay-key-fixture-value\n',
    'backend/app.js': "const { JWT_SECRET, CORS_ORIGINS } = process.env;\nif (process.env.ENABLE_DEBUG_ROUTES === 'true') require('./debug');\nmodule.exports = { JWT_SECRET, CORS_ORIGINS, admin: process.env.ADMIN_JWT_SECRET, env: process.env.NODE_ENV, db: process.env.DB_HOST };\n",
    'backend/test/critical-path.js': "// order → pay → ship → commission: fails until the pay callback is implemented\nprocess.exit(1);\n",
    'backend/migrations/20250101-create-users.js': "module.exports = { up: (queryInterface, Sequelize) => queryInterface.createTable('users', {}) };\n",
    'scripts/backup-mysql.sh': `#!/bin/bash\nBACKUP_DIR=${join(root, 'backup/mysql')}\nmysqldump -u root s2b2c | gzip > \${BACKUP_DIR}/s2b2c_$(date +%Y%m%d).sql.gz\n`,
    'backup/mysql/.keep': '',
    '.github/workflows/deploy.yml': 'on: { push: { branches: [main] } }\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ssh deploy@server "cd /srv/s2b2c && git pull && pm2 reload all"\n',
    'deploy/nginx/s2b2c.conf': 'server {\n  listen 443 ssl;\n  server_name api.s2b2c-shop.cn;\n  ssl_certificate /etc/ssl/s2b2c.pem;\n  add_header Access-Control-Allow-Origin *;\n  location / { proxy_pass http://127.0.0.1:3000; }\n}\n',
    'qianduan/project.config.json': '{ "appid": "wx1111222233334444" }',
    'qianduan/utils/request.js': "const BASE_URL = 'https://api.s2b2c-shop.cn/api';\nexport function get(path) { return wx.request({ url: BASE_URL + path }); }\n",
    'qianduan/pages/distribution/invite.js': "Page({\n  onLoad() {\n    console.log('invite', this.data);\n  },\n});\n",
  }),
  fixes: () => ({
    'backend/.env': 'NODE_ENV=production\nDB_HOST=rm-s2b2c.mysql.rds.aliyuncs.com\nDB_PASSWORD=Zq8#pL2v9Xw4\nJWT_SECRET=8f3a1c9e7b2d4f6a0c5e8b1d3f7a9c2e\nADMIN_JWT_SECRET=1e9c7a5b3d2f8e6a4c0b9d7f5e3a1c8b\nCORS_ORIGINS=https://s2b2c-shop.cn,https://admin.s2b2c-shop.cn\nENABLE_DEBUG_ROUTES=false\nWECHAT_MCH_ID=mch-1610000001\nWECHAT_PAY_KEY=pay-key-fixture-value\n',
    'deploy/nginx/s2b2c.conf': 'server {\n  listen 443 ssl;\n  server_name api.s2b2c-shop.cn;\n  ssl_certificate /etc/ssl/s2b2c.pem;\n  add_header Strict-Transport-Security "max-age=31536000" always;\n  add_header Access-Control-Allow-Origin https://s2b2c-shop.cn;\n  location / { proxy_pass http://127.0.0.1:3000; }\n}\n',
    'qianduan/pages/distribution/invite.js': "Page({\n  onLoad() {},\n});\n",
    'backend/test/critical-path.js': "process.exit(0);\n",
    'backup/mysql/s2b2c_20250212.sql.gz': 'x'.repeat(4096),
    '.github/workflows/deploy.yml': 'on: { push: { branches: [main] } }\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cd backend && npm ci && npm test\n      - run: ssh deploy@server "cd /srv/s2b2c && git pull && pm2 reload all"\n',
  }),
  expected: ['ci-runs-tests', 'jwt-secret-strong', 'jwt-secrets-differ', 'cors-not-wildcard', 'debug-switches-off', 'node-env-production', 'db-host-production', 'backup-fresh', 'restore-tested', 'sequelize-migrations-applied', 'tests-pass', 'proxy-cors-wildcard', 'tls-valid', 'hsts-header', 'miniprogram-leftovers', 'miniprogram-base-url', 'pay-callback-manual', 'test-accounts-cleaned', 'no-secrets-in-repo'],
  absent: ['datastore-port-published', 'compose-down-v', 'containers-running', 'backup-missing', 'cloudbase-indexes', 'vercel-env', 'pay-callback-production', 'map-key-set', 'oss-bucket-production'],
};

/** Seed 002: WeChat CloudBase — cloud functions, database permissions, no server of its own. */
const s002: Stack = {
  seed: '002',
  apiDomain: 'unused.example.cn',
  values: [],
  files: () => ({
    'project.config.json': '{ "appid": "wx2222333344445555", "miniprogramRoot": "miniprogram/", "cloudfunctionRoot": "cloudfunctions/" }',
    'cloudbaserc.json': '{ "envId": "prod-1a2b3c", "functionRoot": "cloudfunctions", "functions": [{ "name": "notification_service" }, { "name": "event_service" }] }',
    'cloudfunctions/notification_service/index.js': "const db = require('wx-server-sdk').database();\nexports.main = () => db.collection('Notifications').where({ userId: 1, status: 'sent' }).get();\n",
    'cloudfunctions/event_service/index.js': "const db = require('wx-server-sdk').database();\nexports.main = () => db.collection('Events').where({ isDeleted: false }).get();\n",
    'database-permissions.json': '{\n  "Notifications": {\n    "read": "auth != null",\n    "write": "auth != null && (auth.role == \'admin\' || doc.userId == auth.openid)"\n  },\n  "EventLogs": {\n    "read": true,\n    "write": true\n  }\n}\n',
    'miniprogram/app.js': "App({ onLaunch() { wx.cloud.init({ env: 'prod-1a2b3c' }); console.log('launch'); } });\n",
  }),
  fixes: () => ({
    'database-permissions.json': '{\n  "Notifications": {\n    "read": "auth != null",\n    "write": "auth != null && (auth.role == \'admin\' || doc.userId == auth.openid)"\n  },\n  "EventLogs": {\n    "read": "auth != null && auth.role == \'admin\'",\n    "write": "auth != null && auth.role == \'admin\'"\n  }\n}\n',
    'miniprogram/app.js': "App({ onLaunch() { wx.cloud.init({ env: 'prod-1a2b3c' }); } });\n",
  }),
  expected: ['wechat-filing', 'cloudbase-db-permissions', 'cloudbase-indexes', 'cloudbase-functions-deployed', 'cloudbase-backup', 'miniprogram-leftovers', 'no-secrets-in-repo'],
  absent: ['db-host-production', 'test-accounts-cleaned', 'backup-missing', 'datastore-port-published', 'datastore-port-closed', 'health-endpoint', 'miniprogram-base-url', 'cloudbase-permissions-manual', 'jwt-secret-strong', 'containers-running', 'wechat-server-domains'],
};

/** Seed 003: an API on Vercel (MySQL, Redis) and a native mini-program. */
const s003: Stack = {
  seed: '003',
  apiDomain: 'liufeng-dazi-v1.vercel.app',
  values: ['weak-jwt', 'mysql://app:Fixture9Pw@db.dazi.cn:3306/dazi'],
  files: () => ({
    'vercel.json': '{ "version": 2 }',
    'package.json': JSON.stringify({ name: 'dazi-api', engines: { node: '20.x' }, dependencies: { mysql2: '^3', ioredis: '^5', jsonwebtoken: '^9' } }),
    'api/health.js': "export default function handler(req, res) { res.status(200).json({ status: 'ok', db: Boolean(process.env.DATABASE_URL) }); }\n",
    'api/login.js': "import jwt from 'jsonwebtoken';\nexport default (req, res) => res.json({ token: jwt.sign({}, process.env.JWT_SECRET) });\n",
    '.gitignore': '.env*.local\n',
    '.env.production.local': 'DATABASE_URL=mysql://app:Fixture9Pw@db.dazi.cn:3306/dazi\nJWT_SECRET=weak-jwt\nREDIS_URL=redis://cache.dazi.cn:6379\n',
    'weapp-complete/project.config.json': '{ "appid": "wx3333444455556666" }',
    'weapp-complete/app.js': "App({ globalData: { apiBaseUrl: 'http://localhost:3000' } });\n",
    'docs/上线执行计划.md': '## 测试账号\n\n| 账号 | 密码 |\n|---|---|\n| 13800138000 | password: Test@1234x |\n',
  }),
  fixes: () => ({
    '.env.production.local': 'DATABASE_URL=mysql://app:Fixture9Pw@db.dazi.cn:3306/dazi\nJWT_SECRET=4d9f1b7c3e5a8d2f6b0c9e4a7d1f3b8c\nREDIS_URL=redis://cache.dazi.cn:6379\n',
    'weapp-complete/app.js': "App({ globalData: { apiBaseUrl: 'https://liufeng-dazi-v1.vercel.app' } });\n",
    'docs/上线执行计划.md': '## 测试账号\n\n测试账号填写在微信审核表单中，不写进文档。\n',
  }),
  expected: ['wechat-filing', 'phased-release', 'wechat-server-domains', 'vercel-env', 'health-endpoint', 'miniprogram-base-url', 'miniprogram-leftovers', 'no-secrets-in-repo', 'jwt-secret-strong', 'db-host-production', 'test-accounts-cleaned'],
  absent: ['compose-down-v', 'datastore-port-published', 'containers-running', 'cloudbase-db-permissions', 'backup-missing', 'backup-fresh', 'pay-callback-manual'],
};

/** Seed 004: docker compose (caddy, api, mysql, redis) on one server, a Go API, a mini-program. */
const s004: Stack = {
  seed: '004',
  apiDomain: 'api.w-mma.cn',
  values: ['short-admin', 'app:Fixture7Pw@tcp(mysql:3306)/bajiaozhi'],
  files: () => ({
    'docker-compose.prod.yml':
      'services:\n  mysql:\n    image: mysql:8.0\n    ports:\n      - "3306:3306"\n    volumes:\n      - mysql-data:/var/lib/mysql\n  redis:\n    image: redis:7-alpine\n    ports:\n      - "127.0.0.1:6379:6379"\n    volumes:\n      - redis-data:/data\n  api:\n    build: ./backend\n    env_file: [.env.prod]\n    healthcheck:\n      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]\n  caddy:\n    image: caddy:2\n    ports:\n      - "80:80"\n      - "443:443"\n    volumes:\n      - ./ops/prod/Caddyfile:/etc/caddy/Caddyfile\nvolumes:\n  mysql-data: {}\n  redis-data: {}\n',
    '.gitignore': '.env.prod\n',
    '.env.prod': 'API_DOMAIN=api.w-mma.cn\nMYSQL_DSN=app:Fixture7Pw@tcp(mysql:3306)/bajiaozhi\nREDIS_ADDR=redis:6379\nADMIN_JWT_SECRET=short-admin\nLOG_LEVEL=debug\n',
    '.env.prod.example': 'API_DOMAIN=\nMYSQL_DSN=\nREDIS_ADDR=redis:6379\nADMIN_JWT_SECRET=\nLOG_LEVEL=warn\n',
    'ops/prod/Caddyfile': 'api.w-mma.cn {\n  encode gzip\n  reverse_proxy api:8080\n}\n',
    'backend/cmd/api/main.go': 'package main\n\nimport "os"\n\nfunc main() {\n\t_ = os.Getenv("MYSQL_DSN")\n\t_ = os.Getenv("REDIS_ADDR")\n\t_ = os.Getenv("ADMIN_JWT_SECRET")\n\t_ = os.Getenv("LOG_LEVEL")\n}\n',
    'backend/Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /api ./cmd/api\n\nFROM alpine\nCOPY --from=build /api /api\nCMD ["/api"]\n',
    'miniapp/project.config.json': '{ "appid": "wx4444555566667777" }',
    'miniapp/config/runtime.js': "export const DEV_API_BASE_URL = 'http://127.0.0.1:8080';\nexport const PROD_API_BASE_URL = 'http://api.w-mma.cn';\n",
  }),
  fixes: () => ({
    'docker-compose.prod.yml':
      'services:\n  mysql:\n    image: mysql:8.0\n    ports:\n      - "127.0.0.1:3306:3306"\n    volumes:\n      - mysql-data:/var/lib/mysql\n  redis:\n    image: redis:7-alpine\n    ports:\n      - "127.0.0.1:6379:6379"\n    volumes:\n      - redis-data:/data\n  api:\n    build: ./backend\n    env_file: [.env.prod]\n    healthcheck:\n      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]\n  caddy:\n    image: caddy:2\n    ports:\n      - "80:80"\n      - "443:443"\nvolumes:\n  mysql-data: {}\n  redis-data: {}\n',
    '.env.prod': 'API_DOMAIN=api.w-mma.cn\nMYSQL_DSN=app:Fixture7Pw@tcp(rm-wmma.mysql.rds.aliyuncs.com:3306)/bajiaozhi\nREDIS_ADDR=redis:6379\nADMIN_JWT_SECRET=7c2e9a4f1b8d3e6c0a5f9b2d7e4c1a8f\nLOG_LEVEL=warn\n',
    'ops/prod/Caddyfile': 'api.w-mma.cn {\n  encode gzip\n  header Strict-Transport-Security "max-age=31536000"\n  reverse_proxy api:8080\n}\n',
    'miniapp/config/runtime.js': "export const DEV_API_BASE_URL = 'http://127.0.0.1:8080';\nexport const PROD_API_BASE_URL = 'https://api.w-mma.cn';\n",
    'backend/Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /api ./cmd/api\n\nFROM alpine:3.20\nCOPY --from=build /api /api\nCMD ["/api"]\n',
  }),
  expected: ['wechat-server-domains', 'dockerfile-base-pinned', 'datastore-port-published', 'datastore-port-closed', 'compose-down-v', 'jwt-secret-strong', 'log-level-not-debug', 'hsts-header', 'tls-valid', 'health-endpoint', 'miniprogram-base-url', 'backup-missing', 'containers-running', 'db-host-production', 'no-secrets-in-repo'],
  absent: ['cloudbase-db-permissions', 'cloudbase-backup', 'vercel-env', 'pay-callback-production', 'pay-callback-manual', 'backup-fresh', 'restore-tested', 'oss-bucket-production', 'map-key-set'],
};

export const stacks = [s000, s001, s002, s003, s004] as const;
