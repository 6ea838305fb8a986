import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../redact.js';
import { scanText } from '../scan-text.js';
import { builtinRules } from './index.js';

/** Builds values at runtime so this file itself does not look like a leak to other scanners. */
const j = (...parts: string[]): string => parts.join('');
/** A deterministic random-looking string of `n` characters from `alphabet`. */
function rnd(n: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789', seed = n): string {
  let x = seed * 2654435761;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
}
const pemBody = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ';

/** Keys made at test time, as base64 DER without a PEM header: how Alipay and WeChat Pay SDKs take them. */
function bareKey(type: 'rsa' | 'ec', encoding: 'pkcs8' | 'pkcs1' | 'sec1' | 'spki', modulusLength = 2048): string {
  const pair = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = encoding === 'spki' ? pair.publicKey.export({ type: 'spki', format: 'der' }) : pair.privateKey.export({ type: encoding, format: 'der' });
  return key.toString('base64');
}
const rsaPkcs8 = bareKey('rsa', 'pkcs8');
const rsaPublic = bareKey('rsa', 'spki');
/** A Java string concatenation of 64-character lines (`"MIIEv…\n" +`). */
const javaConcatenation = (key: string): string => `String privateKey = ${(key.match(/.{1,64}/g) ?? []).map((l) => `"${l}\\n"`).join(' +\n        ')};`;


/** Tables as a dump defines them above their rows (Navicat, mysqldump). */
const accountTable = "CREATE TABLE `gc_school_account` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n  `account` varchar(50) DEFAULT NULL COMMENT '账号',\n  `sid` int(11) DEFAULT NULL,\n  `pwd` varchar(250) DEFAULT NULL COMMENT '密码',\n  `create_time` int(11) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;";
const settingTable = "CREATE TABLE `gc_setting` (\n  `id` int(11) NOT NULL,\n  `app_id` varchar(50) DEFAULT NULL,\n  `appsecret` varchar(50) DEFAULT NULL,\n  `mch_key` varchar(50) DEFAULT NULL\n) ENGINE=InnoDB;";

type Example = string | [text: string, file: string];

interface Case {
  rule: string;
  positives: Example[];
  negatives: Example[];
  file?: string;
}

/** `n` lower-case hex digits (`rnd` over a 16-letter alphabet would repeat: its generator's low bits cycle). */
const hexOf = (n: number, seed: number): string => [...rnd(n, undefined, seed)].map((c) => (c.charCodeAt(0) % 16).toString(16)).join('');
/** base64url without `0`: 63 letters, for the same reason. */
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz123456789_-';
/** A signed-looking JWT with the given claims (HS256 header, random signature). */
function jwtWith(claims: object): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.${rnd(43, base64url, 5)}`;
}

const payKey = rnd(32, undefined, 11);
/** A generator's session secret drawn from every printable character, `"` among them. */
const fastifySecret = j('a8K<f2:Lq9!Zx7/Wm3%Np+5Rt1|"Vb6Yc4>Hd0', 'Js8Ge2;Tu7Io9Pk3#Ml5Nq1Wx6Zc4');
const payKey2 = rnd(32, undefined, 13);
const md5 = '9f86d081884c7d659a2feaa0c55ad015';

const cases: Case[] = [
  {
    rule: 'aws-access-key-id',
    positives: [j('AWS_ACCESS_KEY_ID=AKIA', 'Z3K7Q2WXRM4TPL9B'), j("accessKeyId: 'ASIA", "Q7RT2MXW9KLP3ZN4',")],
    negatives: ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', j('AKIA', 'Z3K7Q2WXRM4TPL9'), j('AKIA', 'Z3K7Q2WXRM4TPL9BX'), 'AKIAXXXXXXXXXXXXXXXX'],
  },
  {
    rule: 'aws-secret-access-key',
    positives: [`aws_secret_access_key = ${rnd(38)}/+`, `secretAccessKey: '${rnd(40, undefined, 7)}',`, `export AWS_SECRET_ACCESS_KEY=${rnd(40, undefined, 9)}`],
    negatives: ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', j('aws_secret_access_key = ', 'x'.repeat(40)), `aws_secret_access_key = ${rnd(39)}`],
  },
  {
    rule: 'github-token',
    positives: [j('GITHUB_TOKEN=ghp_', '9fX2kL7mQ4rT8wZ1nB6vC3xD5yH0jP2sA4gE'), j('token: gho_', 'Lk8Jh3Gf5Dd2Ss9Aa7Qq4Ww1Ee6Rr0Tt5Yy8'), `github_pat_${rnd(22)}_${rnd(59)}`],
    negatives: [j('ghp_', 'x'.repeat(36)), j('ghp_', '9fX2kL7mQ4rT8wZ1nB6vC3xD5yH0jP2sA4g'), 'ghp_your_token_here'],
  },
  {
    rule: 'slack-token',
    positives: [j('SLACK_BOT_TOKEN=xoxb-', '1234567890-1234567890123-', 'aB3dE5fG7hJ9kL1mN3pQ5rS7')],
    negatives: ['SLACK_BOT_TOKEN=xoxb-your-bot-token', j('xoxb-', '0000000000-0000000000-xxxxxxxxxxxxxxxxxxxxxxxx')],
  },
  {
    rule: 'slack-webhook',
    positives: [j('https://hooks.slack.com/services/', 'T024BE7LD/B01AB2CD3EF/', 'q8Zr3LmX7tVw2KpN9sYb4Hc1')],
    negatives: ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'https://hooks.slack.com/'],
  },
  {
    rule: 'private-key',
    positives: [
      `-----BEGIN RSA PRIVATE KEY-----\n${pemBody}\n-----END RSA PRIVATE KEY-----`,
      `-----BEGIN EC PRIVATE KEY-----\n${pemBody}\n-----END EC PRIVATE KEY-----`,
      `-----BEGIN PRIVATE KEY-----\n${pemBody}\n-----END PRIVATE KEY-----`,
      `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${pemBody}\n-----END ENCRYPTED PRIVATE KEY-----`,
      `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n${rnd(70)}\n${rnd(70, undefined, 3)}\n-----END OPENSSH PRIVATE KEY-----`,
      `-----BEGIN DSA PRIVATE KEY-----\n${pemBody}\n-----END DSA PRIVATE KEY-----`,
      `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${pemBody}\n-----END PGP PRIVATE KEY BLOCK-----`,
      `"private_key": "-----BEGIN PRIVATE KEY-----\\n${pemBody}\\n-----END PRIVATE KEY-----\\n",`,
      // Without a header, as payment SDKs take it: one line, or a concatenation, as long as its DER header says.
      [`private_key = ${rsaPkcs8}`, 'src/main/resources/zfbinfo.properties'],
      [`ALI_PRIVATE_KEY=${bareKey('rsa', 'pkcs1', 1024)}`, '.env.testing'],
      [javaConcatenation(rsaPkcs8), 'src/main/java/com/shop/config/WXPayConfig.java'],
      [`APPLE_KEY = "${bareKey('ec', 'sec1')}"`, 'server/config.py'],
    ],
    negatives: [
      "if (pem.startsWith('-----BEGIN PRIVATE KEY-----')) return parse(pem);",
      '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
      // A guide's sample: one line, an elision, the last line; and a header quoted in a checklist's sentence.
      [`\x60\x60\x60\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9u\n... (中间省略很多行) ...\n${rnd(70)}\n-----END OPENSSH PRIVATE KEY-----\n\x60\x60\x60`, 'GITHUB_ACTIONS_GUIDE.md'],
      [`- ✅ 私钥以 \x60-----BEGIN OPENSSH PRIVATE KEY-----\x60 开头\n\n${pemBody}`, 'VERIFICATION_GUIDE.md'],
      `-----BEGIN PUBLIC KEY-----\n${pemBody}\n-----END PUBLIC KEY-----`,
      // Alipay's public key pasted under a PRIVATE header, or bare: published on purpose.
      [`-----BEGIN PRIVATE KEY-----\n${rsaPublic}\n-----END PRIVATE KEY-----`, 'apps/pay/keys/alipay_key.txt'],
      [`alipay_public_key = ${rsaPublic}`, 'src/main/resources/zfbinfo.properties'],
      // A truncated sample in a guide, prose after it.
      [`private_key = ${rsaPkcs8.slice(0, 64)}...\nthen paste the rest of it here`, 'docs/alipay.md'],
    ],
  },
  {
    rule: 'jwt',
    positives: [
      j('Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.', 'eyJzdWIiOiJ1XzQyIiwiZXhwIjoxOTAwMDAwMDAwfQ.', 'Zk3pQ9rL2mX7vN4bT8wY1cH6sJ0dF5gA'),
      // Without `exp` a token never expires; with one in 2100 it still works.
      `const testToken = '${jwtWith({ sub: 'u_42', role: 'user' })}'`,
      `Authorization: Bearer ${jwtWith({ sub: 'u_42', exp: 4102444800 })}`,
      // An expiry in milliseconds that is still ahead.
      `Authorization: Bearer ${jwtWith({ sub: 'u_42', exp: 4102444800000 })}`,
    ],
    negatives: [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      'eyJub3QiOiJqd3QifQ.eyJhIjoxfQ',
      // An API document's sample token that expired in 2018 opens nothing.
      [`\t * "Authorization: ${jwtWith({ sub: 3678, roles: 'USER', exp: 1534484168 })}"`, 'app/api/controller/Lock.php'],
      // A CloudBase ticket whose expiry, in milliseconds, passed in 2019.
      [`  await auth.signInWithTicket('6f1e2d3c-9d0a-4b7b-8c1c-51e2a9c3d4f0/@@/${jwtWith({ env: 'test-e4', exp: 1562830958431 })}');`, 'tcb-js-sdk/test_web/auth.ts'],
    ],
  },
  {
    rule: 'llm-api-key',
    positives: [
      // DashScope and DeepSeek: 32 hex under a YAML key named just `key`.
      [`qwen:\n  api:\n    key: sk-${hexOf(32, 21)}`, 'src/main/resources/application.yml'],
      [`const client = new OpenAI({ apiKey: 'sk-${rnd(48, undefined, 22)}' })`, 'server/ai.ts'],
      `OPENAI_API_KEY=sk-proj-${rnd(120, base64url, 23)}`,
      // SiliconFlow: 48 lower-case letters, no digits.
      [`API_KEY = "sk-${rnd(120, undefined, 27).toLowerCase().replace(/[^a-z]/g, '').slice(0, 48)}"`, 'math-qa-system/backend/main.py'],
    ],
    negatives: [
      // `sk-` inside words and slugs.
      `.desk-top, .task-${hexOf(32, 24)} { display: none }`,
      `const id = 'disk-a${hexOf(32, 25)}'`,
      `const slug = 'sk-${hexOf(32, 26)}-archive'`,
      '.sk-fading-circle .sk-circle1:before { content: "" }',
      'OPENAI_API_KEY=sk-proj-2024-annual-report-for-client-review-final-v2',
      // Words run together are no key.
      "const cls = 'sk-loadingspinneroverlayforthecheckoutpageonmobiles'",
      // Placeholders.
      'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'DEEPSEEK_API_KEY=sk-1234567890abcdef1234567890abcdef',
      'OPENAI_API_KEY=sk-your-api-key-here',
    ],
  },
  {
    rule: 'dify-api-key',
    positives: [
      [j('dify:\n  base-url: https://api.dify.ai/v1\n  key:\n    test: app-', rnd(24, undefined, 91)), 'src/main/resources/application.yml'],
      [j('    @Value("${dify.url}")\n    private String url;\n    private String testKey = "app-', rnd(24, undefined, 92), '";'), 'src/main/java/com/shop/TestController.java'],
    ],
    negatives: [
      // A stylesheet's class and a key far from any Dify name; a sample that is one character repeated.
      [j('<div class="app-', rnd(24, undefined, 91), '"></div>'), 'pages/index/index.wxml'],
      [j('dify:\n  key: app-', 'x'.repeat(24)), 'src/main/resources/application.yml'],
      j('DIFY_API_KEY=app-', 'abcdefghijklmnopqrstuvwx'),
    ],
  },
  {
    rule: 'sql-account-password',
    positives: [
      [j("CREATE USER 'shop'@'%' IDENTIFIED BY '", 'Xk7mQ2vLr9Tz4NpW', "';"), 'deploy/init.sql'],
      [j("GRANT ALL ON shop.* TO 'shop'@'%' IDENTIFIED BY '", 'Xk7mQ2vLr9Tz4NpW', "';"), 'docs/部署.md'],
      [j("ALTER USER 'root'@'%' IDENTIFIED WITH mysql_native_password BY '", 'Xk7mQ2vLr9Tz4NpW', "';"), 'deploy/init.sh'],
      [j("CREATE ROLE app WITH LOGIN PASSWORD '", 'Xk7mQ2vLr9Tz4NpW', "';"), 'deploy/pg.sql'],
      [j("SET PASSWORD FOR 'root'@'%' = PASSWORD('", 'Xk7mQ2vLr9Tz4NpW', "');"), 'deploy/init.sql'],
    ],
    negatives: [
      // An md5 column in an UPDATE, not MySQL's SET PASSWORD.
      ["update t_admin set PASSWORD = '5baa61e4c9b93f3f0682250b6cf8331b' where id = 1;", 'nas.session.sql'],
      // A Java enum's constant named PASSWORD, and its message keys.
      ['    PASSWORD("user.password.retry.limit.exceed", "user.password.retry.limit.count"),', 'src/main/java/com/shop/enums/LoginType.java'],
      // A developer's default for a local account, a placeholder, a stored hash, a program's own function.
      ["CREATE USER 'dev'@'localhost' IDENTIFIED BY '123456';", 'deploy/init.sql'],
      ["CREATE USER 'shop'@'%' IDENTIFIED BY 'your_password';", 'deploy/init.sql'],
      ["CREATE USER 'shop'@'%' IDENTIFIED BY PASSWORD '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9';", 'deploy/init.sql'],
      [j("const ok = check.password('", 'Xk7mQ2vLr9Tz4NpW', "');"), 'src/auth.js'],
      ['** contain the same values for all columns identified by "rowid", all but', 'deps/sqlite3/sqlite3.h'],
      ['$Qf=$g->result("SELECT PASSWORD(".q($Qf).")");', 'server_api/adminer.php'],
    ],
  },
  {
    rule: 'connect-password-argument',
    positives: [
      [j("const sequelize = new Sequelize('yuyue', 'sa', '", 'Pa55w0rdX', "', { host: '47.100.23.45', dialect: 'mssql' })"), 'server/db.js'],
      // The DSN's `;` inside its literal ends nothing; the call may spread one argument per line.
      [j("$pdo = new PDO('mysql:host=103.21.4.7;dbname=shop', 'shop', '", 'Xk7mQ2vLr9Tz4NpW', "');"), 'web/check_order.php'],
      [j('$pdo = new PDO(\n    "mysql:host=103.21.4.7;dbname=shop;charset=utf8mb4",\n    "shop",\n    "', 'Xk7mQ2vLr9Tz4NpW', '",\n    [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]\n);'), 'fix_order.php'],
      [j("$mysqli = new mysqli('103.21.4.7', 'shop', '", 'Xk7mQ2vLr9Tz4NpW', "', 'shop');"), 'check_users.php'],
      [j('Connection c = DriverManager.getConnection(url, "shop", "', 'Xk7mQ2vLr9Tz4NpW', '");'), 'src/main/java/shop/Db.java'],
    ],
    negatives: [
      // Variables, a user who is the password, a developer's default on loopback, a call that connects nothing.
      ['$conn = new mysqli($host, $username, $password, $database);', 'check_users.php'],
      ["$pdo = new PDO($dsn, 'root', 'root');", 'check_users.php'],
      ["db = pymysql.connect('127.0.0.1', 'root', '123456', 'shop')", 'scripts/init_db.py'],
      [j("$x = sprintf('a;', 'b', '", 'Xk7mQ2vLr9Tz4NpW', "');"), 'check_users.php'],
    ],
  },
  {
    rule: 'client-secret-argument',
    positives: [
      [j('        $config = new \\app\\api\\yly\\Config\\YlyConfig("1045781263", "', hexOf(32, 93), '");'), 'app/api/YlyPrinter.php'],
      [j('    WxConfig config = new WxConfig(\n        "wx1a2b3c4d5e6f7a8b",\n        "', hexOf(32, 94), '");'), 'src/main/java/com/shop/Wx.java'],
      // WeChat's message crypto: (token, EncodingAESKey, AppID).
      [j("// const cryptor = new WXBizMsgCrypt('', '", rnd(43, undefined, 95), "', 'wx1a2b3c4d5e6f7a8b')"), 'server/controllers/custom.js'],
    ],
    negatives: [
      // A settings lookup by group and key.
      ["findConfig('logistics', 'free_shipping_amount')?.configValue !== '9900'", 'deploy/scripts/admin-browser-e2e.mjs'],
      // The JS-SDK's API names listed for `wx.config` are names, not a secret.
      ["  // getWxConfig(['onMenuShareTimeline', 'onMenuShareAppMessage', 'chooseWXPay'])", 'src/pages/order/index.tsx'],
      // Variables, a literal after a variable, and a call that is not a client's settings.
      ['        $config = new YlyConfig($clientId, $clientSecret);', 'app/api/YlyPrinter.php'],
      [j("const cryptor = new WXBizMsgCrypt(token, encodingAESKey, '", rnd(43, undefined, 95), "')"), 'server/controllers/custom.js'],
      [j('        $config = new YlyConfig($clientId, "', hexOf(32, 93), '");'), 'app/api/YlyPrinter.php'],
      [j('        $order = queryOrder("1045781263", "', hexOf(32, 93), '");'), 'app/api/Order.php'],
      [j('        $config = new YlyConfig("1045781263", "', 'your_client_secret_here_12345', '");'), 'app/api/YlyPrinter.php'],
    ],
  },
  {
    rule: 'signed-string-key',
    positives: [
      [j("        return strtoupper(md5($primary . 'key=", 'Zk8Lm2Qx7R', "'));"), 'application/common/command/Test.php'],
      [j('    $sign = md5($str . "&key=', rnd(32, undefined, 95), '");'), 'app/service/Sms.php'],
    ],
    negatives: [
      // A variable key, a placeholder, and a key= that no hash takes.
      ["        return strtoupper(md5($primary . '&key=' . $this->key));", 'application/common/command/Test.php'],
      ["    $sign = md5($str . '&key=your_api_key');", 'app/service/Sms.php'],
      [j("    $url = 'https://api.shop-demo.cn/list?key=", rnd(16, undefined, 96), "';"), 'app/service/Api.php'],
    ],
  },
  {
    rule: 'sonar-token',
    positives: [
      [`sh "mvn sonar:sonar -Dsonar.host.url=https://sonarcloud.io -Dsonar.login=${hexOf(40, 27)}"`, 'develop-Jenkinsfile'],
      `SONAR_TOKEN=squ_${hexOf(40, 28)}`,
    ],
    negatives: [
      ['sh "mvn sonar:sonar -Dsonar.login=${SONAR_TOKEN}"', 'Jenkinsfile'],
      ['sonar.login=admin\nsonar.password=admin', 'sonar-project.properties'],
      ['sh "mvn sonar:sonar -Dsonar.login=0000000000000000000000000000000000000000"', 'Jenkinsfile'],
    ],
  },
  {
    rule: 'connection-string-password',
    positives: [
      // The same in a production compose file, and a chosen password in a development one.
      ['      DATABASE_URL: postgresql://kekeling:kekeling123@postgres:5432/kekeling?schema=public', 'docker-compose.yml'],
      ['      DATABASE_URL: postgresql://kekeling:Kq8vLm2x9Tz@postgres:5432/kekeling?schema=public', 'docker-compose.dev.yml'],
      // The user's name as its password, on a public host: the first login anyone tries.
      ['  url      = "mysql://shopapp:shopapp@47.100.23.61:3306/shop"', 'prisma/schema.prisma'],
      // Go's MySQL driver writes no scheme.
      ['  dsn: root:Kq8Lm2Nx7Rt4@tcp(rm-bp1abc.mysql.rds.aliyuncs.com:3306)/shop?charset=utf8mb4', 'config.yaml'],
      // Its driver splits at the last `@`: the password may hold one.
      ['  dsn: "root:shop@Kq8x@tcp(42.193.10.17:3306)/community?charset=utf8mb4"', 'config/prod.yaml'],
      j('DATABASE_URL=mysql://app:', 'Qx7vR2pLm9Tz', '@rm-bp1.mysql.rds.aliyuncs.com:3306/shop'),
      j('postgresql://svc:', 'N8kq2Lw9Zp', '@db.internal:5432/app'),
      j('mongodb+srv://admin:', 'Pz4Km8Qw2Rx', '@cluster0.mongodb.net/prod'),
      j('REDIS_URL=redis://:', 'S3cr9tRedisPw', '@r-bp1.redis.rds.aliyuncs.com:6379/0'),
      j('rediss://default:', 'Lm2Np8Qr4', '@r-bp1cache.redis.rds.aliyuncs.com:6380'),
      j('url: jdbc:mysql://root:', 'Hk9Lp2Mn7Q', '@10.0.0.8:3306/erp'),
      // A host whose name starts with "my" (mysql-2…) is a real host, not a "myhost"-style sample.
      j("mysql.createPool('mysql://reporting:", 'lQSH4yLSFWw0K', "@mysql-6.cn-hangzhou.rds.aliyuncs.com:3306/image_main');"),
      // A weak password is no placeholder when the host is real.
      'MONGO_URL=mongodb://shop:123456@47.100.23.61:27017/shop',
      'spring.redis.url=redis://:root@r-bp1f2a.redis.rds.aliyuncs.com:6379',
      // SQLAlchemy names its driver after a `+`; a password may hold an `@` (the host follows the last one).
      j('DATABASE_URL=postgresql+asyncpg://app:', 'Qv8m@2031', '@pg-prod.shop-demo.cn:5432/app'),
      j("engine = create_engine('mysql+pymysql://shop:", 'Lm4xQ9zR', "@10.0.0.8:3306/shop')"),
      // A comment that does not call it a format, and a generated password in a test, may be the real one.
      j('# 生产: mongodb+srv://app:', 'Pz4Km8Qw2Rx', '@cluster0.mongodb.net/prod'),
      [j("process.env.MONGODB_URI = 'mongodb+srv://app:", 'Pz4Km8Qw2Rx', "@cluster0.mongodb.net/test';"), 'backend/tests/unit/config.test.js'],
      // In a production profile loopback is the server itself: the database beside the application.
      ['MONGO_URL=mongodb://shop:shop2031@127.0.0.1:27017/shop', '.env.production'],
      // A server's own code: loopback is the machine it is deployed to.
      ["app.use(session({ store: new MongoStore({ url: 'mongodb://weapp:k3x9pq@127.0.0.1:27017/weapp' }) }))", 'server/app.js'],
      ['  uri: mongodb://admin:Mg2031shop@localhost:27017/shop?authSource=admin', 'src/main/resources/application-prod.yml'],
    ],
    negatives: [
      // The throwaway database a development compose file starts, with the project's name and digits.
      ['      DATABASE_URL: postgresql://kekeling:kekeling123@postgres:5432/kekeling?schema=public', 'docker-compose.dev.yml'],
      ['  dsn: root:123456@tcp(127.0.0.1:3306)/shop', 'config.yaml'],
      ['dsn := fmt.Sprintf("%s:%s@tcp(%s:%d)/%s", user, pass, host, port, db)', 'db/mysql.go'],
      // A field's name as the password, a format comment and a test's fixture are examples.
      'mongosh "mongodb+srv://username:password@cluster0.mongodb.net/shop"',
      'mongodump --uri "mongodb+srv://user:pass@cluster0.mongodb.net/shop" --out /backup',
      "mongodbUri: 'mongodb://admin:new_password@new_host:27017/shop',",
      j('# 格式: mongodb+srv://app:', 'Pz4Km8Qw2Rx', '@cluster0.mongodb.net/prod'),
      [j("process.env.MONGODB_URI = 'mongodb+srv://user:", 'p@ssw0rd!', "@cluster0.mongodb.net/test';"), 'backend/tests/unit/config.test.js'],
      'url: mysql://app:${DB_PASSWORD}@mysql:3306/app',
      'postgres://user:password@localhost:5432/db',
      'mysql://root:root@127.0.0.1:3306/test',
      'redis://localhost:6379/0',
      'mongodb://<user>:<password>@host/db',
      '/** Reads `redis://[user][:password]@host:port/db` and the host:port form. */',
      'mongodb://shop:123456@localhost:27017/shop',
      ['MONGO_URL=mongodb://shop:shop2031@127.0.0.1:27017/shop', '.env.development'],
      ['MONGO_URL=mongodb://shop:shop2031@127.0.0.1:27017/shop', 'docker-compose.yml'],
      ["const url = 'mongodb://weapp:k3x9pq@127.0.0.1:27017/weapp'", 'server/test/db.test.js'],
      ["const url = 'mongodb://admin:admin123@127.0.0.1:27017/weapp'", 'server/app.js'],
      'jdbc:mysql://root:123456@192.168.1.10:3306/shop',
      'mongodb://shop:${MONGO_PASSWORD}@47.100.23.61:27017/shop',
    ],
  },
  {
    rule: 'url-credentials',
    positives: [j('https://deploy:', 'Gh7Kp2Lm9Q', '@registry.shop-mall.cn/repo.git')],
    negatives: [
      // A mail address written as a link's host.
      'INSERT INTO `cms` VALUES (1, \'<a href=\\"http://mailto:sales@hotel.com\\">联系我们</a>\');',
      'http://localhost:3000/path',
      'https://user:pass@example.com',
      // Documentation samples: example and loopback hosts.
      j(" * const options = new URL('https://abc:", 'Gh7Kp2Lm9Q', "@example.com');"),
      j("new Redis('redis://:", 'authpassword', "@127.0.0.1:6380/4');"),
      "const config = parse('postgres://someuser:somepassword@somehost:381/somedatabase')",
    ],
  },
  {
    rule: 'generic-secret',
    positives: [
      // The same key under two secrets' names is still a key.
      [j('pay:\n  appSecret: ', rnd(32, undefined, 631), '\n  apiKey: ', rnd(32, undefined, 631), '\n  mchId: 1230000109'), 'src/main/resources/application.yml'],
      // 163 mail's SMTP authorisation code under a secret's name, beside the mailbox it opens.
      [j('# 邮箱配置\nEMAIL_USER=314159@163.com\nEMAIL_SECRET=', rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 71)), '.development'],
      // A generator's output holding `<`, `>`, `|` and `"` is no `<placeholder>`.
      [j("app.register(fastifySession, { saveUninitialized: false, secret: '", fastifySecret, "', cookie: { secure: false } });"), 'server/index.js'],
      // Django's generated key may open with `*` and hold `%s` among its letters.
      ["# SECURITY WARNING: keep the secret key used in production secret!\nSECRET_KEY = '*x2k*9vbn4m1+qwer&zx8c_*lkjhg%svbkp#m3n+asdfghj)q'", 'platform_static/settings.py'],
      // A literal chosen when a call's condition holds.
      [j('        secret = StrUtil.isBlank(secret) ? "', rnd(28, undefined, 281), '" : secret;'), 'yami-shop-service/src/main/java/com/yami/shop/service/impl/UserServiceImpl.java'],
      // CodeIgniter's configuration for its testing stage is a deployed one's, not a test's.
      [j("$config['wx_web_token']  = '", rnd(24, undefined, 271), "';//消息校验Token"), 'application/config/testing/funxdata.php'],
      // A page's API key is no session.
      [j("    const apiKey = '", hexOf(40, 263), "'"), 'miniprogram/pages/weather/weather.js'],
      // A bean's setter and a request header given a literal.
      [j('        settings.setEncodingAesKey("', rnd(43, undefined, 253), '");'), 'src/main/java/com/shop/WecomCallbackSettingsServiceImpl.java'],
      [j('            conn.setRequestProperty("apikey", "', hexOf(32, 254), '");'), 'src/main/java/com/shop/HttpClientUtil.java'],
      // The open platform's EncodingAESKey as a Laravel config's `component_key`.
      [j("        'component_appsecret' => env('COMPONENT_SECRET'),\n        'component_key' => '", rnd(43, undefined, 241), "',"), 'config/weixin.php'],
      // uni-id's secrets: anything but the template's, a run of letters typed at the keyboard included.
      ['{\n  "passwordSecret": "sjdhfkqwpeorituyzmxncbvlaksjdhfg",\n  "tokenSecret": "qpwoeiruty",\n  "tokenExpiresIn": 7200,', 'uniCloud/cloudfunctions/common/uni-config-center/uni-id/config.json'],
      // Pinyin names: 微信支付秘钥 in a PHP class.
      [j("    public $wxZhiFuMiYao = '", rnd(32, undefined, 231), "';"), 'server/application/libraries/Configclass.php'],
      [j("DB_MIMA = '", 'Kq8Lm2Nx7Rt4', "'"), 'config/settings.py'],
      // Misspelt names, and a merchant's key of another length than WeChat Pay's.
      [j("    const API_SECKETKEY = '", 'Kq8Lm2Nx7RvT5pWz3Yb6Hd4Fs9Gc1', "';"), 'application/controller/Api.php'],
      [j('minio:\n  endpoint: http://47.100.23.61:9000\n  accessKey: admin\n  secreKey: ', 'Mn7Qx2Lp9Rt4', '\n'), 'src/main/resources/application.yml'],
      [j("    const MERCHANT_KEY = '", 'Hd4Fs9Gc1J0eQx7vKq8Lm2Nx', "';"), 'application/pay/Baifu.php'],
      // Django's generated key may start with `$`: in quotes it is a character of the literal.
      ["SECRET_KEY = '$7_kqz(3*8tw_pb2x5)*041n#4+#^2hjw*)!^rmuv6fxe3@91'", 'configs/development.py'],
      // A storage service's key of 40 digits, and a partner API's key.
      [j('        $accessKey = "XYW', '123456789012345', '";\n        $secretKey = "', '8302917465018273946501827394650182739465', '";'), 'databackend/components/upload/UploadFile.php'],
      [j('                    $partnerKey="', hexOf(16, 211), '";'), 'frontend/controllers/HaodfController.php'],
      // Geetest's captcha private key.
      [j('geetest_id=', hexOf(32, 201), '\ngeetest_key=', hexOf(32, 202)), 'src/main/resources/geetest.properties'],
      // WeChat's EncodingAESKey, 43 letters.
      ["    'encodingaeskey' => 'kTbQnWcRmPxVzLsDfGhJyNaEuBiOtCrYqXwMvKpHgFd',", 'youge/extra/weixin.php'],
      // Yii's cookie signing key.
      [j("        'cookieValidationKey' => '", 'Qx7vR2pLm9TzK4nW8yB3cD6fH1jA5sE0', "',"), 'backend/config/main-local.php'],
      // A value naming a setup is what runs when a production profile holds it.
      ['ADMIN_USERNAME=admin\nADMIN_PASSWORD=devAdmin#26', '.env.prod'],
      // `***` among other symbols is part of a key, not a mask.
      [j("    'app_sign_key' => '", 'abc123xyz)[@***###', "',"), 'config/system.php'],
      // 163's and 126's authorisation codes are upper case.
      [j("const transporter = nodemailer.createTransport({ service: '126', auth: { user: 'shop@126.com', pass: '", 'QWHZKEYRTMBNAPLO', "' } })"), 'cloudfunctions/mail/index.js'],
      // An open API's signing key, a program's own login beside USER_NAME, a glued SMTP password name.
      [j('    public static final String SIGN_KEY = "', rnd(20, undefined, 191), '";'), 'src/main/java/com/shop/constant/ErpConstants.java'],
      [j('    public static final String USER_NAME = "shopadmin";\n    public static final String PASSWORD = "', 'abc12345xyz', '";'), 'src/main/java/com/shop/constant/ErpConstants.java'],
      [j("        $smtpserver = 'smtp.sina.com';\n        $smtppass = \"", 'shop9x2kq7', '";'), 'app/Model/Email.php'],
      // Tornado's options and PHP's constants; a misspelt name.
      [j("define(\"pay_secret\", default='", rnd(24, undefined, 171), "', help='payment')"), 'app/config.py'],
      [j("define('DB_PASS', '", rnd(14, undefined, 172), "');"), 'config.php'],
      [j('    public static final String JWT_SECERT = "', hexOf(32, 173), '";'), 'src/main/java/com/shop/JwtUtil.java'],
      // A parking WebService's merchant key, 35 characters.
      [j('ws.mchkey=', rnd(35, undefined, 107)), 'src/main/resources/config.properties'],
      // A password constant spelt `Pw`: a QQ mail authorisation code beside its SMTP host.
      [j('    private static String host = "smtp.qq.com";\n    private static String fromEmail = "12345678@qq.com";\n    private static String fromEmailPw = "', 'qwhzkeyrtmbnaplo', '";'), 'src/main/java/com/shop/utils/EmailUtil.java'],
      [j('DB_PW=', rnd(16, undefined, 108)), '.env'],
      // DCloud's SMS pair: the key half too.
      [j("  const res = await uniCloud.sendSms({\n    appid: '__UNI__ABC1234',\n    smsKey: '", hexOf(32, 131), "',"), 'uniCloud-aliyun/cloudfunctions/sms/index.js'],
      // Go's typed constant; Tencent IM's admin UserSig, longer than the rule reads.
      [j('\tJwtSecret string = "', 'Kq8Lm2Nx7Rt4Vz9W', '"'), 'constants/auth.go'],
      [j('    public static final String ADMIN_USERSIG = "eJw', rnd(300, base64url, 97), '";'), 'src/main/java/shop/core/ProjectConstant.java'],
      // Kotlin's pair; a long keyboard mash under a JWT key's name (longer than weak-secret reads).
      [j('        "client_secret" to "', rnd(32, undefined, 79), '",'), 'src/main/kotlin/shop/OcrUtils.kt'],
      [j('    private final static String secretKey = "anything', '270195533qwpeoriuzxmcnvbqpwoeirutyalskdjfhg73915zmxncb9q8w7e6r5t', '";\n    String token = Jwts.builder().signWith(SignatureAlgorithm.HS256, secretKey).compact();'), 'src/main/java/shop/JwtUtils.java'],
      // Aligned to one column, as ThinkPHP's stock config/database.php and aligned JavaScript objects write it.
      [j("    'password'        => '", 'Kq8#xLm2Vp9z', "',"), 'config/database.php'],
      [j("  appSecret:        '", 'q8Zr3mT0vXkLp2Nw9sYdBgHj', "',"), 'src/config.js'],
      // A password holding `|`, a token slot's name that is a value, and a secret (not an issued token) in a documented response.
      ["        'password' => 'Kd7|vQ2mZx9Lp',", 'config/database.php'],
      [j("const USER_TOKEN_KEY = '", 'Kq8Lm2Nx7Rt4Vz9W', "';"), 'src/shared/storage.ts'],
      [j('    /**\n     * @apiSuccessExample {json} 返回样例:\n     * {"code":200,"data":{"secret":"', rnd(24, undefined, 43), '"}}\n     */'), 'application/api/controller/v1/App.php'],
      j("JWT_SECRET='kR8m2Pq9", "Lx4Vz7Nw3Ty6'"),
      [j('private static final String ACCESS_TOKEN_KEY = "', 'Kx9mQ2vL7pRz4Nw8', '";'), 'src/main/java/shop/WechatApi.java'],
      j('password: "', 'Hx9#mK2v!Lq4', '"'),
      j('api_key = ', 'f83Kd92LmQ0zXv7Rt5', ''),
      'GF_SECURITY_ADMIN_PASSWORD=Adm1n!2024x',
      // A key-value table's row: the value beside its secret-named key (an Aliyun secret with 3 characters appended).
      [j("INSERT INTO system_config (config_key, config_value, description, group_name, is_sensitive) VALUES\n('oss.accessKeyId', 'LTAI", rnd(20, undefined, 41), "', 'OSS id', 'oss', TRUE),\n('oss.accessKeySecret', '", rnd(33), "', 'OSS 密钥', 'oss', TRUE),"), 'db/migration/V7__create_system_config.sql'],
      // A Markdown checklist's key in backticks; WeChat's callback key under its own name.
      [j('- ✅ `app-secret`: ', rnd(43)), '部署指南.md'],
      [j('EncodingAESKey: ', rnd(43)), '配置说明.txt'],
      // Camel case: the capitalised word after a lower-case letter.
      [j("const signSecret = '", 'kR8m2Pq9Lx4Vz7Nw', "';"), 'cloudfunctions/pay/index.js'],
      // A token in a URL's query string, written in a template literal: a literal, though no quote of its own opens it.
      [j("const res = await fetch(`https://api.shop.cn/v1/orders?token=", hexOf(32, 53), "&page=${page}`);"), 'pages/order/list.js'],
      // A base64 token, its padding before the closing quote.
      [j("$accessToken = '", rnd(170, undefined, 73), "==';"), 'line_notify.php'],
      // A PHP variable `$pass`, a Markdown key in bold, a setter's key (Druid's console login), QQ mail's code beside its mailbox.
      [j("$pass = '", 'Xk7mQ2vLr9Tz4NpW', "';"), 'web/get_token.php'],
      [j('- **Password**: ', 'Xk7mQ2vLr9Tz4NpW'), 'ALL_FIXES_COMPLETE.md'],
      [j('        initParams.put("loginPassword", "', 'Xk7mQ2vLr9Tz4NpW', '");'), 'src/main/java/shop/DruidConfig.java'],
      [j("    'smtp' => ['Username' => '2337523002@qq.com', 'Password' => '", 'qwhzkeyrtmbnaplo', "'],"), 'application/common/model/Setting.php'],
      // The literal a conditional picks (a robot's token per environment), and a password compared with a literal.
      [j("const access_token = prod ? '", hexOf(64, 61), "' : '", hexOf(64, 67), "';"), 'config/weapp.ci.js'],
      [j("  if (user.password === '", 'hk39dmx02q', "') {"), 'server/controllers/admin.js'],
      // JSON kept in a dump's string, its quotes escaped: a stored OAuth token pair.
      [j("INSERT INTO `wx_auth` VALUES (1,'{\\\"access_token\\\":\\\"", rnd(40, undefined, 47), "\\\",\\\"expires_in\\\":7200}');"), 'db/shop.sql'],
      // A value ends at an escaped newline inside a SQL dump of a config centre.
      [j("INSERT INTO config_info VALUES (3,'mail.properties','DEFAULT_GROUP','app.sign.ttl=7200\\napp.sign.secret=", 'Hx9#mK2v!Lq4', "\\napp.sign.algo=md5');"), 'nacos/nacos_config.sql'],
      // The literal fallback of an environment lookup is what runs when the variable is unset.
      [j("  password: process.env.DB_PASSWORD || '", 'Vn3#pQ8zLw5..', "',"), 'server/config/production.js'],
      [j('      MYSQL_ROOT_PASSWORD: ${DB_ROOT_PASSWORD:-', 'Vn3#pQ8zLw5', '}'), 'docker-compose.yml'],
      [j('MINIO_SECRET_KEY = os.getenv("MINIO_SECRET_KEY", "', 'Vn3#pQ8zLw5', '")'), 'server/scripts/init_minio.py'],
      [j("  'password' => env('DB_PASSWORD', '", 'Vn3#pQ8zLw5', "'),"), 'config/database.php'],
      // The variable's own name says what its fallback is, whatever the code assigns it to (ThinkPHP's Env::get too).
      [j("    'pw' => env('DB_PASSWORD', '", 'Vn3#pQ8zLw5', "'),"), 'config/database.php'],
      [j("    'password' => Env::get('database.password', '", 'Kq8#xLm2Vp9z', "'),"), 'config/database.php'],
      // Python's `from os import environ`.
      [j("DB_PASSWORD = environ.get('DB_PASSWORD', '", 'Kq8xLm2_Vp9zWr4', "')"), 'wx_auth/apps.py'],
      [j('db = pymysql.connect(host, user, os.getenv("DB_PASSWORD", "', 'Vn3#pQ8zLw5', '"))'), 'server/db.py'],
      [j("const pw = process.env.DB_PASS ?? '", 'Vn3#pQ8zLw5..', "';"), 'server/db.js'],
      // A short password name: `DB_PASS`, a mail transport's `pass`.
      [j('DB_PASS=', 'Vn3#pQ8zLw5Kq'), '.env'],
      // A string type annotation sits between the name and the value.
      [j('    SECRET_KEY: str = "', 'kR8m2Pq9Lx4Vz7Nw', '"'), 'server/app/config.py'],
      [j("  private readonly jwtSecret: string = '", 'kR8m2Pq9Lx4Vz7Nw', "';"), 'src/auth/jwt.ts'],
      // A quoted signing key runs to its closing quote, punctuation and all.
      [j('    private static final String secretKey = "', 'vmkdlsoqpw,zbxnc;.hrtg', '";'), 'src/main/java/org/example/utils/TokenUtils.java'],
      // An app key beside an app id is the secret half of the pair (QQ Connect).
      [j("\tconst APPID = '101000001';\n\tconst APPKEY = '", 'c5d6e7f8091a2b3c4d5e6f708192a3', "';"), 'extend/connect/QqService.php'],
      // Ten hex digits are generated, though they cannot reach 3 bits a character.
      [j("      password: '", '4e1dada8b3', "',"), 'server/config/config.default.js'],
      // A signature secret of a JeecgBoot fork that changed the published default.
      [`  signatureSecret: ${hexOf(31, 33)}z9`, 'jeecg-system-start/src/main/resources/application-prod.yml'],
      // Key names the list once missed: a security key (backtick literal), an app key alone in both cases with digits,
      // Laravel's APP_KEY, a `PSD` constant beside an SMTP host (QQ's 16-letter code), an encryption key's env fallback.
      [j('const securityKey = `', 'R7kq2Lm9Xa4Pz8Wd', '`;'), 'utils/request.js'],
      [j('module.exports = { appkey: "', 'Tq8Lm2Rx7Kp4Zs9W', '", port: 3003 }'), 'server/config.js'],
      [j('APP_NAME=Shop\nAPP_ENV=production\nAPP_KEY=base64:', rnd(43, undefined, 47), '=\nAPP_DEBUG=false'), '.env'],
      [j("    const HOST = 'smtp.qq.com';\n    const USER = '12345678@qq.com';\n    const PSD = '", 'qwhzkeyrtmbnaplo', "';"), 'extend/service/Mailer.php'],
      [j("const ENCRYPTION_KEY = process.env.VIDEO_ENCRYPTION_KEY || '", 'mall_video_aes_key_2031_qz', "';"), 'backend/utils/videoEncryption.js'],
      // Kinds of secret and a number: not only a label.
      ["    secret: 'app-secret-2031',", 'server/config.js'],
      // A vendor's sample lives in a sample package, not in a class named after it; a token that is not WeChat's
      // two-hour access_token.
      [`  private static String token = "${rnd(40, undefined, 43)}";`, 'src/main/java/com/shop/im/SampleTokenInspector.java'],
      [`shop.notify.url=https://api.shop-mall.cn/notify?access_token=${rnd(64, undefined, 45)}`, 'src/main/resources/application.properties'],
      // Beside the class references of a PHP configuration, a literal is still a literal.
      [j("    'token' => '", 'kR8m2Pq9Lx4Vz7Nw', "',"), 'config/sanctum.php'],
      // A multi-line row of a table that is no log: its JSON is configuration.
      [`INSERT INTO sys_config (config_id, config_value) VALUES (7, '{\n  "push" : {\n    "token" : "${hexOf(32, 31)}"\n  }\n}');`, 'sql/shop.sql'],
      // A query string's value ends at its next pair.
      [j('wx.login.url=https://api.weixin.qq.com/sns/jscode2session?appid=wx1a2b3c4d5e6f7a8b&secret=', 'Hx9mK2vLq4Zp8Rt3', '&js_code=CODE'), 'src/main/resources/application.properties'],
      // A full-width colon and quotes, as a Chinese keyboard types them.
      [j('token：“', 'Zq8Lm2Nx7Rt4Vz9W3k', '”'), 'docs/接口说明.md'],
      [j('password：', 'Hx9#mK2v!Lq4'), 'docs/部署.md'],
      // A quoted literal in minified code is still a literal.
      [j('var c={timeout:6e4,password:"', 'Hx9#mK2v!Lq4', '"};'), 'common/vendor.js'],
      // Secret names as one lower-case word, as C# and Java fields write them.
      [j('    public static readonly string corpsecret = "', rnd(43, base64url, 61), '";'), 'Shop.Api/Keys.cs'],
      [j('    private static final String clientsecret = "', 'kR8m2Pq9Lx4Vz7Nw', '";'), 'src/main/java/com/shop/OAuth.java'],
      // Sixteen letters of both cases in no words: a generated app key (Tencent AI's), beside its app id.
      [j("  ai: { appid: '2107346581', appkey: '", 'QmTrVxKpLwZnBsHd', "' },"), 'src/common/config/config.js'],
      // A configuration's bare value with a dot and digits is a value, not a property path; Go's bytes of a literal.
      ['spring:\n  redis:\n    password: Shop2023.Prod', 'src/main/resources/application.yml'],
      [j('var JwtSecret = []byte("', 'Kq8xLm2Vp9zWr4Tn', '")'), 'config/jwt.go'],
      // nodemailer's service name for QQ mail: its 16 letters are an authorisation code.
      ["const t = nodemailer.createTransport({\n  service: 'qq',\n  auth: { user: '12345@qq.com', pass: 'qwhzkeyrtmbnaplo' },\n})", 'utils/mail.js'],
      // Quoted, a leading `!` belongs to the password; a blockchain account's key as 64 hex digits.
      [j("    'password'        => '", '!$Kq8xLm2Vp9#zWr', "',"), 'config/database_dev.php'],
      [j('        String hexPrivateKey = "', '8f3e2a9c7b1d4e6f0a5c3b8d2e7f1a9c5d0b6e4a2c8f1d7b3e9a0c6f2d4b8e1a', '";'), 'src/main/java/com/shop/FiscoClient.java'],
    ],
    negatives: [
      // A form's default made of the field's name, and a call written as a string.
      ['        yunpaySecretKey: "yunpaySecretKey_a3bc4567d8e9f",', 'mall-shop-backend/src/views/setting/config/payment/src/CloudPay.vue'],
      ["    if (authorization) {\n      const token = 'getToken()'\n      if (!token) {", 'uniapp-mobile/src/http/alova.ts'],
      // The go-zero-looklook tutorial's stock JWT secret and Redis password, in a project built from it.
      ['JwtAuth:\n  AccessSecret: ae0536f9-6450-4606-8e13-5a19ed505da0\n  AccessExpire: 31536000\nRedis:\n  Host: redis:6379\n  Type: node\n  Pass: G62m50oigInC30sf', 'looklook/app/usercenter/cmd/api/etc/usercenter.yaml'],
      // FEBS's default password for new users, and a page saying so.
      ['    public static final String DEFAULT_PASSWORD = "1234qwer";', 'backend/src/main/java/cc/mrbird/febs/system/domain/User.java'],
      // One filler typed into every field of a block, ids and paths too.
      ['wechat:\n  mpAppId: kqz482bnm715rtp396\n  mpAppSecret: kqz482bnm715rtp396\n  mchId: kqz482bnm715rtp396\n  mchKey: kqz482bnm715rtp396\n  keyPath: kqz482bnm715rtp396\n  notifyUrl: kqz482bnm715rtp396', 'src/main/resources/application.yml'],
      // A sequence diagram's label names the class a token handler returns.
      ['TokenEndpoint <-- CompositeTokenGranter: OAuth2AccessToken\nCompositeTokenGranter <-- ResourceOwnerPasswordTokenGranter: OAuth2Authentication', 'docs/diagram/oauth2/password.puml'],
      // A placeholder in brackets stays one, symbols and all.
      ["  secret: '<Your_Session_Secret_2024!@#>',", 'server/config.js'],
      // A failed request's headers in an exception table's rows.
      ["INSERT INTO `mzc-exception` VALUES (1, 6, '127.0.0.1', '{\\\"token\\\":\\\"9f8e7d6c5b4a39281706f5e4d3c2b1a0\\\"}', 'GET');", 'server/data/local-egg-demo.sql'],
      // An algorithm's name under a setting about signing, a signed URL's parts, a unit typed over and over, and stock
      // course values (sky-take-out's APIv3 key).
      ["default_token_sign_algo = 'HmacSHA256'", 'jd/security/tde/constants.py'],
      ['![data](https://storage.googleapis.com/kaggle-data-sets/1/2/x.zip?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=gcp-kaggle-com%40kaggle-161607.iam.gserviceaccount.com%2F20240101&X-Goog-Signature=9f8e7d6c5b4a39281706f5e4d3c2b1a0)', '模型测试报告.md'],
      ['WX_PAY_API_KEY=abcd1234abcd1234abcd1234abcd1234', 'backend/env.example'],
      ['  apiV3Key: CZBK51236435wxpay435434323FFDuv3', 'sky-server/src/main/resources/application-dev.yml'],
      // Concatenations after a query string's name.
      ['            \t\t\t+ "&component_appid="+apiConfig.getAppId()+"&component_access_token="+compAccessToken;', 'src/main/java/com/shop/MobileSessionInterceptor.java'],
      ['\tconst res = await uniCloud.httpclient.request("https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid="+appId+"&secret="+appSecret,{dataType:"json"});', 'cloudfunctions/common/wx-common/index.js'],
      // A camel-case test's fixture, and a token a test run logged under the name of where it was used.
      ["auth.setSession('admin', 'admin-token-Kq8Lm2Nx7Rt4', { id: 99, role: 3 });\nconst pass = r.adminToken === 'admin-token-Kq8Lm2Nx7Rt4';", 'backend/scripts/authRoleTest.js'],
      ['{"afterAdminSwitch":{"adminTokenOnAdminApi":"admin-token-Kq8Lm2Nx7Rt4"}}', 'backend/debug-5c0501.log'],
      // A token in an API document's sample response, and niefy/wx-api's stock JWT key.
      ['- **Response**: `Result<{ "token": "uuid" }>`\n  ```json\n  { "code": 200, "data": { "token": "6f1c2a9e-3b4d-4e8f-9a7b-1c2d3e4f5a6b" } }\n  ```', 'API_DOCUMENTATION.md'],
      ['shiro:\n    jwt:\n        secret: kF3`eF0|bD0!eA1#gE0!eE3_hD0@kJ0#[niefy@qq.com]', 'src/main/resources/application.yml'],
      // A template's secret with its end overwritten by one letter.
      ['WxMiniConf:\n  AppId: wx1a2b3c4d5e6f7a8b\n  Secret: 20365395b3de9b2a9351ddddddd', 'app/usercenter/cmd/api/etc/usercenter.yaml'],
      // A user's record seeded with the token issued at login.
      [j("    u1 = User(token='", hexOf(40, 264), "',avatar_url=\"https://wx.qlogo.cn/mmopen/x/132\",nickname='test1', province='GD',city='SZ',gender=1)"), 'mini_flask/models/define_db.py'],
      [j("      //     'token': '", hexOf(40, 265), "',"), 'miniprogram/pages/mine/myposts/myposts.js'],
      // A session a developer pasted into a page while debugging it, and a WeChat console link's login session.
      [j("    let token = '", hexOf(40, 261), "'"), 'miniprogram/pages/mine/myposts/myposts.js'],
      [j(' * link  https://open.weixin.qq.com/cgi-bin/showdocument?action=dir_list&t=resource/res_list&verify=1&id=open1419318587&token=', hexOf(40, 262)), 'app/Http/Controllers/Admin/Weixin/AuthbackController.php'],
      // A vendor's sample response pasted into a Javadoc without its margin, and a JFinal template's expression.
      [j('\t/**\n\t * { \n"authorization_info": {\n"authorizer_appid": "wx1a2b3c4d5e6f7a8b", \n"authorizer_access_token": "', rnd(40, undefined, 255), '", '), 'weapp-wechat-api/src/main/java/com/weapp/QueryCompUserAuthApi.java'],
      ['<input type="text" name="app_secret" value="#(setting.app_secret??)" class="form-control">', 'templates/setting/wechat_set_index.html'],
      // A new user's password set through a bean's setter is most often a default.
      ['        user.setPassword("Shop2024x");', 'src/main/java/com/shop/UserServiceImpl.java'],
      // A guide's sample value describing the one to choose.
      ['POSTGRES_PASSWORD=StrongPassword123!', 'docs/Docker部署指南.md'],
      // uni-id's template values.
      ['{\n  "passwordSecret": "passwordSecret-demo",\n  "tokenSecret": "tokenSecret-demo",', 'uniCloud/cloudfunctions/common/uni-config-center/uni-id/config.json'],
      // An error's code under a password's name.
      ['    private static final String PASSWORD_REUSED_CODE = "AUTH_4091";', 'src/main/java/com/canteen/auth/PasswordHistoryService.java'],
      // MyBatis fills its parameters in when the statement runs.
      ['            sql.VALUES("password", "#{password,jdbcType=VARCHAR}");', 'src/main/java/com/shop/mapper/AdminSqlProvider.java'],
      // An md5 in base64 under a password name is the password's digest (the default `123456`'s, said in the comment).
      ["        password: '4QrcOUm6Wau+VuBX8g+IPg==', // 默认密码 123456", 'app/controllers/users.js'],
      // Vendor stock values: CmsWing's Changyan app key in its seed rows, litemall's COS pair.
      ['INSERT INTO `cmswing_ext` VALUES (\'changyan\', \'搜狐畅言\', \'{\\"appid\\":\\"cysYegnR2\\",\\"appkey\\":\\"b28eb67a3a8364878ee67d33c3febdce\\"}\');', 'mall.sql'],
      ['    tencent:\n      secretId: AKIDOccMr856uoU1Tsa2MQL5aqseBUWRrb5i\n      secretKey: XqtgEhIdrupTs4ygaWlkUUXv3w3FiwuD', 'litemall-core/src/main/resources/application-core.yml'],
      // A course's key shown masked, and an SMS template's code under a password's name.
      ['    secretKey: Kx8mQ2vR7tZ4pW9nB3cL***', 'service-util/src/main/resources/application-dev.yml'],
      ['  forgetPassword: SMS_271525576', 'src/main/resources/application.yml'],
      // A Go module path after a label, a regular expression named PASSWORD, a sed command's substitution.
      ['- Token：`github.com/golang-jwt/jwt/v5`', 'README-go.md'],
      ['    public static final String PASSWORD = "^(?![a-zA-Z]+$)(?![0-9]+$)[0-9A-Za-z]{8,16}$";', 'src/main/java/RegexConstants.java'],
      ['sed -i "s/password: Redis2024x/password: ${REDIS_PASSWORD}/g" ruoyi-admin/src/main/resources/application-prod.yml', 'deploy.sh'],
      // A page's CSRF token, copied into a request's headers.
      ["        // 'X-CSRF-Token': 'Kq8Lm2Nx7RvT5pWz3Yb6Hd4Fs9Gc1J0e'", 'web/js/service.js'],
      // A storage slot's name under a token's.
      ["const ACCESS_TOKEN_KEY = 'campus.auth.accessToken.v1'", 'src/api/auth.ts'],
      // An AppID as a secret's fallback (copied from the line above), and a test's user record (Yii's fixtures).
      ["WX_APP_ID = os.environ.get('WX_APP_ID', 'wxcb1a2b3c4d5e6f70')\nWX_APP_SECRET = os.environ.get('WX_APP_SECRET', 'wxcb1a2b3c4d5e6f70')", 'wxcloudrun/settings.py'],
      [j("        'auth_key' => '", 'tUu1qHcde0diwUol3xeI', "-18MuHkkprQ',\n        'password_reset_token' => '", 'RkD_Jw0_8HEedzLk7MM', "-ZKEFfYR7VbMr_1392559490',"), 'frontend/tests/_data/login_data.php'],
      // A session token pasted into a unit test, and a base64 default that spells what it is.
      [j('        map.put("access_token", "', hexOf(32, 206), '");'), 'src/test/java/com/shop/KmInvokeTest.java'],
      ['ENCRYPTION_KEY=${ENCRYPTION_KEY:ZGV2LW9ubHkta2V5LWZvci10ZXN0aW5nLW5vdC1mb3ItcHJvZA==}', '.env.example'],
      // A test's request URL carries a local server's session token; a template's value to be replaced.
      ['        String u = "http://localhost:8080/address/new/?token=3f2a9c7e-1d4b-4e8f-9a6b-1c0d2e3f4a5b";', 'src/test/java/com/shop/AllTest.java'],
      [j("        'app_token' => '", hexOf(32, 201), "', //请从官方获取"), 'install/conf/mini_series.php'],
      // A format a comment shows, and a Laravel validator's rule with an argument.
      ['    // Cloudinary URL format: cloudinary://api_key:api_secret@cloud_name', 'src/main/java/com/shop/CloudStorageService.java'],
      ["            'access_token' => 'required_without:code|string',", 'app/Http/Requests/Api/SocialAuthorizationRequest.php'],
      // A format string's slot, a Windows path, a path with backslashes, a value its comment says is made up.
      ['    public const string AUTH_REFRESH_TOKEN = "auth:refresh:{0}";', 'Shop.Core/Consts.cs'],
      ['wx.mini-program.wechat.app-secret=D:/nader_upload', 'src/main/resources/application.properties'],
      ["//  $url_token='C:\\wamp\\www\\shop\\access_token.json';", 'app/controller/Wx.php'],
      [j('    String APPSECRET = "', rnd(31, undefined, 174), '"; //这个是虚拟的（瞎编的）'), 'src/main/java/com/shop/Wx.java'],
      // A runtime log's SQL and request dumps: a token's stored digest, ThinkPHP's CSRF form token.
      [j("[ sql ] [ SQL ] SELECT * FROM `fa_user_token` WHERE  `token` = '", hexOf(40, 151), "' LIMIT 1 [ RunTime:0.000300s ]"), 'runtime/log/202109/07.log'],
      [j("  '__token__' => '", hexOf(32, 152), "',"), 'runtime/log/202109/07.log'],
      // A Django migration's name and a rate limit under names that mention a token or a password.
      ['        ("token_blacklist", "0003_auto_20171017_2007"),', 'apps/token_blacklist/migrations/0004_auto.py'],
      ['        "reset_password": "20/m/ip,5/m/key",', 'accounts/app_settings.py'],
      // A QQ group's invite link in a README.
      [j('<a target="_blank" href="https://qm.qq.com/cgi-bin/qm/qr?k=', rnd(32, base64url, 101), '&jump_from=webapi&authKey=', rnd(64, base64url, 103), '"><img src="https://img.shields.io/badge/QQ群-66502035-green.svg"></a>'), 'README.md'],
      // The key pair RuoYi-Vue's front end ships in every copy (`src/utils/jsencrypt.js`).
      ["const privateKey = 'MIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEAqhHyZfSsYourNxaY\\n' +", 'RuoYi-vue3/src/utils/jsencrypt.js'],
      // A CDN's signed URL carries a signature for one picture.
      ['<img src="//img.cdn.cn/a.jpg?auth_key=1700000000-0-0-9f86d081884c7d659a2feaa0c55ad015">', 'src/pages/login.vue'],
      // A user's session token a log recorded.
      ['2019-11-02 10:00:01.123 INFO  c.g.o.OrderController - 根据token:3cf60e2abc,查询用户信息', 'log/2019-11-02/info.2019-11-02.0.log'],
      // A query string whose value is a template's variable or a camel-case name.
      ["const res = await fetch(`https://api.shop.cn/v1/orders?token=${token}&page=${page}`);", 'pages/order/list.js'],
      ["location.href = '/login?redirect=1&token=accessTokenFromStorage';", 'pages/login/login.js'],
      // A session token in a Swagger annotation's sample request.
      [j('    @ApiOperation(value = "修改订单", notes = "{\\"token\\":\\"', hexOf(32, 59), '\\",\\"id\\": 3849}")'), 'src/main/java/shop/order/OrderController.java'],
      // A setter given a variable.
      ['        initParams.put("loginPassword", password);', 'src/main/java/shop/DruidConfig.java'],
      // A WeChat openid stored under a password's name (a session file's `user_pass: openid`), and a comparison of two variables.
      [j('{"user_id":12,"user_pass":"o', rnd(27, base64url, 71), '"}'), 'app/common/runtime/session/3/sess.json'],
      ["  if (password === confirmPassword) {", 'pages/register/register.js'],
      // The same escaped JSON holding a placeholder.
      ["INSERT INTO `wx_auth` VALUES (1,'{\\\"access_token\\\":\\\"your_access_token_here\\\"}');", 'db/shop.sql'],
      'JWT_SECRET=<至少32位随机字符串>',
      // Camel-case words are a name, however long; the nideshop template's JWT key is in every shop forked from it.
      [j("  ai: { appid: '2107346581', appkey: '", 'ShopAppKeyForTesting', "' },"), 'src/common/config/config.js'],
      [j("const secret = '", 'SLDLKKDS323ssdd@#@@gf', "';"), 'src/api/service/token.js'],
      // A property path in code, and 16 letters that no mail server is named beside.
      ['  const pw = config.redis.password', 'src/db.js'],
      ['privateKey: asn1.privateKeyValidator', 'lib/forge.yml'],
      // A validator's pattern rule.
      ["            'password' => 'regex:\\S{6,32}',", 'application/admin/validate/User.php'],
      ["const t = createClient({\n  auth: { user: 'shop', pass: 'qwhzkeyrtmbnaplo' },\n})", 'utils/client.js'],
      // CSS's `!important` is a word; a private key's file name is no key.
      ["var IMPORTANT_TOKEN = '!important';", 'lib/optimizer/restore.js'],
      ["  privateKey: 'cert/apiclient_key.pem',", 'config/pay.js'],
      ["  const privateKey = options.privateKey || readKey()", 'lib/sign.js'],
      // A Redis key's name, and values typed along the alphabet or the keyboard.
      ['private static final String ACCESS_TOKEN_KEY = "wecom:corp:access_token";', 'src/main/java/shop/WechatApi.java'],
      ['  contact-secret: abc123def456ghi789jkl', 'src/main/resources/application-example.yml'],
      ['- 示例：`JWT_SECRET=q1w2e3r4t5y6u7i8o9p0`', 'ENV_SETUP.md'],
      'DB_PASSWORD=${DB_PASSWORD}',
      'password: process.env.REDIS_PASSWORD,',
      "const token = await this.getAccessToken();",
      'tokenTtl: 3600000',
      'password: string;',
      'SECRET_KEY=changeme',
      'secretName: my-secret-name',
      'ADMIN_PASSWORD=your-admin-password',
      'SIGN_SECRET=a_secret_value',
      // A call's quoted arguments are no row of a key-value table.
      [j("localStorage.setItem('token', '", rnd(24), "');"), 'src/utils/auth.js'],
      ['- `app-secret`: 在企业微信后台获取', '部署指南.md'],
      '"secretlint": "bin/secretlint.js",',
      'tokenizer: lib/tokenizer/index.mjs',
      // Identifiers, concatenations and property reads are code.
      ['  face_token: face_token,', 'cloudfunctions/face/index.js'],
      ['console.log("token:" + token)', 'pages/login/login.js'],
      ["url: 'https://api.weixin.qq.com/wxa/msg_sec_check?access_token=' + app.globalData.access_token,", 'pages/post/post.js'],
      ['e.request({url:"https://api.example.cn/user?access_token="+e.globalData.access_token})', 'common/vendor.js'],
      ['this.passwordVisible=!this.passwordVisible', 'pages/login/login.vue'],
      ['c.password+=e.key', 'pages/login/login.js'],
      // A logged login response in a row of an operation-log table: a session token of the past.
      [`INSERT INTO shop.sys_oper_log (oper_id, title, json_result, status) VALUES (12, '登录', '{\n  "code" : 0,\n  "data" : {\n    "token" : "${hexOf(32, 31)}",\n    "loginName" : "admin"\n  }\n}', 0);`, 'sql/shop_sys_oper_log.sql'],
      // Tokens that open nothing any more: an expired JWT, WeChat's access_token (two hours), a vendor's sample.
      [`//   String token = "${jwtWith({ exp: 1500000000, username: 'admin' })}";`, 'src/main/java/com/shop/util/JwtUtil.java'],
      [`    String token = "${jwtWith({ password: rnd(160, undefined, 51), exp: 1700000000, userId: 155 })}";`, 'src/main/java/com/shop/util/JwtUtilApp.java'],
      [`wx.notify.url=https://api.weixin.qq.com/cgi-bin/message/wxopen/template/send?access_token=12_${rnd(120, base64url, 41)}`, 'src/main/resources/application.properties'],
      [`  private static String token = "${rnd(40, undefined, 43)}";`, 'src/main/java/io/agora/sample/AccessTokenInspector.java'],
      [j("  auth: { username: 'janedoe', password: '", 's3cr3tpass', "' },"), 'public/pc/plugins/axios/README.md'],
      // An alphabet run starts a documentation sample.
      ["    Authorization: 'AWS4-HMAC-SHA256 Credential=ABCDEF/20121226/us-east-1/sqs/aws4_request, ...'", 'README.md'],
      // An app key alone in hex is an SDK's client key; 16 letters are a password only beside an SMTP host.
      [`module.exports = { appkey: "${hexOf(24, 49)}", port: 3003 }`, 'server/config.js'],
      [j("    const PSD = '", 'qwhzkeyrtmbnaplo', "';"), 'extend/service/Crypto.php'],
      ["const ENCRYPTION_KEY = process.env.VIDEO_ENCRYPTION_KEY || 'your-encryption-key-here';", 'backend/utils/videoEncryption.js'],
      // An empty or stand-in fallback, a variable that names no secret, and words that only start with `pass`.
      ["    'pw' => env('DB_PASSWORD', ''),", 'config/database.php'],
      ["    'pw' => env('DB_PASSWORD', 'your-password'),", 'config/database.php'],
      ["    'pw' => Env::get('database.password', 'root'),", 'config/database.php'],
      ["DB_PASSWORD = environ.get('DB_PASSWORD', '')", 'wx_auth/apps.py'],
      ["const pw = process.env.DB_PASS || '';", 'server/db.js'],
      [j("    'name' => env('APP_NAME', '", 'Kq8#xLm2Vp9z', "'),"), 'config/app.php'],
      [j("const p = { passport: '", 'E8k2Lm9Qx7Rt', "', bypass: '", 'Kx9mQ2vL7pRz4Nw8', "' };"), 'src/user.js'],
      // Class references, a Redis key prefix, a ThinkPHP template variable, a number in a doc URL, the NestJS badge.
      ["        'verify_csrf_token' => App\\Http\\Middleware\\VerifyCsrfToken::class,", 'config/sanctum.php'],
      ['    public static final String LOGIN_TOKEN_KEY = "login_tokens:";', 'src/main/java/com/shop/common/Constants.java'],
      ["    var token = '{$kefu_token}';", 'application/wap/view/service/service_list.html'],
      ['  * 获取地址：https://mp.weixin.qq.com/advanced/advanced?action=dev&t=advanced/dev&token=1234567890&lang=zh_CN', 'extend/WxPay/WxPay.Config.php'],
      ['[circleci-image]: https://img.shields.io/circleci/build/github/acme/shop/master?token=abc123def456', 'README.md'],
      // A URL template whose values are the names of their own parameters.
      ['wx.login.url=https://api.weixin.qq.com/sns/jscode2session?appid=APPID&secret=SECRET&js_code=CODE&grant_type=authorization_code', 'src/main/resources/application.properties'],
      // Minified code glues operators to their operands: the head of the value is a variable or a property read.
      ['e={"receipt-data":e.receiptData,password:e.password||this.options.password}', 'uni_modules/uni-pay/index.js'],
      ['e.delimiters.push({marker:i,jump:t,token:e.tokens.length-1,level:e.level})', 'towxml/parse/markdown/markdown.js'],
      ['this.secret=this.privateKey=this.key=r,this.payload=new ce(e.payload)', 'uni_modules/uni-id/index.js'],
      ['fetch(u,{method:"GET",credentials:j?N:void 0})', 'public/admin/assets/style.js'],
      ['  accessToken: accessTokenValue,', 'src/api/user.ts'],
      ["  password: params.auth.split(':')[1],", 'README.md'],
      ['[![codecov](https://codecov.io/github/jaredwray/flat-cache/branch/master/graph/badge.svg?token=KxwYMH1jNF)](https://codecov.io)', 'README.md'],
      ['"Unexpected_token_1012": "Neočekávaný token",', 'lib/cs/diagnosticMessages.generated.json'],
      // Escaped newlines end values: one config line of a SQL dump is not seven findings.
      [String.raw`INSERT INTO config_info VALUES (9,'canal.properties','DEFAULT_GROUP','canal.aliyun.secretKey =
rabbitmq.password =root
redis.password =
canal.user =canal');`, 'nacos/nacos_config.sql'],
      // Hashes and public keys are not secrets.
      ['pwdPublicKey=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==', 'src/main/resources/application.properties'],
      [`  password: ${md5}`, 'src/main/resources/application.yml'],
      ["INSERT INTO sys_user VALUES (1,'admin','$2a$10$7JB720yubVSZvUI0rEqK/.VqGOZTH.ulu33dHOiBE8ByOhJIrdAu2','admin');", 'sql/ry.sql'],
      ['nacos.core.auth.plugin.nacos.token.secret.key=SecretKey012345678901234567890123456789012345678901234567890123456789', 'conf/application.properties'],
      ['  signatureSecret: dd05f1c54d63749eda95f9fa6d49v442a', 'jeecg-system-start/src/main/resources/application-dev.yml'],
      // `::` is scope access, not an assignment: a class named …Token is not a key.
      ['$t = new FormulaToken($v, FormulaToken::TOKEN_TYPE_OPERAND, FormulaToken::TOKEN_SUBTYPE_TEXT);', 'lib/Calculation/FormulaParser.php'],
      // Values that describe themselves.
      ['JWT_SECRET=local-dev-jwt-secret-key-must-be-at-least-256-bits-long', 'deploy/.env.local.example'],
      ['SESSION_SECRET=change-me-in-prod-2024', 'deploy/.env'],
      ['    @Value("${jwt.secret:shop-jwt-secret-key-must-be-at-least-256-bits-long-hs256}")', 'src/main/java/com/shop/security/JwtTokenProvider.java'],
      ["    accessToken: 'test-token-123',", 'src/api/mock.ts'],
      ['WECHAT_API_KEY=AbCdEfGhIjKlMnOpQrStUvWxYz123456', 'docs/wechat-pay.md'],
      // A word and 123456 is a weak password (weak-secret), not a generated one.
      ['MYSQL_PASSWORD=shopapp123456', 'deploy/.env.example'],
      // A markup attribute after a boolean one, a stylesheet selector, a template string's literal head.
      ['<input type="text" password :cursor-spacing="cursorSpacing" v-model="value"/>', 'components/prompt.vue'],
      ['.login-password:focus~.icon-2{color:#999}', 'pages/login/login.wxss'],
      ['  const token = `MOCK_VERIFY_${Date.now()}_${Math.random()}`;', 'src/lib/verify.ts'],
      ['  password: process.env.DB_PASSWORD || fallbackPassword,', 'server/config/production.js'],
      // An app key alone is a client key, and beside an app secret it is the id.
      ['"amap": { "appkey_ios": "Hq2Lm8Nx4Rt7Vz1Kp5Wc9Yb3Jd6Fs0G" }', 'manifest.json'],
      [j('    app_key="', '2f1c7b9e-4d3a-4e8f-9a6b-1c0d2e3f4a5b', '",\n    secret=ylh_secret,'), 'integrations/ylh.py'],
      // A validator's rules for the field, and the name of the slot a token is stored under.
      ["        'pwd' => 'require|length:6,20',", 'application/api/validate/Admin.php'],
      ["        'password' => 'required|string|min:8|confirmed',", 'app/Http/Requests/RegisterRequest.php'],
      ["const USER_TOKEN_KEY = 'shop-web:user-token';", 'src/shared/storage.ts'],
      ['- token：“在控制台获取后填入”', 'docs/接口说明.md'],
      ['password：“your-password”', 'docs/部署.md'],
      // An empty or read field under a glued name, and a glued word that only ends in `secret`.
      ['    public static string corpsecret = "";', 'Shop.Api/Keys.cs'],
      ['    string appsecret = ConfigurationManager.AppSettings["appsecret"];', 'Shop.Api/Keys.cs'],
      [j('    String topsecret = "', 'kR8m2Pq9Lx4Vz7Nw', '";'), 'src/main/java/com/shop/Game.java'],
      // A session token in a response documented in a docblock: issued once, shown as an example.
      [j('    /**\n     * @apiSuccessExample {json} 返回样例:\n     * {"msg":"ok","code":200,"data":{"token":"', hexOf(32, 41), '","grade":1}}\n     */'), 'application/api/controller/v1/Token.php'],
    ],
  },
  {
    rule: 'aliyun-access-key-id',
    positives: [j('ALIYUN_ACCESS_KEY_ID=LTAI', '5tBcc9SecYAo'), j('accessKeyId: "LTAI', '5tBcc9SecYAomgyUSFs8",')],
    negatives: [
      // A signed URL stored as data: the id travels with one object's signature.
      j('INSERT INTO `a` VALUES (1, \'<img src="https://b.oss-cn-hangzhou.aliyuncs.com/a.jpg?Expires=1763000000&OSSAccessKeyId=LTAI', '5tBcc9SecYAomgyUSFs8', '&Signature=abc%3D">\');'),
      j('INSERT INTO `a` VALUES (2, \'<img src="https://b.oss-cn-hangzhou.aliyuncs.com/a.jpg?Expires=1763000000&amp;OSSAccessKeyId=LTAI', '5tBcc9SecYAomgyUSFs8', '&amp;Signature=abc%3D">\');'),
      j('LTAI', '5tBcc9SecYA'),
      j('LTAI', '5tBcc9SecYAomgyUSFs'),
      'LTAIxxxxxxxxxxxxxxxx',
      j('LTAI', 'abcdefghijkl'),
      // OSS's PostObject form gives the id to the browser, beside the policy the server signed.
      [j("        formData: {\n          OSSAccessKeyId: 'LTAI", '5tBcc9SecYAomgyUSFs8', "',\n          policy: policyBase64,\n          signature,"), 'pages/upload/upload.vue'],
    ],
  },
  {
    rule: 'aliyun-access-key-secret',
    positives: [
      // The pair swapped: the id under the secret's name, the secret under the id's.
      [j("  //aliyun OSS config\n  AccessKeySecret: '", 'LTAI5tQ8mZ2kR7vN4pW9xL3c', "',\n  OSSAccessKeyId: '", 'mJk8Qz2Rv5Tx9Lp3Wn6Yb1Hd4Fs7Gc', "',"), 'utils/config.js'],
      j('ALIYUN_ACCESS_KEY_SECRET=', 'Xk3vQ9pL2mN8rT5wY7zA1bC4dE6fG0'),
      j('oss:\n  accessKeyId: LTAI', '5tBcc9SecYAomgyUSFs8\n  secret: ', 'Hq2Lm8Nx4Rt7Vz1Kp5Wc9Yb3Jd6Fs0'),
      // The argument right after the AccessKey id in an SDK call, on its line or the call's next line.
      [j('        OSSClient client = new OSSClient(endpoint, "LTAI', '5tBcc9SecYAomgyUSFs8", "', 'Hq2Lm8Nx4Rt7Vz1Kp5Wc9Yb3Jd6Fs0', '");'), 'src/main/java/com/shop/OssUtil.java'],
      [j('    DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou",\n            "LTAI', '5tBcc9SecYAomgyUSFs8",\n            "', 'Hq2Lm8Nx4Rt7Vz1Kp5Wc9Yb3Jd6Fs0', '");'), 'src/main/java/com/shop/SmsUtil.java'],
    ],
    negatives: [j('some_secret: ', 'Xk3vQ9pL2mN8rT5wY7zA1bC4dE6fG0'), 'ALIYUN_OSS_ACCESS_SECRET=<AccessSecret>',
      // Variables in the call; a literal given to another call after the id's statement has ended.
      ['        OSSClient client = new OSSClient(endpoint, accessKeyId, accessKeySecret);', 'src/main/java/com/shop/OssUtil.java'],
      [j('    check("LTAI', '5tBcc9SecYAomgyUSFs8"); String k = digest(data, "', 'Hq2Lm8Nx4Rt7Vz1Kp5Wc9Yb3Jd6Fs0', '");'), 'src/main/java/com/shop/OssUtil.java'], j('ALIYUN_ACCESS_KEY_SECRET=', 'Xk3vQ9pL2mN8rT5wY7zA1bC4dE6fG')],
  },
  {
    rule: 'modelscope-token',
    positives: [
      // A curl line printed by a Java example, and the token assigned.
      [j('        System.out.println("  -H \\"Authorization: Bearer ms-', hexOf(8, 401), '-', hexOf(4, 402), '-', hexOf(4, 403), '-', hexOf(4, 404), '-', hexOf(12, 405), '\\" \\\\");'), 'src/test/java/com/shop/ModelScopeTest.java'],
      j('MODELSCOPE_API_KEY=ms-', hexOf(8, 406), '-', hexOf(4, 407), '-', hexOf(4, 408), '-', hexOf(4, 409), '-', hexOf(12, 410)),
    ],
    negatives: [
      // A stylesheet's vendor prefix, a UUID inside a longer name, a sample of zeros.
      ['.box { display: -ms-flexbox; -ms-flex-align: center; }', 'src/app.css'],
      j('const id = "items-ms-', hexOf(8, 411), '-', hexOf(4, 412), '-', hexOf(4, 413), '-', hexOf(4, 414), '-', hexOf(12, 415), '";'),
      'MODELSCOPE_API_KEY=ms-00000000-0000-0000-0000-000000000000',
    ],
  },
  {
    rule: 'tencent-cloud-secret-id',
    positives: [
      j('TENCENTCLOUD_SECRET_ID=AKID', 'z8Kq2Lm9Rx4Tv7Np3Wc6Yb1Hs5Jd0Fg2'),
      // Tencent Cloud Marketplace's SecretId: 36 characters after AKID.
      [j('        //云市场分配的密钥Id\n        String secretId = "AKID', 'z8Kq2Lm9Rx4Tv7Np3Wc6Yb1Hs5Jd0Fg2Qw7e', '";'), 'src/main/java/shop/SensitiveUtils.java'],
    ],
    negatives: [j('AKID', 'z8Kq2Lm9Rx4Tv7Np3Wc6Yb1Hs5Jd0Fg'), 'AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      // litemall's stock COS pair, in every fork's `application-core.yml`.
      ['    tencent:\n      secretId: AKIDOccMr856uoU1Tsa2MQL5aqseBUWRrb5i\n      secretKey: XqtgEhIdrupTs4ygaWlkUUXv3w3FiwuD', 'litemall-core/src/main/resources/application-core.yml'],
    ],
  },
  {
    rule: 'tencent-cloud-secret-key',
    positives: [
      j('SecretId: AKID', 'z8Kq2Lm9Rx4Tv7Np3Wc6Yb1Hs5Jd0Fg2\nSecretKey: ', 'Qm4Rt8Lp2Vx6Nz9Kc3Wb7Hy1Jd5Fs0Ga'),
      [j('        Credential cred = new Credential("AKID', 'z8Kq2Lm9Rx4Tv7Np3Wc6Yb1Hs5Jd0Fg2", "', 'Qm4Rt8Lp2Vx6Nz9Kc3Wb7Hy1Jd5Fs0Ga', '");'), 'src/main/java/com/shop/CosUtil.java'],
    ],
    negatives: [
      ['        Credential cred = new Credential(secretId, secretKey);', 'src/main/java/com/shop/CosUtil.java'],
      // The id and another literal in different calls.
      [j('    log("AKID', 'z8Kq2Lm9Rx4Tv7Np3Wc6Yb1Hs5Jd0Fg2"); String h = digest(body, "', 'Qm4Rt8Lp2Vx6Nz9Kc3Wb7Hy1Jd5Fs0Ga', '");'), 'src/main/java/com/shop/CosUtil.java'],j('SecretKey: ', 'Qm4Rt8Lp2Vx6Nz9Kc3Wb7Hy1Jd5Fs0Ga'), j('cos:\n  SecretKey: ', 'x'.repeat(32))],
  },
  {
    rule: 'wechat-app-secret',
    positives: [
      // The pair given to a call, even commented out.
      [j('        //String t = WeChatApiUtils.getAccessToken("wx1a2b3c4d5e6f7a8b","', hexOf(32, 251), '");'), 'src/main/java/com/shop/service/UserInfoServiceImpl.java'],
      [j('appId=wx1a2b3c4d5e6f7a8b\nappSceret=', hexOf(32, 192)), 'src/main/resources/wx.properties'],
      [j("\tpublic function GetAppSecret()\n\t{\n\t\treturn '", hexOf(32, 109), "';\n\t}"), 'extend/wxpay/WxPay.Config.php'],
      j('WECHAT_APPID=wx1a2b3c4d5e6f7a8b\nWECHAT_SECRET=', '9f86d081884c7d659a2feaa0c55ad015'),
      j("appSecret: '", "3c59dc048e8850243be8079a5c74d079',"),
      // Noted in a trailing comment: after its AppID, bare or named.
      [j("  appid: 'wx1a2b3c4d5e6f7a8b', // ", '3c59dc048e8850243be8079a5c74d079'), 'miniprogram/config.js'],
      [j("  appid: 'wx1a2b3c4d5e6f7a8b', // secret ", '3c59dc048e8850243be8079a5c74d079'), 'miniprogram/config.js'],
      [j('// AppSecret：', '3c59dc048e8850243be8079a5c74d079'), 'cloudfunctions/login/index.js'],
      [j('AppSecret：“', '3c59dc048e8850243be8079a5c74d079', '”'), '小程序配置.md'],
      // In Markdown, on the line below its label, indented or fenced alone.
      [j('- AppSecret:\n  ', hexOf(32, 65)), '小程序配置.md'],
      [j('- AppSecret：\n\x60\x60\x60\n', hexOf(32, 67), '\n\x60\x60\x60'), '小程序配置.md'],
      // Lower-case and odd-case field names in C#, Java and properties files.
      [j('    public static string appsecret = "', hexOf(32, 63), '";'), 'Shop/WxConfig.cs'],
      [j('    string APPSECRET="', hexOf(32, 63), '";'), 'Shop/WxConfig.cs'],
      [j('Appsecret=', hexOf(32, 63)), 'src/main/resources/wx.properties'],
      // An app "key" beside its AppID, and the value of a query string continued on the next line.
      [j("module.exports = {\n  WEAPP_ID: 'wx1a2b3c4d5e6f7a8b',\n  WEAPP_KEY: '", hexOf(32, 111), "',\n}"), 'server/config/index.js'],
      [j("  wxAppKey: '", hexOf(32, 112), "',\n  wxAppId: 'wx1a2b3c4d5e6f7a8b',"), 'server/config.js'],
      [j('const url = "https://api.weixin.qq.com/sns/jscode2session?appid=wx1a2b3c4d5e6f7a8b&secret=" +\n  "', hexOf(32, 113), '&js_code=" + code;'), 'server/routes/login.js'],
      [j("const wx = new WX({\n  appID: 'wx1a2b3c4d5e6f7a8b',\n  appScrect: '", hexOf(32, 114), "',\n})"), 'server/controllers/custom.js'],
    ],
    negatives: [
      // A key beside an AppID named for a map or a cipher, a key with no AppID near, a variable continuing the URL.
      j("  WEAPP_ID: 'wx1a2b3c4d5e6f7a8b',\n  MAP_KEY: '", hexOf(32, 111), "',"),
      j("  APP_ID: 'shop',\n  APP_KEY: '", hexOf(32, 111), "',"),
      ['const url = "https://api.weixin.qq.com/sns/jscode2session?appid=wx1a2b3c4d5e6f7a8b&secret=" +\n  appSecret + "&js_code=" + code;', 'server/routes/login.js'],
      'WECHAT_APPID=wx1a2b3c4d5e6f7a8b',
      'WECHAT_SECRET=<微信小程序 SECRET>',
      'checksum: 9f86d081884c7d659a2feaa0c55ad015',
      // A JWT key beside the WeChat settings of a compose file is generic-secret's.
      j('      - WX_APPID=wx1a2b3c4d5e6f7a8b\n      - JWT_SECRET=', '9f86d081884c7d659a2feaa0c55ad015'),
      'appSecret: 00000000000000000000000000000000',
      ['    public static string appsecret = "";', 'Shop/WxConfig.cs'],
      // A hex value in a sentence below the label is not alone on its line.
      [j('- AppSecret:\n  安装包的校验值 ', hexOf(32, 65)), '小程序配置.md'],
      // A comment that says what else the hex is, and a hash assigned to its own name beside an AppID.
      [j("  appid: 'wx1a2b3c4d5e6f7a8b', // md5 of the logo ", '3c59dc048e8850243be8079a5c74d079'), 'miniprogram/config.js'],
      [j("const appid = 'wx1a2b3c4d5e6f7a8b'; const logoHash = '", '3c59dc048e8850243be8079a5c74d079', "'"), 'miniprogram/config.js'],
      // An md5 column in a row whose secret-named column sits far to the left is a digest, not an AppSecret.
      [`INSERT INTO wx_user (openid, app_secret_hint, avatar_md5) VALUES ('oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'see vault', '${md5}');`, 'sql/shop.sql'],
    ],
  },
  {
    rule: 'wecom-secret',
    positives: [
      // Base64url with `_` inside, opening like an article (`A_…`), and a trailing comment.
      [j('wechat:\n  work:\n    corp-id: ww1a2b3c4d5e6f7a8b\n    # 应用Secret\n    app-secret: ', 'A_Ek', rnd(12), '_', rnd(8), '_', rnd(17), '  # ← 必填！'), 'src/main/resources/application.yml'],
      [j('WECOM_CORP_ID=ww1a2b3c4d5e6f7a8b\nWECOM_CORPSECRET=', rnd(43)), '.env'],
    ],
    negatives: [
      ['wechat:\n  work:\n    corp-id: ww1a2b3c4d5e6f7a8b\n    app-secret: ${WECOM_SECRET}', 'src/main/resources/application.yml'],
      // No WeCom setting near it: a 43-character secret of some other service.
      [j('storage:\n  app-secret: ', rnd(43)), 'src/main/resources/application.yml'],
    ],
  },
  {
    rule: 'wechat-pay-key',
    positives: [
      // A merchant's key typed as a unit four times is weak, but it is the key.
      ['    //微信支付的商户id\n    public static final String mch_id = "1601234567";\n    //微信支付的商户密钥\n    public static final String key = "Kq8Lm2NxKq8Lm2NxKq8Lm2NxKq8Lm2Nx";', 'src/main/java/com/activity/config/WechatConfig.java'],
      // A bare `key` beside the merchant's id (Yii's params).
      [j("        'wechat' => [\n            'app_id'=>'wx1a2b3c4d5e6f7a8b',\n            'merchant_id'=>'1488812345',\n            'key'=>'", hexOf(32, 181), "',\n        ],"), 'common/config/main.php'],
      [j('    public static final String wxMchID = "1601234567";\n    public static final String wxKEY = "', payKey, '";'), 'src/main/java/com/shop/WxPayConfig.java'],
      // The key APIv2 signs with, named for that, in a Pay block.
      [j("  mch: {\n    mch_id: '1234567890',\n    sign_key: '", payKey, "',\n  },"), 'server/config.js'],
      [j("    unifiedorderUrl: 'https://api.mch.weixin.qq.com/pay/unifiedorder',\n    sign_key: '", payKey, "'"), 'server/config.js'],
      // The official PHP SDK's settings class, filled in by the merchant.
      [j("\tpublic function GetKey()\n\t{\n\t\treturn '", payKey2, "';\n\t}"), 'extend/wxpay/WxPay.Config.php'],
      j('WECHAT_PAY_KEY=', 'Kq8Lm2Nx7Rt4Vz9Wp3Yc6Hb1Jd5Fs0Ga'),
      j("apiV3Key: '", "Zp3Lk8Mn2Qr7Tv4Wx9Yb1Hc6Jd5Fs0Ge',"),
      [`wx:\n  pay:\n    partner-key: ${payKey}`, 'src/main/resources/application.yml'],
      [`wx.pay.mch_key=${payKey}`, 'src/main/resources/application.properties'],
      [`    mchKey: '${payKey}',`, 'cloudfunctions/pay/config.js'],
      [`  api-v3-key: ${payKey2}`, 'src/main/resources/application-prod.yml'],
      [`wxpay:\n  mch-id: 1600000001\n  key: ${payKey}`, 'src/main/resources/application.yml'],
      [`INSERT INTO config_info VALUES (7,'pay.yml','DEFAULT_GROUP','wx:\\n  pay:\\n    mch-id: 1600000001\\n    mch-key: ${payKey}\\n');`, 'nacos/nacos_config.sql'],
      [`config.setMchKey("${payKey}");`, 'src/main/java/com/shop/PayConfig.java'],
      // Merchants choose the key: a phrase or a keyboard walk in the key's slot is the key.
      ["const MCHID = '1230000109';\nconst KEY = 'happyshopbestshophappyshopbest12';", 'extend/WxPayPubHelper/WxPay.pub.config.php'],
      ["    'mch_id' => '1230000109',\n    'key' => 'zxcvbnmasdfghjkl1234567890qwerty',", 'application/api/service/PayService.php'],
      // A later positional argument of a WeChat Pay configuration's constructor or signing helper.
      [`        WxPayConfig config = new WxPayConfig(appId, mchId, "${payKey}");`, 'src/main/java/com/shop/pay/PayService.java'],
      [`        String sign = WXPayUtil.generateSignature(data,\n                "${payKey2}");`, 'src/main/java/com/shop/pay/PayService.java'],
      // APIv2 signs the payment's fields with the merchant key appended last.
      [`const str = \`appId=\${appid}&nonceStr=\${nonce}&package=prepay_id=\${id}&signType=MD5&timeStamp=\${ts}&key=${payKey}\``, 'cloudfunctions/pay/index.js'],
    ],
    negatives: [
      // WeChat Pay's own signing example, copied into a comment.
      ['  // stringSignTemp=stringA+"&key=192006250b4c09247ec02edce69f6a2d" //注：key为商户平台设置的密钥key', 'routes/common/wxpay.js'],
      // Hex digits run through twice: typed to have the length, chosen by no one.
      ["    process.env.WX_PAY_API_V3_KEY = '0123456789abcdef0123456789abcdef';", 'apps/api/src/payment/wxpay-direct.provider.ts'],
      // Another getter returning a literal.
      [j("\tpublic function GetKeyName()\n\t{\n\t\treturn '", payKey2, "';\n\t}"), 'extend/wxpay/WxPay.Config.php'],
      // The demo merchant key of Tencent's official WeChat Pay PHP SDK, shipped in every copy of WxPay.Config.php.
      ["\tconst MCHID = '1900009851';\n\tconst KEY = '8934e7d15453e97507ef794cf7b0519d';", 'weixinpay/lib/WxPay.Config.php'],
      'WECHAT_PAY_KEY=<微信支付密钥>',
      j('WECHAT_MCH_ID=', '1900009191'),
      j('payload: ', 'Kq8Lm2Nx7Rt4Vz9Wp3Yc6Hb1Jd5Fs0Ga'),
      ['wx:\n  pay:\n    partner-key: ${WX_PAY_KEY}', 'src/main/resources/application.yml'],
      [`cache:\n  key: ${payKey}`, 'src/main/resources/application.yml'],
      [`INSERT INTO t_order VALUES (1,'wxpay','${payKey}','paid');`, 'sql/shop.sql'],
      ["const MCHID = '1230000109';\nconst KEY = 'yourWechatPayApiKeyGoesHere12345';", 'extend/WxPayPubHelper/WxPay.pub.config.php'],
      [`const MCHID = '1230000109';\nconst KEY = '${'a'.repeat(32)}';`, 'extend/WxPayPubHelper/WxPay.pub.config.php'],
      // Variables, and a 32-character order number given to a pay service's query.
      ['        WxPayConfig config = new WxPayConfig(appId, mchId, mchKey);', 'src/main/java/com/shop/pay/PayService.java'],
      [`        wxPayService.queryOrder(appId, "${payKey2}");`, 'src/main/java/com/shop/pay/PayService.java'],
      ['const str = `appId=${appid}&nonceStr=${nonce}&signType=MD5&timeStamp=${ts}&key=${config.mchKey}`', 'cloudfunctions/pay/index.js'],
    ],
  },
  {
    rule: 'tencent-map-key',
    positives: [
      ['tencent:\n  cloud:\n    map:\n      key: RNYBZ-VMELW-J5HRP-YAS4F-5OMKH-35BAE', 'src/main/resources/application.yml'],
      "const key = 'KQ7BZ-D4W3U-B7VVO-4PJWW-6TKDJ-WPN48'; // 使用在腾讯位置服务申请的key",
      'TENCENT_MAP_KEY=RNYBZ-VMELW-J5HRP-YAS4F-5OMKH-35BAE', '| 腾讯地图Key | 后端配置 | `RNYBZ-VMELW-J5HRP-YAS4F-5OMKH-35BAE` |', "const qqmapsdk = new QQMapWX({ key: 'KQ7BZ-D4W3U-B7VVO-4PJWW-6TKDJ-WPN48' });",
      // The map's URL, then the key five lines down in the request's `data`.
      ["    wx.request({\n      url: 'https://apis.map.qq.com/ws/distance/v1/?parameters',\n      data: {\n        mode: 'driving',\n        from: fromLocation,\n        to: toLocation,\n        key: 'KQ7BZ-D4W3U-B7VVO-4PJWW-6TKDJ-WPN48'\n      },", 'pages/index/index.js'],
    ],
    negatives: [
      // The key of Tencent's own samples.
      "const qqmapsdk = new QQMapWX({ key: 'OB4BZ-D4W3U-B7VVO-4PJWW-6TKDJ-WPB77' });",
      'TENCENT_MAP_KEY=XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX', 'map_key: ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-ZABCD', 'map_key: RNYBZ-VMELW-J5HRP-YAS4F-5OMKH'],
  },
  {
    rule: 'amap-key',
    positives: [
      j("AMapLoader.load({\n  key: '", "8f3e2a9c7b1d4e6f0a5c3b8d2e7f1a9c',"),
      // A Vue page that imports the SDK, then keeps the key in `data()`.
      [j("let amapFile = require('../../libs/amap-wx.js');\n", '// filler\n'.repeat(10), "      key: '", hexOf(32, 45), "',"), 'pages/views/map.vue'],
      [j('[AMapServices sharedServices].apiKey = @"', '8F3E2A9C7B1D4E6F0A5C3B8D2E7F1A9C', '";'), 'ios/AppDelegate.m'],
    ],
    negatives: [
      [j('// 地图页（高德）\n', '// filler\n'.repeat(10), "      key: '", hexOf(32, 45), "',"), 'pages/views/map.vue'],
      "AMapLoader.load({\n  key: 'your-amap-key',", j('integrity: ', '8f3e2a9c7b1d4e6f0a5c3b8d2e7f1a9c'), j('// AMap SDK build ', '8F3E2A9C7B1D4E6F0A5C3B8D2E7F1A9C')],
  },
  {
    rule: 'baidu-map-ak',
    positives: [
      [j("      let url = 'http://api.map.baidu.com/geocoder/v2/'\n      wx.getLocation({\n        success: geo => {\n          wx.request({\n            url,\n            data: {\n              output: 'json',\n              ak: '", rnd(32, undefined, 74), "'\n            },"), 'src/pages/detail/index.vue'],
      [j("const BMap = new bmap.BMapWX({ ak: '", rnd(32, undefined, 71), "' });"), 'pages/store/store.js'],
      [j("const url = `https://api.map.baidu.com/reverse_geocoding/v3/?ak=", rnd(32, undefined, 72), '&location=${lat},${lng}`'), 'utils/geo.js'],
      [j('BAIDU_MAP_AK=', rnd(32, undefined, 73)), '.env'],
    ],
    negatives: [
      [j("const BMap = new bmap.BMapWX({ ak: 'your-baidu-map-ak' });"), 'pages/store/store.js'],
      [j("const BMap = new bmap.BMapWX({ key: '", rnd(32, undefined, 71), "' });"), 'pages/store/store.js'],
      [j("const ak = '", rnd(32, undefined, 71), "';"), 'utils/sign.js'],
    ],
  },
  {
    rule: 'juhe-api-key',
    positives: [
      [j("url = 'http://apis.juheapi.com/japi/toh'\nkey = '", hexOf(32, 89), "'"), 'thirdparty/juhe.py'],[j("    public $key = '", hexOf(32, 47), "';\n\n    /**\n     * 调用的接口\n     */\n    public $url = 'http://op.juhe.cn/onebox/exchange/currency';"), 'application/wechat/controller/Exchange.php']],
    negatives: [[j("    public $logoMd5 = '", hexOf(32, 47), "';\n    public $url = 'http://op.juhe.cn/onebox/exchange/currency';"), 'application/wechat/controller/Exchange.php']],
  },
  {
    rule: 'kdniao-api-key',
    positives: [
      ['    $EBusinessID = "1234567";\n    $AppKey = "6ab3c9e2-4f1d-4e8a-9b7c-2d5f8e1a3c90";', 'application/index/controller/Order.php'],
      ["        $requestData = json_encode($data);\n        // 快递鸟即时查询\n        $datas = ['EBusinessID' => '1234567', 'RequestType' => '1002'];\n        $datas['DataSign'] = $this->encrypt($requestData, \"6ab3c9e2-4f1d-4e8a-9b7c-2d5f8e1a3c90\");", 'app/Listeners/OrderShippedListener.php'],
    ],
    negatives: [
      // A UUID with no Kdniao call near, and the key read from configuration.
      ['    $requestId = "6ab3c9e2-4f1d-4e8a-9b7c-2d5f8e1a3c90";', 'app/Http/Controllers/OrderController.php'],
      ["    $EBusinessID = config('kdniao.id');\n    $AppKey = config('kdniao.key');", 'app/Services/Kdniao.php'],
    ],
  },
  {
    rule: 'signing-key-argument',
    positives: [
      // Koa signs its cookies with app.keys.
      ["app.keys = ['Kq8Lm2Nx7RvT5pWz3Yb6']", 'src/app.ts'],
      // A cipher helper's default key, which makes the app's tokens.
      ["    public static function encrypt($string,$operation,$key='shopapi2019tokenx'){", 'app/Services/AuthService.php'],
      [j("        $token = (new JWT('", rnd(16, undefined, 204), "', 'HS256', 3600 * 24))->encode($payload);"), 'app/Http/Auth.php'],
      [j("        $jwt = JWT::encode($payload, '", rnd(16, undefined, 205), "');"), 'app/Http/Auth.php'],
      // The code signs with it: a word is the key as much as a generated one.
      ["    token = jwt.encode(payload, 'secret', algorithm='HS256')", 'app/wxapp.py'],
      ["    s = Serializer('mrsoft', expires_in=1800)", 'app/api/__init__.py'],
      [j("const token = jwt.sign({ id: user.id }, '", rnd(20, undefined, 181), "', { expiresIn: '7d' })"), 'server/auth.js'],
    ],
    negatives: [
      // A variable or an environment lookup, a literal inside the payload, a test, a document.
      ['const ok = jwt.verify(token, process.env.JWT_SECRET)', 'server/auth.js'],
      ["const token = jwt.sign({ id: 1, name: 'admin' }, secret)", 'server/auth.js'],
      ["const token = jwt.sign({ id: 1 }, 'testsecret')", 'test/auth.test.js'],
      ["token = jwt.encode(payload, 'secret', algorithm='HS256')", 'README.md'],
      ["const token = jwt.sign(payload, '${JWT_SECRET}')", 'server/auth.js'],
      ['  return jwt.sign({ userId }, "ACCESS_SECRET", { expiresIn: "15m" });', 'server/src/auth/jwt.js'],
      ["    public static function encrypt($string, $operation, $key = ''){", 'app/Services/AuthService.php'],
      // Egg's scaffold writes config.keys for cookies most apps never sign.
      ["  config.keys = appInfo.name + '_1556589043795_5937';", 'config/config.default.js'],
    ],
  },
  {
    rule: 'tencent-im-key',
    positives: [
      // A PHP configuration array, even commented out, and Tencent's JavaScript sample's constant.
      [j("    /*\n    'tencent_im_config' => [\n        'sdkappid' => '1400123456',\n        'key' => '", hexOf(64, 161), "',\n    ],\n    */"), 'application/config.php'],
      [j('const SDKAPPID = 1400123456;\nconst SECRETKEY = \'', hexOf(64, 162), "';"), 'debug/GenerateTestUserSig.js'],
    ],
    negatives: [
      // A hash beside an app id, and a key with no SDKAppID near.
      [j("  'sdkappid' => '1400123456',\n  'checksum' => '", hexOf(64, 161), "',"), 'application/config.php'],
      [j("  'key' => '", hexOf(64, 161), "',"), 'application/config.php'],
      ['const SDKAPPID = 1400123456;\nconst SECRETKEY = \'\';', 'debug/GenerateTestUserSig.js'],
    ],
  },
  {
    rule: 'wechat-message-token',
    positives: [
      // Commented-out configuration is the team's own, not a documented sample.
      [j("        /*    $config = [\n                'app_id' => 'wx1a2b3c4d5e6f7a8b',\n                'secret' => '", hexOf(32, 256), "',\n                'token' => 'canteen',"), 'application/lib/weixin/Template.php'],
      // Go, under the comment that says what it is, with an underscore.
      ['// 与填写的服务器配置中的Token一致\nconst Token = "shop_token9"', 'service/wechat_message.go'],
      // A Spring profile for the test environment is a server's configuration, not a test's.
      [j('wx:\n  mp:\n    app-id: wx1a2b3c4d5e6f7a8b\n    secret: ', hexOf(32, 191), '\n    token: shopMsgTest26'), 'src/main/resources/application-test.yml'],
      [j('wx.appId=wx1a2b3c4d5e6f7a8b\nwx.appSecret=', hexOf(32, 191), '\nwx.token=lanxinwx\nwx.packageName=com.shop'), 'src/main/resources/wx.properties'],
      ["wechatsettings = {\n'check': True,\n'token': 'wowoshop2019',\n'appid': 'wx1a2b3c4d5e6f7a8b',\n'encoding_aes_key': None,\n}", 'config.py'],
      ["            $echostr  = $this->request->get('echostr');\n            $token  = 'zll';\n            $sort_data = [$token,$timestamp,$nonce];", 'frontend/controllers/WechatController.php'],
      ["  wxMessageToken: 'shopMsgToken26',\n  encodingAESKey: process.env.AES_KEY,", 'server/config/index.ts'],
    ],
    negatives: [
      // Two SDKs' usage samples, copied into PHP projects: dodgepudding's docblock and WeChat's encryption sample.
      [" *  usage:\n *   $options = array(\n *            'token'=>'tokenaccesskey', //填写你设定的key\n *            'encodingaeskey'=>'encodingaeskey', //填写加密用的EncodingAESKey", 'extend/wechat/TPWechat.php'],
      ['// // 第三方发送消息给公众平台\n// $token = "pamtest";\n// $encodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";', 'app/weixin/weixin_crypt.class.php'],
      // The token of WeChat's own samples.
      ['wx.mp.appid=wx4b2c8d1e9f0a3b5c\nwx.mp.token=weixin', 'src/main/resources/application.properties'],
      // A user's session token in a request, read from a request, a placeholder, a test, an access token.
      ["wx.request({ url, header: { token: 'abc123' } })", 'pages/index/index.js'],
      ["$token = $this->request->get('token');\n$signature = $this->request->get('signature');", 'app/controllers/WechatController.php'],
      ["'token' => 'your_token',\n'appid' => 'wx1a2b3c4d5e6f7a8b',", 'config/wechat.php'],
      ["$token  = 'zll';\n$sort_data = [$token,$timestamp,$nonce];", 'tests/WechatTest.php'],
      [j("access_token: 'abc123def',\nappSecret: '", hexOf(32, 191), "',"), 'server/config.js'],
      ['const token = TOKEN;\nconst signature = sha1([token, timestamp, nonce].sort().join(""));', 'server/wechat.js'],
      // A ThinkPHP validator's rule for a `token` field, and a session token in an apidoc sample response.
      ["    protected $rule = [\n        'appid' => 'require',\n        'appsecret' => 'require',\n        'token' => 'alphaNum',\n    ];", 'app/admin/validate/Configure.php'],
      ['     * @apiSuccessExample {json} 返回样例:\n     *{"msg":"ok","errorCode":0,"code":200,"data":{"token":"c3e9a1f0b7d2","phone":1}}\n     * @apiParam {String} signature 微信签名', 'application/api/controller/v1/Token.php'],
    ],
  },
  {
    // Not a line rule: within one text (`scanText`), a value another rule found, written again further on.
    rule: 'repeated-secret',
    positives: [
      [j("appSecret: '", hexOf(32, 171), "',\n\n| 小程序 | wx1234567890abcdef / ", hexOf(32, 171), ' |'), 'docs/部署.md'],
      [j('DB_PASSWORD=Shop2023.Prod\n', '# 备份库同上，见 | shop | Shop2023.Prod |'), '.env.production'],
    ],
    negatives: [
      // A copy inside a longer token, another case, a value too common to be the same secret, and a placeholder.
      [j("appSecret: '", hexOf(32, 171), "',\nid: '", hexOf(32, 171), "00'"), 'config/wx.js'],
      [j("appSecret: '", hexOf(32, 171), "',\nid: '", hexOf(32, 171).toUpperCase(), "'"), 'config/wx.js'],
      ['DB_PASSWORD=admin123\n# mysql -u shop -padmin123', '.env.production'],
      ["appSecret: 'your_app_secret',\n// your_app_secret", 'config/wx.js'],
      // The project's name, which its JWT key was set to.
      ["const jwtSecret = 'campus-mall-9x';\nmodule.exports = { \"name\": \"campus-mall-9x\" };", 'server/config.js'],
    ],
  },
  {
    rule: 'aliyun-appcode',
    positives: [
      [j("const appcode = '", hexOf(32, 121), "';\nwx.request({ url: 'https://wuliu.market.alicloudapi.com/kdi', header: { Authorization: 'APPCODE ' + appcode } })"), 'utils/express.js'],
      [j("headers = {'Authorization': 'APPCODE ", hexOf(32, 122), "'}"), 'api/weather.py'],
      [j('    private static final String KEY = "', hexOf(32, 123), '";\n    // 阿里云市场 https://ali-weather.showapi.com 的 APPCODE 鉴权'), 'src/main/java/com/shop/Weather.java'],
    ],
    negatives: [
      ["headers = {'Authorization': 'APPCODE ' + os.environ['APPCODE']}", 'api/weather.py'],
      [j("const logoMd5 = '", hexOf(32, 121), "';\nheader: { Authorization: 'APPCODE ' + appcode }"), 'utils/express.js'],
      ["const appcode = '你的AppCode';", 'utils/express.js'],
      // The AppCode of Aliyun's own call samples.
      ['    //最后在header中的格式(中间是英文空格)为Authorization:APPCODE 83359fd73fe94948385f570e3c139105', 'src/main/java/com/shop/Faithless.java'],
    ],
  },
  {
    rule: 'setting-row-secret',
    positives: [
      // A FastAdmin addon's config element: its name five lines above its value.
      [j("    array (\n        'name' => 'cloginwxmpappsecret',\n        'title' => 'appsecret',\n        'type' => 'string',\n        'content' => [],\n        'rule' => 'required',\n        'value' => '", hexOf(32, 202), "',\n    ),"), 'addons/clogin/config.php'],
      // uniCloud's opendb-config seed, and an admin's settings array.
      [j('\t\t\t{\n\t\t\t\t"key": "wxSecret",\n\t\t\t\t"name": "微信密钥",\n\t\t\t\t"val": "', hexOf(32, 141), '"\n\t\t\t},'), 'uniCloud-aliyun/database/db_init.json'],
      [j("  { key: 'sms_api_secret', label: 'SMS', value: '", rnd(40, undefined, 142), "' },"), 'admin/src/config/settings.js'],
    ],
    negatives: [
      // A WSDL's schema on one line: an element named Password, then facets with values.
      ['<xs:element minOccurs="0" name="Password" nillable="true" type="xs:string"/></xs:sequence></xs:complexType><xs:simpleType name="guid"><xs:restriction base="xs:string"><xs:pattern value="[\\da-fA-F]{8}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{12}"/></xs:restriction></xs:simpleType><xs:minInclusive value="-79228162514264337593543950335"/>', 'src/main/java/com/shop/wsdl/PortalData.svc'],
      // Spring XML: the value of the next property, not of the password above it.
      [j('        <property name="password" value="${jdbc.password}"/>\n        <property name="configLocation" value="', rnd(24, undefined, 203), '"/>'), 'src/main/resources/applicationContext.xml'],
      // A record about a secret's id or a site's name, a template, and a value below a closed record.
      [j('\t\t\t{\n\t\t\t\t"key": "wxAppId",\n\t\t\t\t"val": "', hexOf(32, 141), '"\n\t\t\t},'), 'uniCloud-aliyun/database/db_init.json'],
      ['\t\t\t{\n\t\t\t\t"key": "wxSecret",\n\t\t\t\t"val": "${WX_SECRET}"\n\t\t\t},', 'uniCloud-aliyun/database/db_init.json'],
      [j('\t\t\t{ "key": "wxSecret" },\n\t\t\t{\n\t\t\t\t"val": "', hexOf(32, 141), '"\n\t\t\t},'), 'uniCloud-aliyun/database/db_init.json'],
      [j("  { key: 'site_name', value: 'Shop2024 Mall' },"), 'admin/src/config/settings.js'],
    ],
  },
  {
    rule: 'aes-key',
    positives: [
      // A 3DES key: in Java, and unquoted in a configuration file.
      [j('    //云账户 - 3DES\n    public static final String C_3DES_Key="', rnd(24, undefined, 501), '";'), 'src/main/java/com/constants/Constants.java'],
      [j('# 对数据进行加密的密文\nyunzhanghu.3des_key= ', rnd(24, undefined, 502)), 'src/main/resources/diff.properties'],
      // WeCom's EncodingAESKey (43 letters and digits) as a bare KEY in an AES helper.
      [j('public class AESUtil {\n    private static final String KEY = "', rnd(43, undefined, 252), '";'), 'src/main/java/com/shop/corpchat/AESUtil.java'],
      [j('public class AesUtil {\n    private static final String KEY = "', rnd(16, undefined, 31), '";'), 'src/main/java/com/shop/util/AesUtil.java'],
      [j('AES_KEY = "', rnd(16, undefined, 32), '"'), 'app/config.py'],
      [j('    private static final String KEY = "', rnd(32, undefined, 33), '";\n    private static final String MODE = "AES/CBC/PKCS5Padding";'), 'src/main/java/com/shop/util/Codec.java'],
    ],
    negatives: [
      // Unquoted only in configuration, and only to the end of the line.
      [j('yunzhanghu.3des_key= ', rnd(24, undefined, 503)), 'src/main/java/App.java'],
      [j('aes.key= ', rnd(24, undefined, 504), ' and more words'), 'src/main/resources/app.properties'],
      // A comment above tells whoever deploys it to change the template's key.
      ['//接口加密密钥--请自行修改\nconst key = "MallShopAesKey01";', 'mall-shop-frontend/utils/request.ts'],
      // A MongoDB ObjectId under `key` in a scraped data dump beside text about encryption.
      ['{"title": "加密", "key": "5c9a1f3e8b2d4a0017e6c3b9"}', 'backend/jokes.json'],
      // JeecgBoot's published key.
      ['public class EncryptedString {\n    public static  String key =  "1234567890adbcde";', 'jeecg-boot-base-core/src/main/java/org/jeecg/common/util/encryption/EncryptedString.java'],
      // A bare KEY far from any cipher is a cache or map key; an algorithm name is no key; runs and numbers are samples.
      [j('public class CacheKeys {\n    public static final String KEY = "', rnd(16, undefined, 31), '";'), 'src/main/java/com/shop/CacheKeys.java'],
      ['public class AesUtil {\n    private static final String KEY_ALGORITHM = "AES/CBC/PKCS7Pad";', 'src/main/java/com/shop/util/AesUtil.java'],
      ['public class AesUtil {\n    private static final String KEY = "0123456789abcdef";', 'src/main/java/com/shop/util/AesUtil.java'],
      ['const AES_KEY = process.env.AES_KEY', 'server/crypto.js'],
    ],
  },
  {
    rule: 'qiniu-access-key',
    positives: [j('QINIU_ACCESS_KEY=', 'Kq8Lm2Nx7Rt4Vz9Wp3Yc6Hb1Jd5Fs0Ga_Ze-Xk3v'), [j("// 七牛云\nconst secretKey = '", 'Kq8Lm2Nx7Rt4Vz9Wp3Yc6Hb1Jd5Fs0Ga_Ze-Xk3v', "'"), 'utils/qiniu.js']],
    negatives: [j('ACCESS_KEY=', 'Kq8Lm2Nx7Rt4Vz9Wp3Yc6Hb1Jd5Fs0Ga_Ze-Xk3v'), 'QINIU_ACCESS_KEY=your-qiniu-access-key'],
  },
  {
    rule: 'wecom-webhook',
    positives: [j('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=', '5f2c8a1e-3b7d-4e9f-a6c0-8d1b4e7f2a3c')],
    negatives: ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}'],
  },
  {
    rule: 'dingtalk-webhook',
    positives: [j('https://oapi.dingtalk.com/robot/send?access_token=', '3f5a9c2e7b1d4f8a6c0e2b5d9f1a3c7e5b8d2f4a6c9e1b3d7f5a2c8e4b6d0f1a')],
    negatives: ['https://oapi.dingtalk.com/robot/send?access_token=XXXXXXXX', 'https://oapi.dingtalk.com/robot/send?access_token=${DINGTALK_TOKEN}'],
  },
  {
    rule: 'dingtalk-sign-secret',
    positives: [j('DINGTALK_SECRET=SEC', '3f5a9c2e7b1d4f8a6c0e2b5d9f1a3c7e5b8d2f4a6c9e1b3d7f5a2c8e4b6d0f1a')],
    negatives: ['DINGTALK_SECRET=SECxxxxxxxx', j('DINGTALK_SECRET=SEC', '3f5a9c2e7b1d4f8a6c0e2b5d9f1a3c7e5b8d2f4a6c9e1b3d7f5a2c8e4b6d0f1')],
  },
  {
    rule: 'feishu-webhook',
    positives: [j('https://open.feishu.cn/open-apis/bot/v2/hook/', '8e3f1a2b-4c5d-4e6f-9a0b-1c2d3e4f5a6b')],
    negatives: ['https://open.feishu.cn/open-apis/bot/v2/hook/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', 'https://open.feishu.cn/open-apis/bot/v2/hook/'],
  },
  {
    rule: 'command-line-secret',
    positives: [
      [j('mc alias set shop https://oss.shop-demo.cn shopadmin ', 'Qx7vR2pLm9Tz'), 'deploy/init-minio.sh'],
      [j('mc config host add s3 http://47.100.23.61:9000 minioadmin ', 'Str0ngPass'), 'docs/deploy.md'],
      [j('set_default_env "ALIYUN_SECRET" "', hexOf(32, 34), '"'), 'deploy/env.sh'],
      [j('export_env "DB_PASSWORD" "', 'Pa55word!', '"'), 'deploy/env.sh'],
      [j('ossutil64 config -e oss-cn-hangzhou.aliyuncs.com -i LTAI', '5tBcc9SecYAomgyUSFs8 -k ', rnd(30, undefined, 35)), 'deploy/oss.sh'],
      [j('coscmd config -a AKID', 'z8Kq2Lm9Rx4Tv7Np3Wc6Yb1Hs5Jd0Fg2 -s ', rnd(32, undefined, 36), ' -b shop-1250000000'), 'deploy/cos.sh'],
      // Database clients: mysql's glued `-p…`, mongosh's `-p …`, redis-cli's `-a …`.
      [j('docker exec db mysqldump -uroot -p', 'shop2024pw', ' shop > backup.sql'), 'docs/troubleshooting.md'],
      [j('mysql -h 47.100.23.61 -uapp -p', 'App@Prod@77!', ' -e "SELECT 1"'), 'docs/DEPLOY.md'],
      [j('mongosh -u admin -p ', 'Qz8kLm2Wp', ' --eval "db.runCommand({ping:1})"'), 'scripts/server/reset.sh'],
      [j('redis-cli -h 127.0.0.1 -a ', 'Cache@Prod@9!', ' ping'), 'docs/DEPLOY.md'],
    ],
    negatives: [
      // A function that reads a setting takes the file it reads; compose writes the shell's `$` as `$$`.
      ['old_mysql_pwd=$(read_env_var "MYSQL_ROOT_PASSWORD" ".env" 2>/dev/null) || old_mysql_pwd=""', 'deploy.sh'],
      ['      test: ["CMD-SHELL", "mysqladmin ping -h 127.0.0.1 -uroot -p\\"$$MYSQL_ROOT_PASSWORD\\" --silent"]', 'compose.yaml'],
      ['        - mysqladmin ping -h 127.0.0.1 -uroot -p"$$MYSQL_ROOT_PASSWORD" --silent', 'compose.yaml'],
      ['  & mysql -h $DbHost -u"$1" -p"$2" $DbName < $file', 'scripts/migrate-db.ps1'],
      ['  "description": "mysql -uroot -p",', 'package.json'],
      // HTML-escaped placeholders in a manual.
      ['<p>mysqldump -u&#60;username&#62; -p&#60;password&#62; bugtracker</p>', 'docs/install.html'],
      // Loopback and documentation hosts, the MinIO default pair, variables and stand-ins.
      ['mc alias set local http://localhost:9000 minioadmin Str0ngPass', 'README.md'],
      ['mc alias set myminio http://10.0.0.5:9000 minioadmin minioadmin', 'deploy/init-minio.sh'],
      ['mc alias set myminio https://minio.example.net ACCESS_KEY SECRET_KEY', 'README.md'],
      ['mc alias set myminio http://10.0.0.5:9000 $MINIO_USER $MINIO_PASS', 'deploy/init-minio.sh'],
      ['ossutil config -i <AccessKeyId> -k <AccessKeySecret>', 'README.md'],
      ['set_default_env "DB_PASSWORD" "${DB_PASSWORD}"', 'deploy/env.sh'],
      // A search is not a setter.
      ['grep "token" "logs/app.log"', 'deploy/check.sh'],
      // A prompt, variables and stand-ins, a port mapping after a container's name, a stock password in a README.
      ['mysql -uroot -p -h 127.0.0.1 shop', 'README.md'],
      ['mysql -u root -p"$MYSQL_ROOT_PASSWORD" shop < init.sql', 'deploy/init.sh'],
      ['redis-cli -a <你的密码> ping', 'README.md'],
      // A Windows batch file's variables, expanded at once or delayed.
      ['mysql -uroot -p!DB_PASS! shop < init.sql', 'deploy/deploy.bat'],
      ['mysql -uroot -p%DB_PASS% shop < init.sql', 'deploy/deploy.bat'],
      // A password naming its setup, in a local deployment guide: a stand-in.
      ['redis-cli -a Redis@Local999! ping', 'docs/local-deployment-guide.md'],
      ['mongosh -u admin -p --authenticationDatabase admin', 'README.md'],
      ['mongosh -u admin -p old_password localhost:27017/admin', 'scripts/DEPLOYMENT_GUIDE.md'],
      ['docker run --name mysql -p3306:3306 -d mysql:8', 'README.md'],
      ['mysql -uroot -p123456', 'README.md'],
      ['    test: ["CMD-SHELL", "redis-cli -a \\"$REDIS_PASSWORD\\" ping | grep -q PONG"]', 'docker-compose.yml'],
    ],
  },
  {
    rule: 'server-credentials',
    positives: [
      j('- 生产服务器: `112.74.36.81` (root/', 'nrftI5r4ag9qAGvk)'),
      j('ssh 登录 47.98.1.2 账号密码 admin/', 'Pa55w0rd!x'),
      j('服务器登录：root/', 'Kd7#vQ2mZx'),
      j('登录后台 admin/', 'Kd7#vQ2mZx'),
      // Any account after its label, in a code comment, with the spaces people put around the slash.
      [j('/* 登录：shopadmin/', 'Sh0p#2023', ' */'), 'src/api/login.js'],
      [j('// 测试服务器 账号: root / ', 'Qw3rty#2024'), 'src/config/db.js'],
      [j('<!-- 后台账号 admin / ', 'Adm1n@shop', ' -->'), 'pages/index/index.wxml'],
      [j('-- 数据库 账号: 13800138000 / ', 'Db#user2023'), 'sql/init.sql'],
    ],
    negatives: [
      // A route table's handler.
      ["\t'admin/login': 'admin/admin_mgr_controller@adminLogin',", 'cloudfunctions/mcloud/project/public/route.js'],
      // A test's case label naming a source file.
      ["  'admin/admin-auth.controller.ts:login': 'logs in',", 'apps/api/src/state-transitions.spec.ts'],
      // A Thymeleaf fragment under a page that links to a public site.
      ['<html lang="zh" xmlns:th="http://www.thymeleaf.org">\n<header th:replace="admin/header::header-fragment"></header>', 'src/main/resources/templates/admin/goods.html'],
      'cd /root/projects && npm ci',
      // Operating systems and products in a heading, not a login.
      '安装宝塔面板\n**CentOS/RHEL:**',
      '**Ubuntu/Debian:**',
      // After a login label: a page path, a domain, RabbitMQ's stock guest/guest, a local database.
      ['// 登录：pages/login/index', 'src/api/login.js'],
      ['// 登录 gitee.com/Shop2024', 'src/api/login.js'],
      ['// RabbitMQ 账号: guest / guest', 'src/mq/config.js'],
      [j('// 本地 127.0.0.1 账号: root / ', 'Qw3rty#2024'), 'src/config/db.js'],
      'import UserList from "admin/UserList"',
      '- 生产服务器: `112.74.36.81` (root/<密码见密码库>)',
      // Two directories, not a user and a password.
      ['echo 2. admin/node_modules 和 server/node_modules 已被忽略', 'init-git.bat'],
      // A login for a local instance opens nothing anyone else can reach.
      j('- 前置条件：后台 `http://127.0.0.1:3000`；超管 admin/', 'Kd7#vQ2mZx'),
      j('本地后台 http://localhost:8080\n\n管理员账号 admin/', 'Kd7#vQ2mZx'),
    ],
  },
  {
    rule: 'plaintext-password',
    positives: [
      ['# 服务器 47.100.23.45 密码 Kq8vLm2x9', 'deploy/notes.py'],
      // A notes file: the label on its own line, the password on the next (maybe after a blank line).
      ['账号\njxadmin_root\n密码\nshop2020x', '说明.txt'],
      ['账号\nshopadmin\n密码\n\nshop2020x', '说明.txt'],
      // A setting's name as a Markdown label, its value fenced below.
      [j('- DB_PASSWORD:\n  ```\n  ', 'Xk7mQ2vLr9Tz4NpW', '\n  ```'), 'docs/deploy.md'],
      j('客服账号 13800138000 密码：', 'Kd7#vQ2mZx'),
      j('数据库密码 = ', 'Db#2024pass'),
      // A key after 秘钥 (as many write 密钥) in a team's notes.
      [j('秘钥:', 'Kq8Lm2Nx7Rt4Vz9Wp3Yc6Hb1Jd5Fs0Ga'), '猎焰文化.txt'],
      // A password in a Markdown code span after its label, in an audit table.
      j('| S6 | P1 | 明文凭证：`.tmp-*.py` 含服务器密码 `', 'Zq@482916', '` | 轮换口令 |'),
      // `账号密码：user/password`: the password is what follows the slash (`admin/…` is server-credentials' finding).
      j('运营账号密码： shopops/', 'Kd7#vQ2mZx'),
      [j('// 用户名/密码: dbuser / ', 'Db#user2023'), 'src/db.js'],
      // After an account and its name no colon is needed: `账号 root 密码 …`, `账号 root 密码…`.
      [j('# 服务器 47.96.12.34 账号 root 密码 ', 'Qw3rty#2024'), 'deploy/README.md'],
      [j('-- ip 10.0.8.12  账号 root 密码', 'Qw3rty#2024'), 'sql/schema.sql'],
      // A bold Markdown label.
      [j('- **密码**: ', 'Xy#12345'), 'docs/deploy.md'],
      [j('- **密码：** ', 'Xy#12345'), 'docs/deploy.md'],
      // Full-width quotes, as a Chinese keyboard types them.
      j('数据库密码：“', 'Kd7#vQ2mZx', '”'),
      [j('// 管理员密码：「', 'Zq@482916x', '」'), 'src/config/db.js'],
      // In Markdown, alone on the line below its label, or fenced alone.
      [j('**数据库密码**\n', 'Hx9#mK2v!Lq4'), 'docs/部署.md'],
      [j('- 服务器密码：\n\x60\x60\x60\n', 'Qw3rty#2024x', '\n\x60\x60\x60'), 'docs/部署.md'],
    ],
    negatives: [
      // A data dictionary's column type.
      ['| password | 登录密码 | varchar(255) | 是 |\n\n密码 varchar(255)', 'docs/_generated_full.txt'],
      // What a key is made of, in a sentence.
      ['# 已验证手机号使用 AES-256-GCM 加密；密钥为 Base64 编码的 32 字节随机值，版本用于后续轮换。', 'server/.env.example'],
      // An example in a comment, ended by the sentence's comma.
      ["// MD5 加密前缀, 如用户的密码是 123456, 存到数据库将会变成 md5('!@#$%(*&^)' + '123456')", 'config/index.js'],
      // A column's trailing comment with an example.
      ['    community_password = db.Column(db.String(32), nullable=False)  #密码 pwd123', 'backend/models/community.py'],
      // A test case's login input, beside what the page should say.
      ['| 用户名：demo01 密码：12*456 | 红色字体提示 "错误：用户名或密码输入错误" |', '测试报告.md'],
      ['| 用户名：demo02  密码：12*456 | 提示信息 “您已经三次尝试登录失败” |', '测试报告.md'],
      // Settings of an env sample: the line below a password's setting is the next setting.
      ['```bash\nDB_USERNAME=生产账号\nDB_PASSWORD=生产密码\n\nWECHAT_MINI_PROGRAM_ENABLED=true\n```', 'DEPLOY_GUIDE.md'],
      // A word below an English label: a field's description, not a value.
      ['**Password**\n\nRequired', 'docs/api.md'],
      // An ini sample's lines: a setting, then the next setting, no label.
      ['    [section.database]\n    user=dbuser\n    password=dbpassword\n    database=use_another_database', 'README.md'],
      // Where a key is found is no key.
      '密钥：请在微信商户平台 账户中心 API安全 中设置',
      '秘钥：见配置文件',
      // Format strings of log messages: the "value" is a slot.
      ['log.info("用户修改密码：userId={}", userId);', 'src/main/java/com/shop/service/UserServiceImpl.java'],
      ['logger.warning("重置密码：user_id=%s" % uid)', 'app/services/account.py'],
      ['管理员账号密码： admin/123456', 'README.md'],
      j('访问 http://127.0.0.1:8848，本地开发账号 admin，密码：', 'Kd7#vQ2mZx'),
      // A code span that is not right after the label.
      '密码在 `config/secret.yml` 里',
      // A space after 密码 with no account before it: prose.
      j('使用密码 ', 'SHA-256', ' 摘要比对'),
      '- **密码**: 见密码库',
      'DB_PASSWORD=<强密码>',
      '- [ ] 验证数据库密码强度',
      '密码：******',
      '登录密码：13800138000',
      // UI labels in a bundle or template are never passwords.
      ['{placeholder:"输入密码",password:c.password,type:"password"}', 'unpackage/dist/build/mp-weixin/pages/login/login.js'],
      ["{ label: '密码:', prop: 'password', placeholder: '请输入密码' }", 'src/views/login.vue'],
      ['<input type="password" placeholder="请输入密码" v-model="form.password" />', 'pages/login/login.vue'],
      // UI text in full-width quotes.
      '密码：“请输入密码”',
      ["wx.showToast({ title: '登录密码：“错误”，请重试' })", 'pages/login/login.js'],
      // Below a label: a sentence, a heading naming an action, a command in a fence of several lines, a code file.
      ['**数据库密码**\n请使用公司统一分配的密码登录', 'docs/部署.md'],
      ['**数据库密码**\n\nUse the one in the vault', 'docs/部署.md'],
      [j('## 修改密码\n', 'POST/api/user/pwd2'), 'docs/接口.md'],
      [j('**服务器密码**\n\x60\x60\x60bash\nssh root@10.0.0.8\n', 'Qw3rty#2024x', '\n\x60\x60\x60'), 'docs/部署.md'],
      [j('// 数据库密码\n', 'Hx9#mK2v!Lq4'), 'src/db.js'],
    ],
  },
  {
    rule: 'password-in-table',
    positives: [
      j('| 账号 | 密码 | 权限 |\n|-----|-----|-----|\n| 13800138000 | ', 'Kd7#vQ2mZx', ' | 普通用户 |'),
      // The column the header names, not the cell beside a key.
      j('| 名称 | 地址 | 用户名 | 数据库密码 |\n|---|---|---|---|\n| MySQL | 47.96.12.34:3306 | root | ', 'Ab12#cd34', ' |'),
      j('| AccessKey ID | AccessKey Secret |\n|---|---|\n| LTAI', rnd(20, undefined, 21), ' | ', rnd(30, undefined, 23), ' |'),
      // A key/value table: the value beside the cell that names it.
      j('| 配置项 | 值 |\n|---|---|\n| Redis 密码 | `', 'Ab12#cd34', '` |'),
    ],
    negatives: [
      // A validation annotation in a table of fields.
      ['| 字段 | 校验 | 说明 |\n|---|---|---|\n| password | @NotBlank | 密码 |', 'report/项目文件说明.md'],
      // A value shown masked.
      ['| mp_secret | ab12***ef34 | 小程序密钥 |', 'docs/config.md'],
      // A settings page's form field, where the secret is stored, not the secret.
      ['| **LINE Channel Secret** | `line_config[channel_secret]` | LINE Login Channel 的 Channel Secret | ✅ 是 |', 'LINE_后台配置说明.md'],
      // A schema, a parameter description, an action on a password.
      '| 字段 | 类型 | 说明 |\n|---|---|---|\n| password | varchar(64) | 密码 |',
      '| 参数 | 说明 |\n|---|---|\n| secret | 应用密钥，在控制台获取 |',
      '| 功能 | 接口 |\n|---|---|\n| 修改密码 | updatePwd2 |',
      '| 账号 | 密码 | 权限 |\n|-----|-----|-----|\n| 13800138000 | 见密码库 | 普通用户 |',
      '| 角色 | 姓名 | 联系方式 |\n|-----|-----|-----|\n| 项目经理 | 李工 | 13800138000 |',
      j('| 系统 | 地址 | 账号 | 密码 |\n|-----|-----|-----|-----|\n| 后台 | http://localhost:8080 | admin | ', 'Kd7#vQ2mZx', ' |'),
    ],
  },
  {
    rule: 'scripted-password',
    positives: [
      [j('expect "password:"\nsend "', 'Hunter2pass', '\\r"'), 'deploy/login.exp'],
      [j('spawn ssh root@47.96.12.34\nexpect {\n  "*yes/no*" { send "yes\\r"; exp_continue }\n  "*assword*" { send "', 'Hunter2pass', '\\r" }\n}'), 'deploy/login.sh'],
      [j('set password "', 'S3cret!x', '"'), 'deploy/login.exp'],
      [j("sshpass -p '", 'Xy7#pass', "' ssh root@47.96.12.34"), 'deploy/deploy.sh'],
    ],
    negatives: [
      // A send that answers another prompt, a variable, Tcl's working directory, a local machine.
      [j('expect "login:"\nsend "', 'shopadmin1', '\\r"'), 'deploy/login.exp'],
      ['expect "password:"\nsend "$password\\r"', 'deploy/login.exp'],
      ['set pwd [pwd]', 'build.tcl'],
      ['sshpass -p "$SSH_PASS" ssh root@47.96.12.34', 'deploy/deploy.sh'],
      [j('spawn ssh root@127.0.0.1\nexpect "password:"\nsend "', 'Hunter2pass', '\\r"'), 'deploy/login.exp'],
    ],
  },
  {
    rule: 'password-with-host',
    positives: [
      // Commented out under its own commented-out public host.
      ['spring:\n  datasource:\n    #url: jdbc:mysql://47.100.23.45:3306/db_shop?useSSL=false\n    #username: root\n    #password: Abc123xyz\n  redis:', 'src/main/resources/application.yml'],
      // YAML cannot start a plain scalar with `@`: quoted, it is the password.
      ["masterdb:\n  druid:\n    url: jdbc:mysql://rm-bp1wp84ot5b11c6q1o.mysql.rds.aliyuncs.com:3306/shop\n    username: shopmain\n    password: '@Shopx2019q'", 'src/main/resources/application-dev.yml'],
      // Redis hosts under a cluster's list and a client's `host-name`.
      ['spring:\n  redis:\n    cluster:\n      nodes[0]: 47.100.23.61:7001\n    password: 111111', 'src/main/resources/application-redis.yml'],
      ['spring:\n  redis:\n    host-name: 47.100.23.61\n    password: 111111', 'src/main/resources/application-redis.yml'],
      // Django's settings read from the environment, with the cloud database as the fallbacks.
      ["DATABASES = {\n    'default': {\n        'USER': os.environ.get(\"MYSQL_USERNAME\",\"root\"),\n        'HOST': os.environ.get(\"MYSQL_ADDRESS\",\"sh-cynosdbmysql-grp-abc123.sql.tencentcdb.com\"),\n        'PASSWORD': os.environ.get(\"MYSQL_PASSWORD\",\"MEDKBQZT\"),\n    }\n}", 'wxcloudrun/settings.py'],
      ['spring:\n  datasource:\n    url: jdbc:mysql://47.100.23.61:3306/shop?useSSL=false\n    username: root\n    password: 123456', 'src/main/resources/application.yml'],
      ['  redis:\n    host: r-bp1f2a3b4c.redis.rds.aliyuncs.com\n    port: 6379\n    password: Redis2024', 'src/main/resources/application-prod.yml'],
      // A systemd unit's environment: the host is in the URL two lines up.
      ['[Service]\nEnvironment="DATASOURCE_URL=jdbc:mysql://47.100.23.61:3306/shop?useSSL=false"\nEnvironment="DATASOURCE_USERNAME=admin"\nEnvironment="DATASOURCE_PASSWORD=654321"', 'deploy/shop-backend.service'],
      ['spring.mail.host=smtp.qq.com\nspring.mail.username=shop@qq.com\nspring.mail.password=abcdefghijklmnop', 'src/main/resources/application.properties'],
      ["const db = mysql.createConnection({ host: '47.100.23.61', user: 'root', password: 'root' })", 'cloudfunctions/order/index.js'],
      // The host of the object the password's object belongs to (a mail transport's `auth: { user, pass }`).
      ["nodemailer.createTransport({\n  host: 'smtp.exmail.qq.com',\n  port: 465,\n  auth: {\n    user: 'service@shop-demo.cn',\n    pass: 'Mx7qLp2Wz',\n  },\n})", 'config/mail.js'],
      // Nacos: the server address sits in the sub-blocks of the block the password belongs to.
      ['    nacos:\n      discovery:\n        server-addr: 47.100.23.63:8848\n      username: nacos\n      password: Nc8vQ2pLx', 'src/main/resources/bootstrap.yml'],
      // A flat file: `DB_HOST` is the host of `DB_PASSWORD`; a deploy script's `SERVER` that of its `PASSWORD`.
      ['DB_HOST=47.100.23.61\nDB_PORT=3306\nDB_USERNAME=root\nDB_PASSWORD=Qx7vR2pLm9', 'docs/deploy.md'],
      ['SERVER = "47.100.23.61"\nPORT = 22\nUSERNAME = "root"\nPASSWORD = "Sv9kQ2xLp"', 'scripts/deploy.py'],
      ['SERVER="root@47.100.23.61"\nPASSWORD="Sv9kQ2xLp"\nREMOTE_DIR="/opt/shop"', 'scripts/deploy-to-server.sh'],
      // A config centre's dump: one row holds a file, its lines split at escaped newlines.
      ["INSERT INTO config_info VALUES (1,'shop.yml','DEFAULT_GROUP','spring:\\n  redis:\\n    host: r-bp1f2a.redis.rds.aliyuncs.com\\n    port: 6379\\n    password: Rd4mQ8xLz\\n');", 'sql/nacos.sql'],
      // A PHP configuration array (ThinkPHP, CRMEB): aligned `=>`, comments between the keys.
      ["return [\n    // 服务器地址\n    'hostname'        => '47.100.23.61',\n    // 用户名\n    'username'        => 'shop',\n    // 密码\n    'password'        => 'Xq7shop2391',\n];", 'config/database.php'],
      ["    'DB_HOST' => '47.100.23.61',\n    'DB_PWD' => 'Xq7shop2391',", 'Application/Common/Conf/config.php'],
      ['spring.rabbitmq.host=47.100.23.61\nspring.rabbitmq.username=shop\nspring.rabbitmq.password=guest', 'src/main/resources/application-prod.properties'],
      // In a production profile an internal host is the production server: a cloud's VPC address, loopback on the server.
      ['spring:\n  datasource:\n    url: jdbc:mysql://172.16.0.12:3306/shop\n    username: root\n    password: 123456', 'src/main/resources/application-prod.yml'],
      ['  redis:\n    host: 127.0.0.1\n    port: 6379\n    password: 123456', 'src/main/resources/application-prod.yml'],
      ['DB_HOST=10.0.3.7\nDB_PASSWORD=root', '.env.production'],
    ],
    negatives: [
      // A user's password in an API document's sample request: a field of the body, not a server's login.
      ["```javascript\nwx.request({\n  url: 'https://api.shop.com/api/miniprogram-users/register',\n  method: 'POST',\n  data: {\n    phone: '13800138000',\n    password: 'password123',        // 可选：密码（明文，后端自动加密）\n  }\n})\n```", 'backend/docs/小程序API完整文档.md'],
      // A commented-out local profile below the live one opens its own loopback host, not the live public one.
      [j('spring:\n  datasource:\n    url: jdbc:mysql://47.100.23.45:3306/shop?useSSL=false\n    username: shop\n    password: ', '$', '{DB_PASSWORD}', '\n    #本地\n    #url: jdbc:mysql://localhost:3306/db_shop?useSSL=false\n    #username: root\n    #password: 123456\n  redis:'), 'src/main/resources/application.yml'],
      // A docblock's sample response echoing its request, host header and all.
      ['    /**\n     * @notes 账号密码登录\n     * @return {"code":1,"msg":"登录成功","data":{"token":"a1b2c3"},"debug":{"request":{"get":[],"post":{"mobile":"13800138000","password":"123456abc"},"header":{"host":"api.likeshop.cn"}}}}\n     */', 'application/api/controller/LoginPassword.php'],
      // A common password as the fallback of the environment's, on loopback, in a production profile.
      ["  config.orm = {\n    host: process.env.MYSQL_HOST || '127.0.0.1',\n    username: process.env.MYSQL_USER || 'root',\n    password: process.env.MYSQL_PASSWORD || 'root',", 'src/config/config.prod.ts'],
      // FastAdmin's stock mail settings: the password's blank names itself.
      ["  'mail_smtp_host' => 'smtp.qq.com',\n  'mail_smtp_port' => '465',\n  'mail_smtp_user' => '10000',\n  'mail_smtp_pass' => 'password',", 'application/extra/site.php'],
      // The unit's database is on its own machine.
      ['[Service]\nEnvironment="DATASOURCE_URL=jdbc:mysql://127.0.0.1:3306/shop"\nEnvironment="DATASOURCE_PASSWORD=654321"', 'deploy/shop-backend.service'],
      // A ternary's string is not a key, and a variable named `url` is not a host.
      ["const url = page.url()\nrec('T-1', /editor/.test(url) ? 'PASS' : 'FAIL', url)", 'scripts/run-ui.mjs'],
      // Hosts of other things: a package mirror beside a compose service's database, a CORS origin, a datasource above.
      ['      - POSTGRES_USER=shop\n      - POSTGRES_PASSWORD=Pg7xLm2qW\n      - POSTGRES_HOST=db\n      - PIP_INDEX_URL=https://mirrors.aliyun.com/pypi/simple\n      - PIP_TRUSTED_HOST=mirrors.aliyun.com', 'docker/docker-compose.dev.yaml'],
      ['      DB_HOST: mysql\n      DB_PASSWORD: Xy7kLm2pQ9\n      HOST: 0.0.0.0\n      CORS_ORIGIN: http://47.100.23.61,http://47.100.23.61:3000', 'docker-compose.yml'],
      ['spring:\n  datasource:\n    url: jdbc:mysql://47.100.23.61:3306/shop\n    username: root\n    password: ${DB_PASSWORD}\ndefaults:\n  password: "123456"\n  userLevel: "1"', 'src/main/resources/application.yml'],
      // A web address beside a password is an avatar or a callback, not the host the password opens.
      ['defaults:\n  password: "123456"\n  avatarUrl: "https://shop-demo.cn:8082/static/a1.jpg"', 'src/main/resources/application.yml'],
      ['curl -X POST "https://api.shop-demo.cn/api/user/register" \\\n  -d \'{"username":"admin","password":"Adm1n2024"}\'', 'docs/admin-login.md'],
      ['/** lib MIT License By https://www.lib-demo.com */\n.icon-password:before{content:"\\e673"}', 'static/libs/css/lib.css'],
      // A key store's password opens a file, not the host of the notify URL beside it.
      ['WECHAT_NOTIFY_URL=https://pay.shop-demo.cn/api/notify\n# WECHAT_CERT_P12_PASSWORD=1230000109', 'docs/certificates.md'],
      // A mailbox's own number as its password: mail servers want a generated authorisation code.
      ['  mail:\n    host: smtp.qq.com\n    username: 1234567890@qq.com\n    password: 1234567890', 'src/main/resources/application.yml'],
      // A mail login whose password is its user name is a form filled in for show.
      ['spring.mail.host=smtp.163.com\nspring.mail.username=shopmail\nspring.mail.password=shopmail', 'src/main/resources/application.properties'],
      // In a dump, the redis block's host does not open the mail block's password.
      ["INSERT INTO config_info VALUES (1,'shop.yml','DEFAULT_GROUP','spring:\\n  redis:\\n    host: r-bp1f2a.redis.rds.aliyuncs.com\\n  mail:\\n    password: Ml3kQ9xWz\\n');", 'sql/nacos.sql'],
      ['spring:\n  datasource:\n    url: jdbc:mysql://localhost:3306/shop\n    password: 123456', 'src/main/resources/application.yml'],
      ['    url: jdbc:mysql://47.100.23.61:3306/shop\n    password: ${DB_PASSWORD}', 'src/main/resources/application.yml'],
      // `null` is Laravel's empty password.
      ['MAIL_HOST=smtp.mailgun.org\nMAIL_PASSWORD=null', '.env.example'],
      ['    url: jdbc:mysql://47.100.23.61:3306/shop\n    password: ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)', 'src/main/resources/application.yml'],
      ["const baseUrl = 'https://api.shop-demo.cn'\nconst form = { phone: '', password: '123456' }", 'pages/login/login.js'],
      ["wx.request({\n  url: 'https://api.shop-demo.cn/login',\n  data: { username: 'test', password: 'Test1234' },\n})", 'pages/login/login.js'],
      ['    host: 192.168.1.20\n    password: 123456', 'src/main/resources/application-dev.yml'],
      // An internal host outside a production profile is a developer's or a test's; a production profile's test copy too.
      ['spring:\n  datasource:\n    url: jdbc:mysql://172.16.0.12:3306/shop\n    password: 123456', 'src/main/resources/application.yml'],
      ['    host: 10.0.3.7\n    password: 123456', 'src/test/resources/application-prod.yml'],
      ['  redis:\n    host: 127.0.0.1\n    password: ${REDIS_PASSWORD:}', 'src/main/resources/application-prod.yml'],
      // Where a user logged in from is no host, and mock users are test material.
      ['[{"username": "admin", "password": "default", "lastLoginIp": "47.100.23.61"}]', 'src/main/resources/mock/json/user.json'],
      ['{"nickname": "shop", "password": "Xq7shop2391", "loginIp": "47.100.23.61"}', 'data/users.json'],
      // RabbitMQ's stock guest account logs in from loopback only; `null` is no password.
      ['spring.rabbitmq.host=47.100.23.61\nspring.rabbitmq.username=guest\nspring.rabbitmq.password=guest', 'src/main/resources/application-prod.properties'],
      ['MAIL_HOST=smtp.mailgun.org\nMAIL_USERNAME=null\nMAIL_PASSWORD=null', '.env.example'],
    ],
  },
  {
    rule: 'weak-secret',
    positives: [
      // The basic-auth login in front of a deployed API's documents.
      ['swagger:\n  basic:\n    enable: true\n    check: true\n    username: admin\n    password: 123456 #访问swagger的密码', 'src/main/resources/application-prod.yml'],
      ['knife4j.basic.enable=true\nknife4j.basic.password=admin', 'src/main/resources/application.properties'],
      // uni-id's keys in a server's configuration: three letters sign every login, four digits key every password digest.
      ['{\n\t"passwordSecret": "4816",\n\t"tokenSecret": "sjk",\n\t"tokenExpiresIn": 7200\n}', 'uniCloud/cloudfunctions/common/uni-config-center/uni-id/config.json'],
      // NestJS's JwtService checking with a literal key.
      ["    const payload = await this.jwtService.verifyAsync(token, { 'secret': 'zhonglinkk' });", 'src/user/user.service.ts'],
      // Each audience's key under a `jwt:` mapping (the sky-take-out course's layout).
      ['sky:\n  jwt:\n    admin-secret-key: shopnb\n    admin-ttl: 7200000', 'sky-server/src/main/resources/application.yml'],
      // A secret configured with a token's lifetime signs those tokens, whatever word it is.
      ["  security: {\n    secretKey: \"islandwxshopk\",\n    expiresIn: 60*60*24\n  },", 'server/config/config.js'],
      // Spring Boot's own login guards the actuator and the API, whatever word it is.
      ['security.user.name=admin\nsecurity.user.password=admin', 'src/main/resources/config/application.properties'],
      ['spring:\n  security:\n    user:\n      name: admin\n      password: shopadmin', 'src/main/resources/application.yml'],
      // A key named like its setting, in a module that imports PyJWT: what it signs with.
      ["import jwt\n\n# JWT密钥\nJWT_SECRET = 'hx_wechat_jwt_secret'", 'wxcloudrun/auth/views.py'],
      // An environment lookup's fallback, however it is named: what signs the tokens when the variable is unset.
      ["    const secret = this.config.get<string>('JWT_SECRET') || 'zibolt-jwt-secret';\n    return jwt.sign({ type: 'verify' }, secret, { expiresIn: '10m' });", 'src/modules/auth/auth.service.ts'],
      // A password a person chose, on loopback: often the server's own database too.
      ["return [\n    'hostname'        => '127.0.0.1',\n    'username'        => 'root',\n    'password'        => 'lyq85xcx',\n];", 'youge/database.php'],
      ['        \'cookieValidationKey\' => "wedding2019",', 'wechat/config/main.php'],
      ["module.exports = { appId: 'wx1a2b3c4d5e6f7a8b', jwtSecret: 'qwqwq' }", 'server/config.js'],
      // Druid's console set up in Java.
      ['        initParams.put("loginUsername", "admin");\n        initParams.put("loginPassword", "root");', 'src/main/java/com/shop/config/DruidConfig.java'],
      // A Python web app's SECRET_KEY signs its sessions: a word is a weak key; so is a password set by `define`.
      ["app.config['SECRET_KEY'] = 'mrsoft'", 'app/__init__.py'],
      ["define(\"mysql_host\", default='47.100.23.45')\ndefine(\"mysql_password\", default='shop2020')", 'app/config.py'],
      // A PHP configuration array's weak password, also commented out (the old value), for a cloud database.
      ["//  'DB_HOST'               =>  'rm-bp1abc.mysql.rds.aliyuncs.com',\n//  'DB_PWD'                =>  'weixin123',", 'App/Common/Conf/db.php'],
      // A glued JWT key name in Go, and an admin login checked against a literal.
      ['const JWTSECRET = "wx2021Abcd"', 'service/jwt.go'],
      ["    if (user.email === 'admin@shop.cn' && user.password === 'douyin2019') {", 'server/controllers/admin.js'],
      ["const jwtSecret = 'abc12'", 'cloudfunctions/login/index.js'],
      [j("    TmpSecretKey: '", 'cos_2031!', "',"), 'services/cosStorage.js'],
      ['jwt:\n  secret: abc123', 'src/main/resources/application.yml'],
      // A Dockerfile's ENV is configuration.
      ['ENV DB_HOST=mysql\nENV DB_PASSWORD=shop2024pw', 'mall-server/Dockerfile'],
      ['ENV DB_HOST mysql\nENV DB_PASSWORD shop2024pw', 'mall-server/Dockerfile'],
      // A deploy script's first argument, defaulted.
      ['MYSQL_PASSWORD=${1:-shop2024pw}', 'deploy-docker.sh'],
      ['JWT_SECRET=s3cr3t', '.env'],
      ["  signKey: 'shop2024',", 'utils/sign.js'],
      // A bare `secret` in a module that signs JWTs with it is their key.
      ["const jwt = require('jsonwebtoken')\nconst secret = 'bookKeepingApp'\n\nfunction sign(user) {\n  return jwt.sign(user, secret, { expiresIn: '7d' })\n}", 'server/utils/token.js'],
      // A session middleware's key signs every cookie, whatever digits it holds.
      ["app.use(session({\n  key: 'ali',\n  secret: '123456', //私钥\n  store: sessionStore,\n}))", 'service/app.js'],
      ['    MINIO_SECRET_KEY: str = "Shop@2026"', 'server/app/config.py'],
      ['      MYSQL_PASSWORD: ${MYSQL_PASSWORD:-shopapp123456}', 'deploy/docker-compose.yml'],
      // A number someone chose is a password, under `pass` names too.
      ['DB_PASS=83726154', '.env'],
      ['    password: 20241688', 'src/main/resources/application.yml'],
      // Under a JWT name a word or a typed phrase signs the tokens.
      ['jwt:\n  header: Authorization\n  secret: mySecretKeyForShop2024\n  expiration: 7200', 'src/main/resources/application.yml'],
      ['jwt.secret=shopJwtKey', 'src/main/resources/application.properties'],
      // A database user's name as its password is still a password; only a mail login's is for show.
      ['DB_USER=shop2024\nDB_PASSWORD=shop2024', '.env'],
      // A program's own login in code: an upper-case PASSWORD constant beside its user name.
      [j('    public final static String USERNAME = "13800000000";\n    public final static String PASSWORD = "', 'tq700456', '";'), 'src/main/java/com/shop/utils/IotClient.java'],
      // A value that starts like an article is no instruction (`a-jwt-key` is one).
      ["const jwtSecret = 'aes_2025';", 'server/utils/crypto.js'],
      ['  basic:\n    enable: true\n    username: shop\n    password: shop1314', 'src/main/resources/application-prod.yml'],
      // Inside quotes `#` is part of a value; a course-like key that is not the published one.
      ['runtime:\n  jwt_secret: "abc#12"', 'config/config.yaml'],
      ['sky:\n  jwt:\n    user-secret-key: shop-user', 'sky-server/src/main/resources/application.yml'],
      // Egg's `config.jwt = { secret }`: counting digits or a word, it signs the server's tokens.
      ["  config.jwt = {\n    secret: '123456',\n  };", 'server/config/config.default.js'],
      ['\tconfig.jwt = {\n\t\t//jwt配置项\n\t\tsecret: "123",\n\t};', 'server/config/config.default.js'],
      ["  config.jwt = {\n    secret: 'shopping',\n  };", 'server/config/config.prod.js'],
      // Druid's console password in a deployed profile, stock or not.
      ['      stat-view-servlet:\n        enabled: true\n        login-username: admin\n        login-password: admin', 'src/main/resources/application-prod.yml'],
      ['spring.datasource.druid.stat-view-servlet.login-password=123456', 'src/main/resources/application.properties'],
      // A request log records the password someone typed: one they chose is theirs.
      ["[ info ] [ PARAM ] array (\n  'username' => 'admin',\n  'password' => 'lyq85xcx',\n)", 'runtime/log/202109/07.log'],
    ],
    negatives: [
      // The same on a developer's machine; a constant holding words of its own name (a settings table's key).
      ['swagger:\n  basic:\n    username: admin\n    password: 123456', 'src/main/resources/application-dev.yml'],
      ['    public static final String CONFIG_KEY_PAY_ROUTINE_APP_KEY = "pay_routine_key"; //小程序支付key', 'src/main/java/com/constants/Constants.java'],
      // A demo login a developer typed, in the app's own log: the stock password, not a leak (judged so in three of four
      // sets; session 11's judge counted a FastAdmin admin's `123456` in a request log).
      ["[ info ] [ PARAM ] array (\n  'username' => 'admin',\n  'password' => '123456',\n)", 'runtime/log/202109/07.log'],
      ['2024-03-01 10:12:01.331 INFO 8812 --- [nio-8080-exec-1] c.s.c.admin.EmployeeController : 员工登录：EmployeeLoginDTO(username=admin, password=123456)', 'logs/2024-03/000631779.log'],
      // A key's name in a document's example stays a stand-in when it is three letters.
      ['```yaml\njwt:\n  tokenSecret: abc\n```', 'README.md'],
      // The setting's own name as its value.
      ["  wechatAppSecret: 'wx_app_secret',", 'backend/config/server.js'],
      // An app key of digits is the app's number.
      ["    const APPKEY = '23456781';", 'app/index/util/TaobaoApiUtil.php'],
      // cool-admin's stock JWT key.
      ["    jwt: {\n      // 单点登录\n      sso: false,\n      secret: 'FOAPOFALOEQIPNNLQ',\n      token: {\n        expire: 2 * 3600,", 'src/app/modules/base/config.ts'],
      // The course's stock word, and a secret with no token's lifetime near.
      ["  security: {\n    secretKey: \"abcdefg\",\n    expiresIn: 60*60*24\n  },", 'server/config/config.js'],
      ["  oss: {\n    secretKey: \"islandwxshopk\",\n    bucket: 'shop'\n  },", 'server/config/config.js'],
      // Bash's substring of a variable, in a deploy script's log line.
      ['    print_info "MySQL Root密码: ${MYSQL_ROOT_PASSWORD:0:4}***"', 'deploy.sh'],
      // A WeChat Pay certificate's password is the merchant id.
      ['| 证书密码 | cert-password: 1600123456 |', 'CERTIFICATE_INFO.md'],
      // A Redis key's name under a secret's (`wxConfig:secret`, where the cache keeps the AppSecret).
      ['    public static final String SECRET = "wxConfig:secret";', 'src/main/java/com/shop/constant/WechatInterface.java'],
      // A value its comment says to replace.
      ["        'app_secret' => 'qWeRtYuIoPaSdFg1', //请从官方获取", 'install/conf/mini_series.php'],
      // A JWT key's digits in a document or a test; Druid's console on a developer's machine, or unset.
      ["  config.jwt = {\n    secret: '123456',\n  };", 'README.md'],
      ["  config.jwt = {\n    secret: '123456',\n  };", 'test/app/config.test.js'],
      ['      stat-view-servlet:\n        enabled: true\n        login-password: admin', 'src/main/resources/application-dev.yml'],
      ['      stat-view-servlet:\n        login-password: ${DRUID_PASSWORD}', 'src/main/resources/application-prod.yml'],
      ['  login-password: admin', 'src/main/resources/application-prod.yml'],
      // MySQL says whether a password was given; a comment says what a tool's default is.
      ["[ error ] [1045]SQLSTATE[HY000] [1045] Access denied for user 'shop'@'localhost' (using password: YES)", 'runtime/log/202109/07.log'],
      ['# default username/password = guest/guest', 'dev/rabbitmq/start.sh'],
      // The same for a developer's database on loopback.
      ["<?php\nreturn [\n    'hostname'        => '127.0.0.1',\n    'username'        => 'root',\n    'password'        => 'root123',\n];", 'config/database.php'],
      // The alphabet and the digits in a row: a proposal's sample.
      ['      "channel_secret": "abcdef1234567890",', 'LINE_CONFIG_INTEGRATION_PROPOSAL.md'],
      // A bare `secret` holding a word where no JWT is signed is a label.
      ["const secret = 'bookKeepingApp'\nmodule.exports = { secret }", 'server/config/names.js'],
      // Digits under any other secret name are a stand-in; a session's key in a document illustrates.
      ["const options = { secret: '123456' }", 'utils/options.js'],
      ["app.use(session({\n  secret: '123456',\n}))", 'docs/session.md'],
      ['ENV DB_HOST=mysql\nENV DB_PASSWORD=${DB_PASSWORD}', 'mall-server/Dockerfile'],
      ['ENV PASSWORD_FILE /run/secrets/db_password', 'mall-server/Dockerfile'],
      ['MYSQL_PASSWORD=${1:-}', 'deploy-docker.sh'],
      ['const jwtSecret = process.env.JWT_SECRET', 'cloudfunctions/login/index.js'],
      // A sentinel, and a password that is its field's name.
      ["    TmpSecretKey: '__none__',", 'services/cosStorage.js'],
      ['  password: "app_pass"', 'conf/config.example.yaml'],
      ["jwt.sign(payload, secret, { algorithm: 'HS256' })", 'cloudfunctions/login/index.js'],
      ["const form = { password: '123' }", 'pages/login/login.js'],
      ["secretType: 'basic'", 'src/api/auth.ts'],
      ["const jwtSecret = 'changeme'", 'server/app.js'],
      ['JWT_SECRET=', '.env'],
      ['jwt:\n  secret: ${JWT_SECRET}', 'src/main/resources/application.yml'],
      ['    "@inquirer/password": "^4.0.1",', 'package-lock.json'],
      ["Set it in code: jwtSecret = 'abc12'", 'README.md'],
      ["// Names that hold something about a secret: `tokenTtl` and jwtSecret = 'abc12'", 'src/config.ts'],
      // The name of a configuration key or form field, not its value.
      ['  public static final String POST_CLIENT_SECRET = "client_secret";', 'src/main/java/com/shop/oauth2/Constants.java'],
      ["  appSecret: 'wx_app_secret',", 'admin/src/utils/system-config.ts'],
      // Self-describing stand-ins and placeholder fallbacks.
      ['  secret: test-secret', 'src/main/resources/application.yml'],
      ['      - SECRET_KEY=dev-secret', 'docker/docker-compose.dev.yaml'],
      ["    const v = new Validator({ apiKey: 'sk-test' });", 'src/ai/validator.ts'],
      ['      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD:-root}', 'docker-compose.yml'],
      // Digits counted up or down fill a field, like 123456.
      ['DB_PASS=123456789', '.env'],
      ['    password: 87654321', 'src/main/resources/application.yml'],
      // A bare word is a name except under a JWT name; `my…` without a digit and `change-me` stand in for a key.
      ['cache:\n  secret: shopCacheKey', 'src/main/resources/application.yml'],
      ['jwt:\n  secret: mySecretKey', 'src/main/resources/application.yml'],
      ['jwt.secret=change-me-in-production', 'src/main/resources/application.properties'],
      ['SMTP_USER=shop2024\nSMTP_PASSWORD=shop2024', '.env'],
      ['  mail:\n    host: smtp.qq.com\n    username: 2337523002@qq.com\n    password: 2337523002', 'src/main/resources/application.yml'],
      ["const jwtSecret = 'a-jwt-secret';", 'server/utils/crypto.js'],
      // Only kinds of secret named: a label.
      ["    secret: 'app-secret-key',", 'benchmarks/basic.js'],
      // Without a user name beside it, a PASSWORD constant in code is a form's or a test's default.
      [j('    public final static String PASSWORD = "', 'tq700456', '";'), 'src/main/java/com/shop/utils/IotClient.java'],
      // JeecgBoot's published Swagger/knife4j default.
      ['  basic:\n    enable: false\n    username: jeecg\n    password: jeecg1314', 'src/main/resources/application-dev.yml'],
      // A strong quoted key is not cut at its first `#` into a weak prefix; the itcast course's published JWT keys.
      [j('runtime:\n  jwt_secret: "', 'Ab3x9Qz#', rnd(63, undefined, 51), '"'), 'config/config.yaml'],
      ['sky:\n  jwt:\n    admin-secret-key: itcast\n    user-secret-key: itcast-user', 'sky-server/src/main/resources/application-dev.yml'],
    ],
  },
  {
    rule: 'sql-secret-column',
    positives: [
      // phpMyAdmin: the columns in the INSERT, then a row a line.
      [j("INSERT INTO `db_shop_printer` (`id`, `title`, `user_code`, `printer_code`, `app_key`, `status`) VALUES\n\t(1, '前台', 'wukong', '917501234', 'Kq8Lm2Nx7RvT5pWz', 1),\n\t(2, '后厨', 'wukong', '917501235', '", 'Hd4Fs9Gc1J0eQx7v', "', 1);"), 'sql/products.sql'],
      [`${accountTable}\nINSERT INTO \`gc_school_account\` VALUES (1,'admin01',3,'Pw7001x',1690000000);`, 'sql/214.sql'],
      // VARCHAR(32) is as wide as an md5, and as often a plain password's column.
      ["CREATE TABLE `t_user` (\n  `id` int(10) NOT NULL,\n  `password` varchar(32) NOT NULL COMMENT '密码'\n) ENGINE=InnoDB;\nINSERT INTO `t_user` VALUES (7, 'Pw7001x');", 'sql/shop.sql'],
      [`${settingTable}\nINSERT INTO \`gc_setting\` VALUES (1,'wx1a2b3c4d5e6f7a8b','${hexOf(32, 81)}','${payKey}');`, 'sql/214.sql'],
      // The columns listed in the INSERT itself (phpMyAdmin): Qiniu's secret half has no prefix of its own.
      ["INSERT INTO `gc_upload_oss` (`id`, `qny_oss_secretkey`) VALUES (1, 'Lm4xQ9zRk2Vp8Wn3Yt6Hb1Jd5Fs0Ga_Kq8Lm2Nx7R');", 'install.sql'],
    ],
    negatives: [
      // Five digits of three kinds, a demo user's.
      ["INSERT INTO `user` (`id`, `username`, `password`) VALUES (4, 'lisi', '12312');", 'sql/demo.sql'],
      // A demo user's few digits.
      ["INSERT INTO `user` (`id`, `username`, `password`) VALUES (3, 'zhangsan', '123');", 'sql/demo.sql'],
      // A data source's password kept encrypted, in base64.
      ["INSERT INTO `jimu_report_data_source` (`id`, `db_username`, `db_password`) VALUES ('1', 'root', 'f6mBthJ0kIlcM2RYpLxM=');", 'db/jeecgboot-mysql-5.7.sql'],
      // A password column beside a salt holds digests, whatever their shape (JeecgBoot's `sys_user`).
      ["CREATE TABLE `sys_user` (\n  `id` varchar(32) NOT NULL,\n  `username` varchar(100) NULL,\n  `password` varchar(255) NULL COMMENT '密码',\n  `salt` varchar(45) NULL COMMENT 'md5密码盐',\n  PRIMARY KEY (`id`)\n);\nINSERT INTO `sys_user` VALUES ('e9ca23d68d884d4ebb19d07889727dae', 'admin', 'cb362cfeefbf3d8d', 'RCGTeGiH');", 'db/jeecgboot-mysql-5.7.sql'],
      // A digest is no password; empty and NULL are no value; a log table records what users typed; no column, no key.
      [`${accountTable}\nINSERT INTO \`gc_school_account\` VALUES (1,'admin01',3,'e10adc3949ba59abbe56e057f20f883e',1690000000);`, 'sql/214.sql'],
      ["INSERT INTO `sys_user` (`id`, `password`, `salt`) VALUES (2,'$2a$10$EuWPZHzz32dJN7jexM34MOeYirDdFAZm2kuWj7VEOJhhZkDrxfvUu','x');", 'install.sql'],
      [`${settingTable}\nINSERT INTO \`gc_setting\` VALUES (2,'wx1a2b3c4d5e6f7a8c','',NULL);`, 'sql/214.sql'],
      ["INSERT INTO `sys_oper_log` (`id`, `password`) VALUES (1,'Qx7vR2pLm9');", 'sql/ry.sql'],
      ["INSERT INTO `gc_school_account` VALUES (1,'admin01',3,'Pw7001x',1690000000);", 'sql/214.sql'],
      ["INSERT INTO `t_config` (`id`, `secret_type`, `secret_path`) VALUES (1,'rsa2','/cert/private_key.pem');", 'install.sql'],
      // FastAdmin's admin table: the password is a digest, the salt beside it is stored in the clear by design.
      ["CREATE TABLE `fa_admin` (\n  `id` int(10) unsigned NOT NULL,\n  `password` varchar(32) DEFAULT '' COMMENT '密码',\n  `salt` varchar(30) DEFAULT '' COMMENT '密码盐'\n) ENGINE=InnoDB;\nINSERT INTO `fa_admin` VALUES (1,'e10adc3949ba59abbe56e057f20f883e','x9Kq2m');", 'install.sql'],
      // RuoYi's password-change date: a column about the password, named by its comment.
      ["CREATE TABLE `sys_user` (\n  `user_id` bigint(20) NOT NULL,\n  `pwd_update_date` datetime DEFAULT NULL COMMENT '密码最后更新时间'\n) ENGINE=InnoDB;\nINSERT INTO `sys_user` VALUES (1,'2024-05-01 10:00:00');", 'sql/ry_20240601.sql'],
      // The public half of a cloud key, and a password the program set to the user's openid.
      ["INSERT INTO `gc_upload_oss` (`id`, `qny_oss_accesskey`, `tencent_oss_secretid`) VALUES (1,'Lm4xQ9zRk2Vp8Wn3Yt6Hb1Jd5Fs0Ga_Kq8Lm2Nx7R','Kq8Lm2Nx7Rt4Vz9Wp3Yc6');", 'install.sql'],
      ["INSERT INTO `t_buyer` (`id`, `password`, `wx_openid`) VALUES (3,'oQx7vR2pLm9TzK4wN8bC3jD5fS6h','oQx7vR2pLm9TzK4wN8bC3jD5fS6h');", 'install.sql'],
      // An openid kept as a password (nideshop's seed user), and a test user's plain value in a column fixed to an md5's width.
      ["INSERT INTO `nideshop_user` (`id`, `username`, `password`) VALUES (1,'nideshop','oQx7vR2pLm9TzK4_N8bC3jD5fS6h');", 'sql/nideshop.sql'],
      ["CREATE TABLE `cmswing_member` (\n  `id` int(10) NOT NULL,\n  `username` char(16) NOT NULL COMMENT '用户名',\n  `password` char(32) NOT NULL COMMENT '密码'\n) ENGINE=InnoDB;\nINSERT INTO `cmswing_member` VALUES (468, '123', '731902');", 'mall.sql'],
    ],
  },
  {
    rule: 'key-file',
    positives: [
      ['\u0000\u0001binary p12', 'cert/apiclient_cert.p12'],
      ['placeholder', 'src/main/resources/cert/apiclient_key.pem'],
      ['\u0000jks', 'android/app/release.jks'],
      ['\u0000', 'deploy/ssl/shop.pfx'],
      ['\u0000', 'android/app/upload.keystore'],
    ],
    negatives: [
      ['-----BEGIN CERTIFICATE-----', 'cert/apiclient_cert.pem'],
      ['How to get apiclient_cert.p12', 'docs/pay-setup.md'],
      ['\u0000', 'src/main/resources/truststore.p12'],
      ['\u0000', 'deploy/ssl/cacerts.jks'],
    ],
  },
];

function rulesFound(text: string, file = 'config.txt'): string[] {
  return scanText(text, file, { rules: 'secrets' }).map((f) => f.rule);
}

function example(e: Example, fallbackFile: string | undefined): [text: string, file: string | undefined] {
  return typeof e === 'string' ? [e, fallbackFile] : e;
}

describe('secret rules', () => {
  it('has a case for every secret rule', () => {
    const ids = builtinRules.filter((r) => r.category === 'secret').map((r) => r.id);

    expect(cases.map((c) => c.rule).sort()).toEqual([...ids].sort());
  });

  it('gives every rule a unique id, both languages and keywords of at least 4 bytes', () => {
    const ids = builtinRules.map((r) => r.id);

    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of builtinRules) {
      expect(rule.description.en.length).toBeGreaterThan(5);
      expect(rule.description.zh.length).toBeGreaterThan(3);
      // One 3-byte keyword would take every file off the SIMD quad prefilter onto the slower Wu–Manber loop.
      for (const k of rule.keywords) expect(Buffer.byteLength(k), `${rule.id}: ${k}`).toBeGreaterThanOrEqual(4);
    }
  });

  for (const c of cases) {
    describe(c.rule, () => {
      it.each(c.positives.map((e) => example(e, c.file)))('finds %s (%s)', (text, file) => {
        expect(rulesFound(text, file)).toContain(c.rule);
      });
      it.each(c.negatives.map((e) => example(e, c.file)))('ignores %s (%s)', (text, file) => {
        expect(rulesFound(text, file)).not.toContain(c.rule);
      });
    });
  }

  describe('rates a written login by what it opens', () => {
    const strong = j('Kd7#', 'vQ2mZx');
    function rated(text: string, file = 'docs/部署.md'): string[] {
      return scanText(text, file, { rules: 'secrets' }).map((f) => `${f.rule} ${f.severity}`);
    }

    it.each([
      // A public server, whatever the password: a weak one there is the worst case.
      [`- 生产服务器：47.98.101.12（root/${strong}）`, 'server-credentials critical'],
      [j('ssh root@47.98.101.12 登录后 root/', 'admin123'), 'server-credentials critical'],
      [`服务器登录：root/${strong}`, 'server-credentials critical'],
      // An application's login at its public address works from anywhere, unless it is the published demo one.
      [`生产后台 https://admin.shop-mall.cn 账号 admin/${strong}`, 'server-credentials critical'],
      // An internal server, or an application's own login: high, like a labelled password.
      [`测试服务器 192.168.10.20 root/${strong}`, 'server-credentials high'],
      [`登录后台 admin/${strong}`, 'server-credentials high'],
      // The same for a pair in a comment, a user and 密码 written without a colon, and a table row under its header.
      [j('/* 登录：shopadmin/', strong, ' */'), 'server-credentials high'],
      [j('# 服务器 47.96.12.34 账号 root 密码 ', strong), 'plaintext-password critical'],
      [j('| 名称 | 地址 | 用户名 | 密码 |\n|---|---|---|---|\n| MySQL | 47.96.12.34:3306 | root | ', strong, ' |'), 'password-in-table critical'],
      // A script's password by the machine it spawns or connects to.
      [j('spawn ssh root@47.96.12.34\nexpect "password:"\nsend "', strong, '\\r"'), 'scripted-password critical'],
      [j("sshpass -p '", strong, "' scp dist.tar root@192.168.1.3:/srv"), 'scripted-password high'],
    ])('%s → %s', (text, expected) => {
      expect(rated(text)).toEqual([expected]);
    });

    it.each([
      // Default, demo and test logins are published to be typed in: worth changing before launch, not a leaked secret.
      [j('演示地址 https://demo.shop-mall.cn 账号 admin/', 'admin123'), 'docs/部署.md', 'admin123'],
      [j('1. 登录 admin / ', 'admin123', '，关闭改密弹窗'), 'docs/bugs/BUG-001.md', 'admin123'],
      [j('log.info("初始化默认超级管理员账号: admin / ', 'admin@123', '");'), 'src/main/java/com/shop/config/DataInitializer.java', 'admin@123'],
      [j('-- 插入默认管理员 (密码: ', 'admin123', ')'), 'sql/init.sql', 'admin123'],
      [j('密码：', 'ShopDemo2031'), 'README.md', 'ShopDemo2031'],
      [j('默认密码：', 'Kd7#vQ2mZx'), 'README.md', 'Kd7#vQ2mZx'],
      [j('// 默认账号: shopadmin / ', 'Kd7#vQ2mZx'), 'src/config/db.js', 'Kd7#vQ2mZx'],
      // A table column of defaults or examples: an environment table's documented default.
      [j('| 变量 | 默认值 | 说明 |\n|---|---|---|\n| POSTGRES_PASSWORD | ', 'omnibot123', ' | 数据库密码 |'), 'docs/deploy.md', 'omnibot123'],
      [j('| 账号 | 密码 | 角色 |\n| --- | --- | --- |\n| `viewer` | `', 'Kd7#vQ2mZx', '` | 只读 |'), 'agent-team/testing/accounts.md', 'Kd7#vQ2mZx'],
    ])('%s (%s) is not a finding, and %s is still masked', (text, file, value) => {
      expect(rated(text, file)).toEqual([]);
      expect(redactSecrets(text)).not.toContain(value);
    });

    it('reports a test account written into a launch document: it logs into the real application', () => {
      expect(rated(j('测试账号 13800138000 密码：', 'Tq7#mK2x9'), 'README.md')).toEqual(['plaintext-password high']);
      expect(rated(j('| 账号 | 密码 | 角色 |\n| --- | --- | --- |\n| `qa_viewer` | `', 'Kd7#vQ2mZx', '` | 只读 |'), 'docs/accounts.md')).toEqual(['password-in-table high']);
    });

    it('rates a database client password by the host its command names', () => {
      expect(rated(j('mysql -h 47.100.23.61 -uroot -p', '123456'), 'docs/DEPLOY.md')).toEqual(['command-line-secret critical']);
      expect(rated(j('mysql -h 127.0.0.1 -uroot -p', 'Kd7vQ2mZx9Lp'), 'docs/DEPLOY.md')).toEqual(['command-line-secret high']);
      expect(rated(j('mysql -uroot -p', 'shop2024pw'), 'docs/DEPLOY.md')).toEqual(['command-line-secret medium']);
    });

    it('keeps a labelled password that says nothing of being a default high', () => {
      expect(rated(j('数据库密码：', 'Kd7#vQ2mZx'))).toEqual(['plaintext-password high']);
      expect(rated(j('| 账号 | 密码 | 角色 |\n| --- | --- | --- |\n| `viewer` | `', 'Kd7#vQ2mZx', '` | 只读 |'), 'docs/accounts.md')).toEqual(['password-in-table high']);
    });
  });

  describe('templates and tests', () => {
    const severityOf = (text: string, file: string, rule: string): string | undefined =>
      scanText(text, file, { rules: 'secrets' }).find((f) => f.rule === rule)?.severity;

    it('does not report a stock weak default in a template, and rates a made-up one as anywhere else', () => {
      expect(severityOf('MYSQL_ROOT_PASSWORD=root123456', 'deploy/.env.example', 'weak-secret')).toBeUndefined();
      expect(severityOf('MYSQL_ROOT_PASSWORD=root123456', 'deploy/.env', 'weak-secret')).toBe('medium');
      expect(severityOf('MINIO_SECRET_KEY=Qz512@2026', 'server/.env.example', 'weak-secret')).toBe('medium');
      expect(severityOf(j('MYSQL_PASSWORD=', 'Vn3#pQ8zLw5..'), 'deploy/.env.example', 'generic-secret')).toBe('high');
    });

    it('does not report weak and typed values in tests (still masked), and rates a generated key in a test as anywhere else', () => {
      expect(severityOf('    password: ${DB_PASSWORD:shop_test9}', 'src/main/resources/application-test.yml', 'weak-secret')).toBeUndefined();
      expect(severityOf("    refreshToken: 'new-refresh-token-888',", 'tests/upload_flow.test.ts', 'generic-secret')).toBeUndefined();
      expect(redactSecrets("    refreshToken: 'new-refresh-token-888',")).not.toContain('new-refresh-token-888');
      expect(severityOf("    refreshToken: 'new-refresh-token-888',", 'src/api/session.ts', 'generic-secret')).toBe('high');
      expect(severityOf(j('    SECRET = "', '8e1f0c2d9b7a4e6f8c0d1b2a3e4f5d6c', '"'), 'backend/integrations/test_callback.py', 'generic-secret')).toBe('high');
    });

    it('does not report a stock weak default as an environment fallback, and reads a made-up one as anywhere else', () => {
      expect(severityOf('      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD:-root123456}', 'deploy/docker-compose.yml', 'weak-secret')).toBeUndefined();
      expect(severityOf('      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD:-Qz512@26}', 'deploy/docker-compose.yml', 'weak-secret')).toBe('medium');
      expect(severityOf("    'k' => env('JWT_SECRET', 'admin123'),", 'config/jwt.php', 'weak-secret')).toBeUndefined();
      expect(severityOf("    'k' => env('JWT_SECRET', 'shopjwt2031'),", 'config/jwt.php', 'weak-secret')).toBe('medium');
    });

    it('reads configuration snippets in documents: a made-up weak password is reported, a stock one and a command line are not', () => {
      expect(severityOf(j('MINIO_SECRET_KEY=', 'Shopalbum@2031'), 'docs/deploy/minio.md', 'weak-secret')).toBe('medium');
      expect(severityOf(j('    secret_key="', 'Shopalbum@2031', '",'), 'docs/plans/storage.md', 'weak-secret')).toBe('medium');
      expect(severityOf('DB_PASSWORD=admin123', 'docs/QUICK_START.md', 'weak-secret')).toBeUndefined();
      expect(severityOf(j('qpdf --password=', 'Shopalbum@2031', ' --decrypt in.pdf out.pdf'), 'docs/pdf.md', 'weak-secret')).toBeUndefined();
      // A snippet for a local instance opens a developer's machine; the same one for a public host is reported.
      const datasource = (host: string): string => j(`spring:\n  datasource:\n    url: jdbc:mysql://${host}:3306/shop\n    username: shop\n    password: `, 'mall778899');
      expect(severityOf(datasource('localhost'), 'doc/project.md', 'weak-secret')).toBeUndefined();
      expect(severityOf(datasource('db.shop-mall.cn'), 'doc/project.md', 'password-with-host')).toBe('critical');
    });

    it('does not report a value naming its setup, nor a typed one in CI (still masked); a generated one is reported anywhere', () => {
      const fallback = (value: string): string => j("const secret = process.env.JWT_SECRET || '", value, "';");
      expect(severityOf(fallback('dev-secret-key-12345678'), 'src/utils/jwt.js', 'generic-secret')).toBeUndefined();
      expect(redactSecrets(fallback('dev-secret-key-12345678'))).not.toContain('dev-secret-key-12345678');
      expect(severityOf(fallback('Kx9mQ2vL7pRz4Nw8'), 'src/utils/jwt.js', 'generic-secret')).toBe('high');
      expect(severityOf(j('REDIS_PASSWORD=', 'Redis@Local123!'), 'backend/.env.docker', 'generic-secret')).toBeUndefined();
      expect(severityOf(j('REDIS_PASSWORD=', 'Redis@Shop123!'), 'backend/.env.docker', 'generic-secret')).toBe('high');
      // A letter is no word: `Test@1234x` names no setup, it is a test account's password (seed 003's launch document).
      expect(severityOf(j('| 13800138000 | password: ', 'Test@1234x', ' |'), 'docs/上线执行计划.md', 'generic-secret')).toBe('high');
      expect(severityOf(j('          JWT_SECRET: ', 'test-secret-key-for-ci'), 'deploy/app.yml', 'weak-secret')).toBeUndefined();
      expect(severityOf(j('          JWT_SECRET: ', 'shopjwt2031'), '.github/workflows/ci.yml', 'weak-secret')).toBeUndefined();
      expect(severityOf(j('          JWT_SECRET: ', 'shopjwt2031'), 'deploy/app.yml', 'weak-secret')).toBe('medium');
      expect(severityOf(j('          API_SECRET: ', 'Kx9mQ2vL7pRz4Nw8'), '.github/workflows/ci.yml', 'generic-secret')).toBe('high');
      expect(severityOf('PLATFORM_ADMIN_PASSWORD=ChangeMeLater1', 'docs/design.md', 'weak-secret')).toBeUndefined();
      expect(severityOf('PLATFORM_ADMIN_PASSWORD=MorningLater1', 'docs/design.md', 'generic-secret')).toBe('high');
    });

    it('reads .env.development like a template for common passwords only: a project word and digits may be the production one', () => {
      expect(severityOf('ADMIN_DEFAULT_PASSWORD=admin123456', 'backend/.env.development', 'weak-secret')).toBeUndefined();
      expect(severityOf('MYSQL_PASSWORD=kite123456', 'backend/.env.development', 'weak-secret')).toBe('medium');
      expect(severityOf('ADMIN_DEFAULT_PASSWORD=admin123456', 'backend/.env.local', 'weak-secret')).toBe('medium');
    });

    it('does not report a stock password beside a public mail host in a template', () => {
      const mail = 'MAIL_HOST=smtp.qq.com\nMAIL_USER=example@qq.com\nMAIL_PASSWORD=123456';
      expect(severityOf(mail, '.env.template', 'password-with-host')).toBeUndefined();
      expect(severityOf(mail, '.env', 'password-with-host')).toBe('critical');
    });

    it('does not report a weak password of a datasource on a developer machine, and does on a server or for another login', () => {
      const datasource = (host: string): string => j(`spring:\n  datasource:\n    url: jdbc:mysql://${host}:3306/shop\n    username: root\n    password: `, 'shop7788');
      expect(severityOf(datasource('localhost'), 'src/main/resources/application-dev.yml', 'weak-secret')).toBeUndefined();
      expect(severityOf(datasource('192.168.1.20'), 'src/main/resources/application-dev.yml', 'weak-secret')).toBe('medium');
      // In a deployment profile localhost is the server; an admin password beside a database URL is not the database's.
      expect(severityOf(datasource('localhost'), 'src/main/resources/application-prod.yml', 'password-with-host')).toBe('high');
      expect(severityOf(datasource('172.16.0.12'), 'src/main/resources/application-prod.yml', 'password-with-host')).toBe('high');
      expect(severityOf(datasource('47.100.23.61'), 'src/main/resources/application-prod.yml', 'password-with-host')).toBe('critical');
      expect(severityOf(j("mysql_link='mysql+pymysql://root@127.0.0.1/shop'\npassword = '", 'shop7788', "'"), '.env.dist', 'weak-secret')).toBe('medium');
    });

    it('does not take a Java package named example for a template', () => {
      expect(severityOf(j("  private String secret = '", 'kR8m2Pq9Lx4Vz7Nw', "';"), 'src/main/java/org/example/Jwt.java', 'generic-secret')).toBe('high');
    });
  });

  it("reads every row of a dump's INSERT, however long its line, and masks each value in every preview", () => {
    const rows = Array.from({ length: 300 }, (_, i) => `(${i},'user${i}',3,'Pw${7000 + i}x',1690000000)`).join(',');
    const found = scanText(`${accountTable}\n\nINSERT INTO \`gc_school_account\` VALUES ${rows};`, 'sql/214.sql', { rules: 'secrets' });
    expect(found.filter((f) => f.rule === 'sql-secret-column')).toHaveLength(300);
    expect(JSON.stringify(found)).not.toMatch(/Pw7\d{3}x/);
  });

  it('masks the whole of a value longer than a rule reads, in the preview and in redacted text', () => {
    // A hex PKCS#8 key of 2,400 characters: the generic rule reads its first 200.
    const tail = hexOf(2200, 83);
    const text = j('  "privateKeyPkcs8" : "', hexOf(200, 81), tail, '",');
    const found = scanText(text, 'keys/rsa_test.json', { rules: 'secrets' });
    expect(found.length).toBeGreaterThan(0);
    expect(JSON.stringify(found)).not.toContain(tail.slice(0, 24));
    expect(redactSecrets(text)).not.toContain(tail.slice(0, 24));
  });

  it("reports uni-id's typed key once, by generic-secret, and its short one by weak-secret", () => {
    const found = scanText('{\n\t"passwordSecret": "shopxq-2024",\n\t"tokenSecret": "sjk",\n\t"tokenExpiresIn": 7200\n}', 'uniCloud/cloudfunctions/common/uni-config-center/uni-id/config.json', { rules: 'secrets' });
    expect(found.map((f) => `${f.line} ${f.rule}`)).toEqual(['2 generic-secret', '3 weak-secret']);
  });

  it('masks in the preview a guessable password no rule reports, beside one that is reported on its line', () => {
    const weak = j('Admin', '@123456');
    const text = j('$r = Invoke-RestMethod -Method Put -Uri "$base/users/password" -Body (@{ oldPassword = "', rnd(14, undefined, 621), '"; newPassword = "', weak, '" } | ConvertTo-Json)');
    const found = scanText(text, 'scripts/smoke.ps1', { rules: 'all' });
    expect(found.length).toBeGreaterThan(0);
    expect(JSON.stringify(found)).not.toContain(weak);
    // A leftover's preview too; a template stays readable.
    const logged = scanText(j('console.log("login", { password: "', weak, '", token: "$', '{TOKEN}" })'), 'pages/login/login.js', { rules: 'all' });
    expect(logged.map((f) => f.rule)).toContain('console-log');
    expect(JSON.stringify(logged)).not.toContain(weak);
    expect(logged.find((f) => f.rule === 'console-log')?.preview).toContain('$' + '{TOKEN}');
  });

  it('masks the rest of a quoted value a rule read only up to a quote of the other kind', () => {
    const text = j("app.register(fastifySession, { saveUninitialized: false, secret: '", fastifySecret, "', cookie: { secure: false } });");
    const found = scanText(text, 'server/index.js', { rules: 'secrets' });
    expect(found.map((f) => f.rule)).toEqual(['generic-secret']);
    const tail = fastifySecret.slice(fastifySecret.indexOf('"') + 1);
    expect(JSON.stringify(found)).not.toContain(tail.slice(0, 12));
    expect(redactSecrets(text)).not.toContain(tail.slice(0, 12));
    // A value that ends at its own quote keeps the next one's text in view.
    expect(redactSecrets(j("const a = { secret: '", rnd(24, undefined, 611), "', mode: \"strict\" };"))).toContain('mode: "strict"');
  });

  it('masks in the preview a hex secret no rule claimed, standing beside a finding on its line', () => {
    // A table row: the masked copy a rule reads as a value, and the AppSecret itself in the next cell.
    const appSecret = hexOf(32, 211);
    const found = scanText(j('| mp_secret | `', rnd(14, undefined, 212), '` | `', appSecret, '` | ✅ 一致 |'), 'docs/config.md', { rules: 'secrets' });
    expect(found.length).toBeGreaterThan(0);
    expect(JSON.stringify(found)).not.toContain(appSecret);
  });

  it('reports a value two specific rules find once, by the rule listed first', () => {
    const text = j('pay.wxpay.app.id=wx1a2b3c4d5e6f7a8b\npay.wxpay.app.secret=', hexOf(32, 21), '\npay.wxpay.mch.id=1230000109');
    expect(rulesFound(text, 'src/main/resources/application-dev.properties')).toEqual(['wechat-app-secret']);
  });

  it('never reports a public WeChat AppID', () => {
    expect(scanText('{"appid": "wx1a2b3c4d5e6f7a8b", "projectname": "shop"}', 'project.config.json')).toEqual([]);
  });
});
