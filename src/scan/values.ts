/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How many of lowercase, uppercase, digits and other characters occur. */
export function charClasses(value: string): number {
  return (
    Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/[0-9]/.test(value)) + Number(/[^A-Za-z0-9]/.test(value))
  );
}

/** One base64url part of a JSON Web Token decoded as JSON, or undefined when it is none. */
export function base64UrlJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * True when a value is a JSON Web Token whose `exp` claim (seconds since 1970) has passed: every verifier rejects it,
 * so it opens nothing. API documentation is full of such sample tokens. A token without `exp` never expires.
 */
export function isExpiredJwt(token: string, now = Date.now()): boolean {
  if (!token.startsWith('eyJ')) return false;
  const claims = base64UrlJson(token.split('.')[1] ?? '');
  if (typeof claims !== 'object' || claims === null || !('exp' in claims) || typeof claims.exp !== 'number') return false;
  // Seconds by the standard; some issuers (Tencent CloudBase's tickets) write milliseconds, which as seconds would
  // lie thousands of years ahead.
  const expiresMs = claims.exp > 1e11 ? claims.exp : claims.exp * 1000;
  return expiresMs < now;
}

/** Values published in vendor documentation as examples; they are never real credentials. */
const knownExamples = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'ASIAIOSFODNN7EXAMPLE',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  'xoxb-1234-5678-abcd',
  'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  // Vendor defaults shipped in sample configurations (Nacos' token key and its `nacos` user's bcrypt hash, XXL-JOB's
  // token, JeecgBoot's `jeecg.signatureSecret` and its Swagger/knife4j basic-auth password): published, so they protect
  // nothing and are not a leak.
  'SecretKey012345678901234567890123456789012345678901234567890123456789',
  '$2a$10$EuWPZHzz32dJN7jexM34MOeYirDdFAZm2kuWj7VEOJhhZkDrxfvUu',
  'default_token',
  'dd05f1c54d63749eda95f9fa6d49v442a',
  'jeecg1314',
  // renren-fast's stock Qiniu pair in its `sys_config` seed row (`CLOUD_STORAGE_CONFIG_KEY`), in every copy of its dumps.
  'NrgMfABZxWLo5B-YYSjoE8-AZ1EISdi1Z3ubLOeZ',
  'uIwJHevMRWU0VLxFvgy0tAcOdGqasdtVlJkdy6vV',
  // RuoYi-Vue-Plus's stock MinIO and SQL Server passwords (`script/docker/`, its `sys_oss_config` rows) and the password
  // of its encryption demo (`ruoyi-demo`'s `@EncryptField(password = …)`).
  'ruoyi123',
  'Ruoyi@123',
  '10rfylhtccpuyke5',
  // Its SnailJob access token (`snail-job.token`, the `sj_group_config` rows) and the MaxKey and Gitee demo clients of
  // its JustAuth settings.
  'SJ_cKqBTPzCsWA3VyuCfFoccmuIEGXjr5KT',
  'x1Y5MTMwNzIwMjMxNTM4NDc3Mzche8',
  '02c6fcfd70342980cd8dd2f2c06c1a350645d76c754d7a264c4e125f9ba915ac',
  // JeecgBoot's `EncryptedString` key and IV, which its login page's JavaScript holds too.
  '1234567890adbcde',
  '1234567890hjlkew',
  // The itcast/itheima "sky-take-out" course's JWT keys (`sky.jwt.admin-secret-key`, `user-secret-key`), copied by
  // every student's project.
  'itcast',
  'itcast-user',
  'itheima',
  // The demo merchant key and AppSecret of Tencent's official WeChat Pay PHP SDK (`WxPay.Config.php`), copied with it.
  '8934e7d15453e97507ef794cf7b0519d',
  '7813490da6f1265e4901ffb80afaa36f',
  // The SDK's older release: its KEY is the md5 of `123456`.
  'e10adc3949ba59abbe56e057f20f883e',
  '01c6d59a3f9024db6336662ac95c8e74',
  // The nideshop template's JWT key (`src/api/service/token.js`), in every shop forked from it.
  'SLDLKKDS323ssdd@#@@gf',
  // WeChat Cloud Run's Django template's `SECRET_KEY` (`wxcloudrun/settings.py`), in every service made from it.
  'django-insecure-_&03zc)d*3)w-(0grs-+t-0jjxktn7k%$3y6$9=x_n_ibg4js6',
  // The key Tencent's location service documentation uses in its samples, pasted into demos everywhere.
  'OB4BZ-D4W3U-B7VVO-4PJWW-6TKDJ-WPB77',
  // mall4j's `shop.tokenAesKey` (`shop.properties`), unchanged in the shops built on it.
  'q5e6w6w9f4q497te',
  // The Flask Mega-Tutorial's `SECRET_KEY` fallback, in every app that followed it.
  'you-will-never-guess',
  // The AppCode Aliyun's API market shows in every product's call sample (`Authorization:APPCODE …`).
  '83359fd73fe94948385f570e3c139105',
  // litemall's sample AppSecret (its documentation and `application-core.yml`), its database user's password, its JWT
  // key (a header's name) and its API document's sample token, unchanged in the shops forked from it.
  'e04004829d4c383b4db7769d88dfbca1',
  'litemall123456',
  'X-Litemall-Token',
  'f2dbcae8-6e25-4f8e-bc58-aa81d512c952',
  // litemall's Tencent COS pair (`litemall.storage.tencent` in `application-core.yml`), unchanged in its forks.
  'AKIDOccMr856uoU1Tsa2MQL5aqseBUWRrb5i',
  'XqtgEhIdrupTs4ygaWlkUUXv3w3FiwuD',
  // CmsWing's Changyan and QQ-login app keys in its `cmswing_ext` seed rows, in every shop built from its dump.
  'b28eb67a3a8364878ee67d33c3febdce',
  '98c05261f58f2fe30478bb168d143113',
  // hg/thinkphp-apidoc's stock salt for its document password (`config/apidoc.php`).
  'apidoc#hg_code',
  // cool-admin's JWT key (`src/modules/base/config.ts`), unchanged in the Midway apps built on it.
  'FOAPOFALOEQIPNNLQ',
  // CRMEB's Tencent map key (`template/uni-app/manifest.json`), in every shop built on it.
  'NO7BZ-APDKP-UCBD7-VT7CX-R5UZK-JBF2W',
  // The sky-take-out course's APIv3 key, the imooc WeChat-ordering course's AppSecret and merchant key (its teacher's
  // retired account), and the session key of WeChat's WXBizDataCrypt sample.
  'CZBK51236435wxpay435434323FFDuv3',
  'e1f2361fce607b7cf70aff879f559e9b',
  'C5245D70627C1F8E9964D494B0735025',
  'tiihtNczf5v6AKRyjwEUhQ==',
  // mall4j's database password in its install guide and its TinyMCE cloud key, and niefy/wx-api's JWT key.
  'Yami@2019',
  'i6mv006qcwsfu1t7ebisntg5w261vpowkwirnx9cnse3ho5o',
  'kF3`eF0|bD0!eA1#gE0!eE3_hD0@kJ0#[niefy@qq.com]',
  // FEBS's password for every user an admin adds (`User.DEFAULT_PASSWORD`, shown in its pages), in the many student
  // projects built on it.
  '1234qwer',
  // The key of WeChat Pay's signing example (`stringSignTemp=stringA+"&key=…"` in its v2 documentation).
  '192006250b4c09247ec02edce69f6a2d',
  // Samples in two SDKs' usage docblocks, copied into PHP projects with them: dodgepudding's wechat-php-sdk
  // (`'token'=>'tokenaccesskey'`) and WeChat's own message-encryption sample (`$token = "pamtest"`); the example key
  // of ThinkPHP's `extend/org/Crypt.php`; hioshop's sandbox Kdniao app key, unchanged in the shops forked from it.
  'tokenaccesskey',
  'pamtest',
  'gm9?lh=ngV.w86!Q',
  '123123-4e61236-94cb5297309a',
  // JeecgBoot's JimuReport demo data sources (`jimu_report_data_source` seed rows, one password encrypted), in its SQL
  // dumps and the request logs seeded beside them.
  '@JimuReportSMy3f94QGFM=',
  'jeecg196283',
  // The go-zero-looklook tutorial's Redis password and JWT AccessSecret (`etc/*.yaml`), and the signing key of CRMEB's
  // WeChat Pay `main()` sample, in the projects built from them.
  'G62m50oigInC30sf',
  'ae0536f9-6450-4606-8e13-5a19ed505da0',
  'cd94c0b5fe5ab2d9940bee9cae8391f0',
]);

/**
 * Starts of private keys a template publishes with itself: RuoYi's front end (`src/utils/jsencrypt.js`) encrypts
 * login passwords with one RSA-512 pair in every copy of RuoYi-Vue.
 */
const publishedKeyStarts = [
  'MIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEAqhHyZfSsYourNxaY',
  // RuoYi-Vue-Plus's encryption demo (`TestDemoEncrypt`): its SM2 and RSA pairs.
  'MIGTAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBHkwdwIBAQQgZSlOvw8FBiH+aFJW',
  'MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBANBBEeueWlXlkkj2',
];

/** True for a private key (or its first line) that a template publishes: its key pair protects nothing. */
export function isPublishedKey(value: string): boolean {
  return publishedKeyStarts.some((start) => value.startsWith(start));
}

const placeholderWords =
  /^(?:x+|\*+|\.+|-+|_+|#+|0+|1234(?:5(?:6(?:78?)?)?)?|abc(?:def)?|abc123def456|abcdef1234567890|test|testing|dummy|fake|sample|example|placeholder|changeme|change[-_]?me|changeit|secret|password|passwd|pass|pwd|token|null|none|nil|undefined|true|false|empty|redacted|hidden|todo|tbd|value|string|your|mine|foo|bar|baz|qwerty|admin|root|default)$/i;

/**
 * True when a value is a template or a stand-in that can never be the credential itself, however real the host it
 * sits next to: `${DB_PASSWORD}`, `<至少32位随机字符串>`, `{{ secret }}`, ThinkPHP's `{$kefu_token}`, `null`, `xxx`, `your-api-key`, `%s`, `AKIA…EXAMPLE`,
 * `ENC(…)` (Jasypt: the real value is elsewhere), Chinese text.
 */
export function isTemplate(value: string): boolean {
  // HTML-escaped angle brackets (`-p&lt;password&gt;` in a manual's HTML or SGML) around a placeholder.
  if (/^&(?:lt|#60);[^&]*&(?:gt|#62);$/i.test(value)) return true;
  // A value shown masked (`ab12***ef34` in a document's table, a course's `AKIDz8krbsJ5yKBZ***`) is no longer the
  // value; a key with `***` among other symbols (`abc123)[@***###`) still is.
  if (/^[A-Za-z0-9]{0,40}\*{3,}[A-Za-z0-9]{0,8}$/.test(value)) return true;
  const v = value.trim().replace(/^["'`]+|["'`]+$/g, '');
  // Empty, also as the words for nothing (`MAIL_PASSWORD=null` in Laravel's `.env.example`).
  if (v.length === 0 || /^(?:null|none|nil|undefined)$/i.test(v)) return true;
  if (knownExamples.has(v) || isPublishedKey(v)) return true;
  if (/EXAMPLE/.test(v)) return true;
  // MyBatis' parameters (`#{password,jdbcType=VARCHAR}`), Spring's expressions and JFinal's `#(x.app_secret??)` are
  // filled in when the code runs or the page renders.
  if (/^#[{(]/.test(v)) return true;
  if (/\$\{[^}]*\}?|\{\$\w|\$\(|\{\{|\}\}|^%[sdv]$|%\(|^\$[A-Za-z_]|^process\.env|^os\.environ|^env\(|^getenv|^ENC\(/i.test(v)) return true;
  if (/[<>＜＞]/.test(v) && !generatedWithSymbols(v)) return true;
  if (/^(?:your|my|some|insert|enter|put|replace|fill)[-_ ]?(?:own[-_ ]?)?[a-z]/i.test(v) && /[-_ ]|^(?:your|my|some)/i.test(v) && !chosenMyValue(v)) return true;
  if (articlePhrase.test(v)) return true;
  if (/(?:^|[-_ ])(?:your|here|placeholder|redacted|changeme|dummy|fake|sample|example)(?:$|[-_ ])/i.test(v)) return true;
  // A value that tells the reader what to put there: `change-me-in-production`, `…-must-be-at-least-256-bits-long`.
  if (/(?:^|[-_ ])(?:change[-_ ]?(?:me|this|it)|replace[-_ ]?(?:me|this|with)|must[-_ ]be|should[-_ ]be|at[-_ ]least)(?:$|[-_ ])/i.test(v)) return true;
  // The same instruction in camel case (`ChangeMeLater1`).
  if (/(?:^| )change me(?: |$)/.test(wordsOf(v).join(' '))) return true;
  // A sentinel or a build-time marker (`'__none__'`, `__API_TOKEN__`), never a value.
  if (/^__[A-Za-z]\w*__$/.test(v)) return true;
  if (/(?:x{6,}|X{6,}|\*{4,}|•{2,}|0{8,}|\.{3,}|…)/.test(v)) return true;
  // A value whose end was overwritten with one letter (`20365395b3de9b2a9351ddddddd`: a template's redacted secret).
  if (/([A-Za-z])\1{5,}$/.test(v) && v.length >= 12) return true;
  if (/^(?:x+|\*+|\.+|-+|_+|#+)$/i.test(v)) return true;
  if (/[\u4e00-\u9fff]/.test(v)) return true;
  return false;
}

/**
 * A generator's output drawn from every printable character (a 63-character session secret with `<`, `>`, `|` and `"`
 * among its letters and digits): no placeholder, whose `<…>` brackets hold words and the odd `_.:/@#!*-`
 * (`<your-key>`, `<Your_Secret_2024!@#>`, `<至少32位>`), and no markup, which has spaces.
 */
function generatedWithSymbols(value: string): boolean {
  if (value.length < 20 || /\s/.test(value) || charClasses(value) < 4 || /<[\w\u4e00-\u9fff.:/@#!*-]+>/.test(value)) return false;
  return (value.match(/[^A-Za-z0-9]/g)?.length ?? 0) >= 4;
}

/**
 * An article is a word of its own before a word (`a-secret-key`, `the_token`, `A_SECRET`): `aes_2025` and `admin_2024`
 * are values, and so is a WeCom secret that happens to open with `A_` and a run like `Ek9Tq…`.
 */
const articlePhrase = /^(?:the|a|an|The|A|An|THE|AN)[-_ ](?:[a-z]+|[A-Z]+|(?:[A-Z][a-z]+)+)(?:$|[-_ ])/;

/**
 * A camel-case `my…` phrase with a digit (`mySecretKeyForShop2024`) is a value someone picked; `my-secret`,
 * `mySecretKey` stand in for one, and `mysql://…` is no phrase.
 */
function chosenMyValue(value: string): boolean {
  return /^my[A-Z]/.test(value) && /\d/.test(value);
}

/**
 * True when a value is a placeholder or a documentation example rather than a credential: a template (`isTemplate`)
 * or a stand-in word a person types while developing (`changeme`, `123456`, `root`, `secret`).
 */
export function isPlaceholder(value: string): boolean {
  if (isTemplate(value)) return true;
  const v = value.trim().replace(/^["'`]+|["'`]+$/g, '');
  if (placeholderWords.test(v)) return true;
  // Documentation brackets around a placeholder word: `[:password]`, `{token}`.
  if (placeholderWords.test(v.replace(/^[[({]+|[\])}]+$/g, ''))) return true;
  return /^(.)\1+$/.test(v) || repeatsARun(v) || isDigitRun(v) || isSequenceRun(v) || namesItsOwnUse(v) || namesAPassword(v) || praisesItself(v);
}

/**
 * A value that describes the one to choose (`StrongPassword123!`, `Secure_Secret_2024`, `SuperSecretKey`): what a
 * guide's sample `.env` puts there. A person's own password does not call itself strong.
 */
function praisesItself(value: string): boolean {
  return /^(?:(?:strong|secure|super|random|complex|safe|very|long)[-_.]?)+(?:password|passwd|pass|pwd|secret|key|token)(?:[-_.]?(?:key|token))?[-_.]?[\d!@#$%^&*.]*$/i.test(value);
}

/**
 * A run of the alphabet or the digits typed over and over (`abcd1234abcd1234…` in an `.env.example`) to fill a field
 * to its length. A unit of other characters repeated is a chosen value, however weak.
 */
function repeatsARun(value: string): boolean {
  const unit = /^([A-Za-z0-9]{2,8})\1{2,}$/.exec(value)?.[1];
  const runs = unit?.match(/[a-z]+|[A-Z]+|\d+/g) ?? [];
  return runs.every(ascending) && runs.some((run) => run.length >= 3);
}

/** Each character the one after the character before it (`abcd`, `1234`). */
function ascending(run: string): boolean {
  for (let i = 1; i < run.length; i++) if (run.charCodeAt(i) !== run.charCodeAt(i - 1) + 1) return false;
  return true;
}

/** Alphabets a person runs through to fill a long field: hex digits, and letters in either case. */
const typedAlphabets = ['0123456789abcdef', '0123456789ABCDEF', 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/**
 * Twelve or more characters each following the one before in an alphabet, around again at its end
 * (`0123456789abcdef0123456789abcdef`, a test's APIv3 key): typed to have the right length, chosen by no one.
 */
function isSequenceRun(value: string): boolean {
  if (value.length < 12) return false;
  return typedAlphabets.some((alphabet) => {
    for (let i = 1; i < value.length; i++) {
      const at = alphabet.indexOf(value.charAt(i - 1));
      if (at === -1 || alphabet.charAt((at + 1) % alphabet.length) !== value.charAt(i)) return false;
    }
    return true;
  });
}

/**
 * Six or more digits counting up or down (`123456789`, `1234567890`, `87654321`): what a person types to fill a field,
 * like `123456`. A number without that run (`20241688`, a phone number) is a password someone chose.
 */
function isDigitRun(value: string): boolean {
  if (!/^\d{6,}$/.test(value)) return false;
  const step = (value.charCodeAt(1) - value.charCodeAt(0) + 10) % 10;
  if (step !== 1 && step !== 9) return false;
  for (let i = 2; i < value.length; i++) if ((value.charCodeAt(i) - value.charCodeAt(i - 1) + 10) % 10 !== step) return false;
  return true;
}

/** Runs of one kind of character: a word (`app`, `Secret`, `TOKEN`) or a number. */
const wordRuns = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;

/** Words that say where a stand-in is used: a value built from them and secret words is a label, not a key. */
const setupWord = /^(?:dev|develop|development|test|testing|local|localhost|demo|mock|debug|stage|staging|ci|e2e|unit|sandbox)$/;
const secretWord = /^(?:secret|secrets|key|keys|token|tokens|jwt|password|passwd|pass|pwd|api|app|access|refresh|auth|sign|signing|session|cookie|sk|default|temp|tmp|wx|wechat|weixin|\d{1,4})$/;

/**
 * True for a value that describes itself: words joined by `-`, `_`, `.` or camel case naming a setup and a kind of
 * secret, maybe with a short number (`dev-secret`, `test-secret`, `sk-test`, `test-token-123`), or only kinds of secret
 * (`app-secret-key`). A person writes these to have something there. `test123` and `Test@2024` name no secret: they are
 * weak passwords, not descriptions.
 */
function namesItsOwnUse(value: string): boolean {
  if (!/^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/.test(value)) return false;
  const words = wordsOf(value);
  const named = words.some((w) => secretWord.test(w) && !/\d/.test(w)) && words.every((w) => setupWord.test(w) || secretWord.test(w));
  return named && (words.some((w) => setupWord.test(w)) || (words.length > 1 && words.every((w) => !/\d/.test(w))));
}

/**
 * True for words ending in the word for a password (`password`, `new_password`, `secure_password`, `app_pass`): the
 * field's name written where its value goes. Without a digit or a symbol no one chose it as a password.
 */
export function namesAPassword(value: string): boolean {
  return /^(?:[A-Za-z]+[-_])*(?:pass|password|passwd|pwd)$/i.test(value);
}

/** Words that link a description's words (`dev_jwt_key_for_local_2024`). */
const linkWord = /^(?:for|only|of|in|on|and|to|use)$/;

/**
 * True for a typed value that says which setup it stands in for: setup and secret words with linking words and a
 * number (`dev-secret-key-12345678`, `test-secret-key-for-ci`), or a password built on a setup word and another word
 * (`Redis@Local123!`). It is what a developer's machine, a CI job or a compose file's fallback gets: masked, not
 * reported. A generated value is never one, wherever it sits (a real key pasted into `.env.development` is a leak), nor
 * a setup word alone with digits (`Test@2024`, `test123`: weak passwords).
 */
export function namesItsSetup(value: string): boolean {
  if (looksGenerated(value) || /[^\x21-\x7e]/.test(value)) return false;
  const words = wordsOf(value).filter((w) => !linkWord.test(w));
  if (words.some((w) => /^\d{9,}$/.test(w)) || !words.some((w) => setupWord.test(w))) return false;
  return words.filter((w) => !/\d/.test(w) && w.length > 1).length >= 2;
}

/** The words of an identifier or a value, lower-case: `oaAppSecret` → oa, app, secret; `test-token-123` → test, token, 123. */
function wordsOf(text: string): string[] {
  return (text.match(wordRuns) ?? []).map((w) => w.toLowerCase());
}

/**
 * Public-key material written where a value goes (`pwdPublicKey=MFww…`, `ssh-rsa AAAA…`): shared on purpose, never a
 * secret. Base64 SubjectPublicKeyInfo starts with a fixed DER header per key type and size.
 */
export function isPublicKey(value: string): boolean {
  return /^(?:MFwwDQYJ|MIGfMA0G|MIIBIjAN|MIICIjAN|MIIBojAN|MFkwEwYH|MHYwEAYH|MIGbMBAG|MCowBQYD|ssh-(?:rsa|ed25519|dss) |ecdsa-sha2-)/.test(value);
}

/** A password digest written where a value goes: bcrypt, sha-crypt, argon2, scrypt, PBKDF2, `{SSHA}` forms. */
export function isPasswordDigest(value: string): boolean {
  return /^\$(?:2[abxy]?|5|6|argon2(?:id|i|d)|scrypt|pbkdf2[\w-]*)\$/.test(value) || /^\{(?:S?SHA\d*|S?MD5|bcrypt|noop|pbkdf2)\}/i.test(value);
}

/**
 * An md5, sha1 or sha256 written in base64 (`4QrcOUm6Wau+VuBX8g+IPg==`: 16 bytes): under a password name it is the
 * password's digest, as a hex one is.
 */
export function isBase64Digest(value: string): boolean {
  return /^(?:[A-Za-z0-9+/]{22}==|[A-Za-z0-9+/]{27}=|[A-Za-z0-9+/]{43}=)$/.test(value);
}

/**
 * A MongoDB ObjectId: 24 hex digits opening with the second it was made (2009 to 2036), a record's id in a data dump
 * (`"key": "5c9a…"`), never a key.
 */
export function isObjectId(value: string): boolean {
  if (!/^[0-9a-f]{24}$/.test(value)) return false;
  const seconds = Number.parseInt(value.slice(0, 8), 16);
  return seconds >= 1_230_768_000 && seconds <= 2_100_000_000;
}

/**
 * A WeChat openid or unionid (`o` and 27 base64url characters): it names a user, and code stores it under any name
 * (a session's `user_pass: openid`), never as a secret.
 */
export function isWechatUserId(value: string): boolean {
  return /^o[A-Za-z0-9_-]{27}$/.test(value);
}

/** An md5, sha1 or sha256 written in hex: under a password name it is the password's digest, not the password. */
export function isHexDigest(value: string): boolean {
  return /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{64})$/.test(value);
}

/** Where a host named in a connection string or configuration points. */
export type HostKind = 'public' | 'private' | 'local' | 'example';

/**
 * Classifies a host: `public` (a public IPv4 address or a registered-looking domain), `private` (RFC 1918 addresses,
 * `.internal`/`.local` names, single-label names such as a compose service `mysql`), `local` (loopback), or
 * `example` (documentation hosts and template words).
 */
export function hostKind(host: string): HostKind {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h === '::1' || h === '0.0.0.0' || /^127\./.test(h) || h.endsWith('.localhost') || h === 'host.docker.internal') return 'local';
  const ip = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (ip !== null) {
    const [a, b] = [Number(ip[1]), Number(ip[2])];
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'private';
    if (a === 0 || a >= 224 || (a === 192 && b === 0) || (a === 198 && (b === 51 || b === 18 || b === 19)) || (a === 203 && b === 0)) return 'example';
    return 'public';
  }
  if (/(?:^|\.)(?:example(?:\.(?:com|org|net|cn))?|test|invalid|your[\w-]*|xxx+)$/.test(h) || /^(?:host|hostname|server|ip|domain|(?:your|some)[\w-]*|my[-_]?(?:host|server|domain|site|db|database|app)?|x+)(?:\.|$)/.test(h) || /x{3,}|\*/.test(h)) return 'example';
  if (!h.includes('.') || /\.(?:internal|local|lan|intranet|corp|svc|cluster\.local|consul)$/.test(h)) return 'private';
  return /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/.test(h) ? 'public' : 'example';
}

/**
 * True when a value is code rather than a literal: a concatenation (`+ token`), a negation (`!this.visible`), a
 * property read (`app.globalData.access_token`), a call, or the very name it is assigned to (`face_token: face_token`).
 * `quoted` says whether the value stood inside quotes; `code` whether the file is source code, where an unquoted
 * identifier is a variable, and so is one glued to an operator as minified code writes it: the head of
 * `e.password||this.options.password`, `e.tokens.length-1`, `this.privateKey=this.key=r`, `j?N:void 0`. A value known
 * to be `inUse` as the key (an environment lookup's literal default, a JWT key the module signs with) is no key's name.
 */
export function isCodeValue(value: string, name: string, quoted: boolean, code: boolean, inUse = false): boolean {
  // Quoted, a leading `!` is a character of the literal (`'!$Kq8…'`, a password) unless a word follows (CSS's
  // `'!important'`); bare, it negates.
  // Quoted and long, `*`, `+`, `=` or `&` open a generated literal too (Django's `SECRET_KEY = '*x2k+…'`: digits and
  // more symbols follow), not a concatenation (`"+e.globalData.access_token`, `"+compAccessToken`).
  const literalHead = quoted && value.length >= 16 && /^[*+=&]/.test(value) && /\d/.test(value) && /[^\w]/.test(value.slice(1)) && !/\.[A-Za-z_$]/.test(value);
  if ((/^[+?.|&=*/\\]/.test(value) && !literalHead) || (value.startsWith('!') && (!quoted || /^![A-Za-z]+$/.test(value))) || /^["'`]/.test(value)) return true;
  // A property path is code, unless it holds a digit and is a literal: quoted, or a configuration's bare value
  // (`password: Shop2023.Prod` in YAML) that has no camel-case member (`asn1.privateKeyValidator`).
  if (/^[A-Za-z_$][\w$]*(?:(?:\.|\?\.|::|->)[A-Za-z_$][\w$]*)+(?:\(\)?)?$/.test(value) || /^[A-Za-z_$][\w$]*\($/.test(value)) {
    return !/\d/.test(value) || (!quoted && (code || /[a-z][A-Z]/.test(value)));
  }
  // A PHP class reference (`App\Http\Middleware\VerifyCsrfToken::class`).
  if (value.endsWith('::class')) return true;
  const bare = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (bare(value) !== '' && bare(value) === bare(name)) return true;
  if (!inUse && namesAKey(value, name)) return true;
  return !quoted && code && /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*(?:[-+*/%|&?:=!<>^~]|$)/.test(value);
}

/**
 * True when a value is the name of a configuration key or form field ending like the key it is assigned to:
 * `POST_CLIENT_SECRET = "client_secret"`, `appSecret: 'wx_app_secret'` (the key a secret is stored under), not
 * the secret. The words of one end the words of the other; a value with digits or other symbols is never a name.
 */
function namesAKey(value: string, name: string): boolean {
  if (!/^[A-Za-z]+(?:[-_.][A-Za-z]+)*$/.test(value)) return false;
  const [a, b] = [wordsOf(value), wordsOf(name)];
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length > 0 && shorter.every((w, i) => w === longer[longer.length - shorter.length + i]);
}

/** A Spring Boot or Cloud profile's configuration: `application-test.yml`, `bootstrap-dev.properties`. */
const springProfile = /^(?:application|bootstrap)-[\w-]+\.(?:ya?ml|properties)$/i;

/** Source files, where an unquoted word after `=` or `:` is a variable, not a value. */
export function isCodeFile(file: string): boolean {
  return /\.(?:[cm]?[jt]sx?|vue|svelte|wxs|wxml|java|kt|kts|go|py|php|rb|cs|swift|dart|scala|groovy|rs|c|cc|cpp|h)$/i.test(file);
}

/** A document: its configuration snippets (`MINIO_SECRET_KEY=…` in a deployment guide) hold the same passwords as the files they describe. */
export function isMarkdown(file: string): boolean {
  return /\.(?:md|markdown)$/i.test(file);
}

/** Stylesheets: `.icon-password:before` is a selector, never an assignment. */
export function isStyleFile(file: string): boolean {
  return /\.(?:css|scss|sass|less|styl|wxss|acss|ttss)$/i.test(file);
}

/** Tests and their fixtures (`src/test/`, `tests/`, `mock/`, `*.spec.ts`, `test_pay.py`, a test profile `application-test.yml`). */
export function isTestFile(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  // `test_web/`, `tests-e2e/`: a test folder with a suffix (an SDK's browser tests).
  // Not a framework's configuration for its testing environment (CodeIgniter's `application/config/testing/`): the
  // settings of a deployed stage, beside `development/` and `production/`.
  if (/(?:^|\/)(?:tests?(?:[_-][a-z0-9]+)?|(?<!config\/)testing|__tests__|__mocks__|mocks?|e2e)\//i.test(file)) return true;
  // A Spring profile for the test environment (`application-test.yml`) configures servers someone runs, not a test.
  // Also a camel-case test's name (`authRoleTest.js`, `UserServiceTests.java`).
  return !springProfile.test(name) && (/(?:^|[._-])(?:tests?|spec|mocks?)(?:[._-]|$)/i.test(name) || /[a-z](?:Test|Tests|Spec)\.[a-z]+$/.test(name));
}

/**
 * A CI pipeline (`.github/workflows/*.yml`, `.gitlab-ci.yml`): its real secrets come from the CI's store
 * (`${{ secrets.X }}`), so a literal in its `env:` is the test database's or the test run's.
 */
export function isCiFile(file: string): boolean {
  return /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$|(?:^|\/)\.gitlab-ci\.ya?ml$/i.test(file);
}

/**
 * A developer's own environment file (`.env.development`, `.env.dev`). `.env.local` is not one: it is where frameworks
 * (Vite, Next.js) keep the real keys a developer must not commit.
 */
export function isDevEnvFile(file: string): boolean {
  return /(?:^|\/)\.env\.(?:dev|development)$/i.test(file);
}

/**
 * Someone else's example shipped inside a project: a vendor SDK's sample package (`io/agora/sample/…`), a vendored
 * library's README under `public/…/plugins/`. Its tokens and passwords show how the library is called.
 */
export function isVendorExample(file: string): boolean {
  return /(?:^|\/)samples?\//i.test(file) || /(?:^|\/)(?:public|static)\/(?:[^/]+\/)*plugins\/[^/]+\/(?:[^/]+\/)*[^/]+\.(?:md|markdown)$/i.test(file);
}

/** Templates people copy and fill in: `.env.example`, `config.sample.json`, `application.yml.template`. */
export function isTemplateFile(file: string): boolean {
  return /(?:^|[._-])(?:examples?|samples?|templates?)(?:[._-][^/]*)?$/i.test(file.slice(file.lastIndexOf('/') + 1));
}

/** A word and the digits anyone tries after it (`miniapp123456`, `QaTemp123`, `shop2024`, `Admin@888`). */
export function isGuessable(value: string): boolean {
  return /^[A-Za-z]+[_@.#!-]?(?:123(?:4(?:5(?:6(?:7(?:8(?:9)?)?)?)?)?)?|(\d)\1{2,}|(?:19|20)\d\d)[!.@#]?$/.test(value);
}

/**
 * True for a value a machine made rather than a person typed: hex with letters and digits mixed (`9f3c0a7e1d`, which
 * no one types), or characters that change kind every two or so (`kR8m2Pq9`), where a typed value runs in words and
 * numbers (`miniapp123456`, `QaTemp123`, `test-token-123`).
 */
export function looksGenerated(value: string): boolean {
  if (isMachineHex(value)) return true;
  const runs = value.match(wordRuns) ?? [];
  return runs.length > 0 && runs.join('').length / runs.length <= 2.5;
}

/** Ten or more hex digits with at least three letters and three digits: a random id or key, never a word or a number. */
export function isMachineHex(value: string): boolean {
  return /^(?:[0-9a-f]{10,}|[0-9A-F]{10,})$/.test(value) && (value.match(/\d/g)?.length ?? 0) >= 3 && (value.match(/[a-f]/gi)?.length ?? 0) >= 3;
}

/** Configuration files, where an unquoted value is a literal: also a Dockerfile's `ENV` and a systemd unit's `Environment=`. */
export function isConfigFile(file: string): boolean {
  return /(?:^|\/)\.env(?:\.[\w.-]+)?$|\.(?:ya?ml|properties|conf|cnf|ini|toml|env|cfg|sql|xml|json|sh|service)$|(?:^|\/)Dockerfile(?:\.[\w.-]+)?$/i.test(file);
}

/**
 * Passwords from every leaked-password top list and framework default (`admin123`, `Aa123456`, `root@123`,
 * `P@ssw0rd`): weak wherever they are, never a generated secret.
 */
export function isCommonPassword(value: string): boolean {
  return /^(?:admin|root|test|user|guest|demo|pass|password|passw0rd|p@ssw0rd|qwerty|abc|aa|a|shop|mysql|redis|nacos|welcome|hello|iloveyou|111111|123123|666666|888888)[_@.#!-]?(?:\d{1,8}|abc|!)?$/i.test(value);
}

/** True for values a person would not type as a password: repeated characters, runs, dictionary placeholders. */
export function looksRandom(value: string, minEntropy: number): boolean {
  if (isPlaceholder(value)) return false;
  if (entropy(value) < minEntropy) return false;
  return !hasTypingRun(value);
}

/**
 * Alphabet, digit and keyboard runs, in any case (`AbCdEfGhIj…` in a README, `ABCDEF/20121226/…`, the `123456789…`
 * a WebIM SDK's comment shows as its AES key), also with digits between
 * the letters (`abc123def456ghi789`, `q1w2e3r4t5y6`): typed, never generated. Interleaved, the letters must run past
 * `f`, as hex digits never do.
 */
export function hasTypingRun(value: string): boolean {
  return /(?:0123456789|123456789|abcdef|qwertyuiop)/i.test(value) || /abcdefgh|qwertyui/i.test(value.replace(/[^A-Za-z]/g, ''));
}

/** A password someone typed into a document: not a placeholder, not a phone number, mixed characters. */
export function looksLikePassword(value: string): boolean {
  if (value.length < 6 || value.length > 64) return false;
  if (isPlaceholder(value)) return false;
  if (/^\d+$/.test(value) || /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(value) || /^v?\d+(?:\.\d+)+$/.test(value)) return false;
  if (/^https?:|^\/|^\.\.?\//.test(value)) return false;
  // Code in a bundle next to a 密码 label (`,password:c.password`) is not something a person typed.
  if (/^[^A-Za-z0-9!@#$%^&*_~]/.test(value) || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
  if (charClasses(value) < 2 || !/[0-9\W_]/.test(value)) return false;
  return entropy(value) >= 2.5;
}

/**
 * A format-string slot (`{}`, `{0}`, `{userId}`, `%s`, `%(name)s`): `log.info("用户修改密码：userId={}", id)` is a
 * message template, never the value it will print. A `%s` glued to more letters (`…%svbk#…` in a generated Django key)
 * is no slot.
 */
export function hasFormatSlot(value: string): boolean {
  return /\{[\w.]*\}|%[sdv@](?![A-Za-z0-9])|%\(\w+\)[sd]/.test(value);
}

/**
 * A name a program gives something, where a rule expected a value: camel-case words (`freeShippingAmount`, a settings
 * key passed to a lookup), or three or more words joined by `_`, `-` or `.` (`campus.auth.accessToken.v1`, a storage
 * slot under `ACCESS_TOKEN_KEY`). Copies of a name are everywhere the code uses it.
 */
export function isProgramName(value: string): boolean {
  // A call written where its result goes (`const token = 'getToken()'`).
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\(\)$/.test(value)) return true;
  // Words of two letters or more after each capital: generated letters alternate cases more often than that.
  if (/^[a-z]{2,}(?:[A-Z][a-z]{2,})+\d{0,2}$/.test(value) || /^[A-Za-z]+(?:[_.-][A-Za-z]+\d{0,2}){2,}$/.test(value)) return true;
  // A secret's own field name (`wx_mch_key: 'apiV3Key'`, a settings map from one name to another).
  const words = wordsOf(value).map((w) => w.toLowerCase());
  return words.length > 1 && words.every((w) => secretFieldWord.test(w)) && words.some((w) => /^(?:key|secret|token|password|pwd)$/.test(w));
}

/**
 * A path that names something rather than holding a secret: a Go module, a package or a route (`github.com/x/jwt/v5`,
 * `pages/reset-password/index`): words and versions between slashes, no symbol a password would hold.
 */
export function isPathName(value: string): boolean {
  return /^[A-Za-z][\w.-]*(?:\/[A-Za-z][\w.-]*|\/v\d+)+\/?$/.test(value) && !/\d{3,}/.test(value);
}

/** Words secrets' field names are made of (`apiV3Key`, `mchSecretKey`, `appSecret`). */
const secretFieldWord = /^(?:api|app|mch|pay|partner|merchant|access|secret|private|public|client|sign|signing|jwt|aes|encoding|key|keys|token|password|pwd|v|[23]|id|wx|wechat)$/;

/** Keeps `value` only when it is neither a placeholder nor low-entropy. */
export function randomValue(minEntropy: number, minClasses = 1): (value: string) => boolean {
  return (value) => looksRandom(value, minEntropy) && charClasses(value) >= minClasses;
}

/** One rule of a form validator: a word with an optional argument (`require`, `length:6,20`, `isNotEmpty`). */
const validatorStep = String.raw`[A-Za-z_]+(?::[^|\s]*)?`;
const validatorChain = new RegExp(String.raw`^${validatorStep}(?:\|${validatorStep})+$`);
/** Words only validators write: ThinkPHP's `require`, Laravel's `required`/`confirmed`, a custom `isNotEmpty`. */
const validatorWord = /(?:^|\|)(?:require|required(?:_\w+)?|nullable|sometimes|confirm|confirmed|length|min|max|between|size|regex|alphaNum|alpha_num|alphaDash|alpha_dash|is[A-Z][A-Za-z]*)(?=[:|]|$)/;

/** Rule words that are never a value on their own. */
const validatorOnlyWord = /^(?:require|required|nullable|confirmed|alphaNum|alpha_num|alphaDash|alpha_dash)$/;

/**
 * A validator's rules for a field (`'pwd' => 'require|length:6,20'` in ThinkPHP, `'password' => 'required|min:6|confirmed'`
 * in Laravel): `|`-joined checks that say what a password must look like, not one.
 */
export function isValidatorRule(value: string): boolean {
  // A single pattern rule is one too (ThinkPHP's `'password' => 'regex:\S{6,32}'`), and so is a single rule word
  // (`'token' => 'alphaNum'` in a ThinkPHP validator).
  return (validatorChain.test(value) && validatorWord.test(value)) || /^regex:/.test(value) || validatorOnlyWord.test(value);
}
