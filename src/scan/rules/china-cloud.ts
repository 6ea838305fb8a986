import { bi } from '../../core/text.js';
import { regexFind, type LineView, type Rule } from '../rule.js';
import { charClasses, entropy, isCodeFile, isPlaceholder, isTemplate, isTestFile, isValidatorRule, randomValue } from '../values.js';
import { assignedName, callAround, labelAbove, near, tokenInResponseSample } from './names.js';

/** The text around a match (bounded on long lines, so a far-away word in a SQL dump is not context), for context tests. */
function around(line: LineView, radius: number, m: RegExpExecArray): string {
  return near(line, m.index, radius);
}

/** The part of the line before the value: where its name is written. */
function nameBefore(line: LineView, m: RegExpExecArray): string {
  return line.text.slice(Math.max(0, m.index - 80), m.index);
}

/** The end of a call's arguments when the last one before a value is the key id `keyId` (a quoted literal). */
function afterKeyIdArgument(keyId: string): RegExp {
  return new RegExp(String.raw`["'\x60]${keyId}["'\x60]\s{0,80},\s{0,80}["'\x60]$`);
}

/**
 * True when the value at `m` is the call argument right after an access-key id literal: SDKs take the pair as two
 * positional arguments, id first (`new OSSClient(endpoint, "LTAI…", "…")`, `new Credential("AKID…", "…")`), maybe
 * spread over the lines of the call.
 */
function followsKeyIdInCall(line: LineView, m: RegExpExecArray, afterKeyId: RegExp): boolean {
  const call = callAround(line, m.index);
  return call !== undefined && afterKeyId.test(call.argsBefore);
}

const aliyunKeyId = '(?<![A-Za-z0-9])LTAI[0-9A-Za-z]{12}(?:[0-9A-Za-z]{8})?';
const afterAliyunKeyId = afterKeyIdArgument(aliyunKeyId);

export const aliyunAccessKeyId: Rule = {
  id: 'aliyun-access-key-id',
  description: bi('Aliyun (Alibaba Cloud) AccessKey ID', '阿里云 AccessKey ID'),
  // An id alone opens nothing: its secret makes the credential (reported as critical on its own).
  severity: 'high',
  category: 'secret',
  keywords: ['ltai'],
  find: regexFind(new RegExp(`${aliyunKeyId}(?![A-Za-z0-9])`), {
    validate: (v) => randomValue(2.8)(v.slice(4)) && /[0-9]/.test(v.slice(4)) && /[A-Za-z]/.test(v.slice(4)),
    // OSS's PostObject form hands the id to every browser beside a policy the server signed, and a signed URL carries it
    // beside its signature for one object: public by design.
    rate: (_v, line, m) => {
      // `&amp;` when the URL sits in HTML (an article's `<img src>` in a dump).
      if (/(?:[?&]|&amp;)OSSAccessKeyId=$/i.test(line.text.slice(Math.max(0, m.index - 20), m.index))) return 'unreported';
      return /^OSSAccessKeyId$/i.test(assignedName(line.text, m.index) ?? '') && /\bpolicy\b/i.test(around(line, 4, m)) ? 'unreported' : undefined;
    },
  }),
};

const aliyunContext = /ali(?:yun|baba|cloud)|aliyuncs|阿里云|\boss\b|oss[_.-]|[_.-]oss|new OSS\b|LTAI[0-9A-Za-z]{12}/i;

export const aliyunAccessKeySecret: Rule = {
  id: 'aliyun-access-key-secret',
  description: bi('Aliyun (Alibaba Cloud) AccessKey Secret', '阿里云 AccessKey Secret'),
  severity: 'critical',
  category: 'secret',
  keywords: ['secret', 'ltai', 'aliyun', 'alibaba'],
  reach: 3,
  find: regexFind(/(?<![A-Za-z0-9/+_-])[A-Za-z0-9]{30}(?![A-Za-z0-9/+=_-])/, {
    validate: (v, line, m) => {
      if (!randomValue(3.5, 2)(v)) return false;
      const name = nameBefore(line, m);
      if (/access[_.-]?key[_.-]?secret|key[_.-]?secret/i.test(name)) return true;
      if (/secret|\bsk\b/i.test(name) && aliyunContext.test(around(line, 3, m))) return true;
      // Thirty characters under the id's name: the pair written the wrong way round (an id has 16 or 24, `LTAI…`).
      if (/access[_.-]?key[_.-]?id/i.test(name) && !v.startsWith('LTAI') && aliyunContext.test(around(line, 3, m))) return true;
      return followsKeyIdInCall(line, m, afterAliyunKeyId);
    },
  }),
};

/** `AKID` and 32 characters; Tencent Cloud Marketplace's SecretIds (`云市场分配的密钥Id`) have 36. */
const tencentKeyId = '(?<![A-Za-z0-9])AKID[A-Za-z0-9]{32}(?:[A-Za-z0-9]{4})?';
const afterTencentKeyId = afterKeyIdArgument(tencentKeyId);

export const tencentSecretId: Rule = {
  id: 'tencent-cloud-secret-id',
  description: bi('Tencent Cloud SecretId', '腾讯云 SecretId'),
  severity: 'high',
  category: 'secret',
  keywords: ['akid'],
  // A vendor's published id (litemall's COS pair) is known whole; the part after `AKID` is what is random.
  find: regexFind(new RegExp(`${tencentKeyId}(?![A-Za-z0-9])`), { validate: (v) => !isTemplate(v) && randomValue(3.0)(v.slice(4)) }),
};

const tencentContext = /tencent|qcloud|腾讯云|云市场|AKID[A-Za-z0-9]{32}|secret[_.-]?id|\bcos\b|cos[_.-]|[_.-]cos\b|\btcb\b|cloudbase|myqcloud/i;

export const tencentSecretKey: Rule = {
  id: 'tencent-cloud-secret-key',
  description: bi('Tencent Cloud SecretKey', '腾讯云 SecretKey'),
  severity: 'critical',
  category: 'secret',
  keywords: ['secret', 'akid', 'tencent', 'qcloud'],
  reach: 4,
  find: regexFind(/(?<![A-Za-z0-9/+_-])[A-Za-z0-9]{32}(?![A-Za-z0-9/+=_-])/, {
    validate: (v, line, m) =>
      randomValue(3.5, 2)(v) &&
      ((/secret[_.-]?key|\bsk\b/i.test(nameBefore(line, m)) && tencentContext.test(around(line, 4, m))) || followsKeyIdInCall(line, m, afterTencentKeyId)),
  }),
};

const wechatContext = /\bwx[0-9a-f]{16}\b|wechat|weixin|微信|小程序|公众号|mini[_-]?program|miniapp|app[_.-]?id/i;

/** Names of secrets that sign or encrypt something of the app's own: generic-secret's, not WeChat's. */
const otherSecretUse = /jwt|session|cookie|token|encrypt|aes|sign|hmac|crypt|sms/i;

/** A comment opening before a value: `//`, `#`, `/*`, `<!--`. */
const commentStart = String.raw`(?:\/\/|#|\/\*|<!--)`;
/** The secret word a comment writes right before a value: `// secret 3f9c…`, `# AppSecret 3f9c…`. */
const commentNamePattern = new RegExp(String.raw`${commentStart}[^\n]*?([\w.-]*secret)\s{0,4}[:：=]?\s{0,4}$`, 'i');
/** A WeChat AppID, then a comment holding nothing but the value: `appid: 'wx…', // 3f9c…`. */
const appIdThenComment = new RegExp(String.raw`\bwx[0-9a-f]{16}\b[^\n]*${commentStart}\s{0,4}$`);

/**
 * The name a value is given: assigned (`appSecret: …`), written before it in a comment (`// secret …`), or, for a
 * value alone on its line in a document, the label on the line above (`- AppSecret:`).
 */
function secretNameOf(line: LineView, index: number, value: string): string | undefined {
  const text = line.text;
  const named = assignedName(text, index) ?? commentNamePattern.exec(text.slice(Math.max(0, index - 120), index))?.[1];
  if (named !== undefined) return named;
  const below = labelAbove(line);
  return below?.value === value ? below.label : undefined;
}

/**
 * True when the literal at `m` is what a settings getter returns, the getter named by `getter` on the line or up to
 * three above: the official WeChat Pay PHP SDK's `WxPay.Config.php` answers `GetKey()` and `GetAppSecret()` with
 * `return '…';`, and merchants write theirs there.
 */
function returnedByGetter(getter: RegExp, line: LineView, m: RegExpExecArray): boolean {
  const before = line.text.slice(0, m.index);
  return /\breturn\s+["']$/.test(before) && [before, ...line.before(3)].some((text) => getter.test(text));
}

/**
 * True when the value opens a string literal on its line and the line above ends a query string's `name=` and the
 * concatenation: `"…&secret=" +` then `"3f9c…&js_code="`.
 */
function continuesParameter(line: LineView, m: RegExpExecArray, name: string): boolean {
  if (!/^\s*\+?\s*["'\x60]$/.test(line.text.slice(0, m.index))) return false;
  const above = line.before(1)[0] ?? '';
  return new RegExp(String.raw`[?&]${name}=["'\x60]\s*\+?\s*$`, 'i').test(above);
}

/** A WeChat AppID as a call's argument, then the next argument's opening quote. */
const appIdArgumentBefore = /(?<![A-Za-z0-9])wx[0-9a-f]{16}["'\x60]\s{0,4},\s{0,4}["'\x60]$/;

/** A WeChat AppID literal: `wx` and 16 hex digits. */
const appIdLiteral = /(?<![A-Za-z0-9])wx[0-9a-f]{16}(?![A-Za-z0-9])/;

/**
 * An app's "key" written beside its WeChat AppID (`WEAPP_ID: 'wx…'`, `WEAPP_KEY: '3f9c…'`, `wxAppKey`): teams name the
 * AppSecret so. 32 hex digits next to the AppID are the secret that pairs with it; a map's or a cipher's key is named so.
 */
function appKeyBesideAppId(name: string, line: LineView, m: RegExpExecArray): boolean {
  const lastWords = /(?:^|[_.-]|(?<=[a-z]))(?:we|wx|mini|mp|weixin|wechat)?[_.-]?app[_.-]?key$|^wx[_.-]?key$/i;
  return lastWords.test(name) && !/map|amap|baidu|tencent|qq|aes|encrypt|sign|pay|mch/i.test(name) && appIdLiteral.test(around(line, 3, m));
}

export const wechatAppSecret: Rule = {
  id: 'wechat-app-secret',
  description: bi('WeChat AppSecret (mini-program or official account)', '微信 AppSecret（小程序或公众号）'),
  severity: 'critical',
  category: 'secret',
  // `appid`: the secret noted in a comment after its AppID (`appid: 'wx…', // 3f9c…`) names itself nowhere.
  // `("wx`: the pair given to a call (`getAccessToken("wx…", "3f9c…")`).
  keywords: ['secret', 'appid', 'app_id', '("wx', "('wx"],
  // A document may write the secret below its label (`- AppSecret:`), maybe inside a code fence; an app's key may sit
  // above or below its AppID.
  reach: 2,
  find: regexFind(/(?<![A-Za-z0-9])[0-9a-f]{32}(?![A-Za-z0-9])/, {
    validate: (v, line, m) => {
      if (entropy(v) < 3.0 || /0{5}|123456|abcdef/.test(v) || isPlaceholder(v)) return false;
      // Developers note the pair together: a bare 32-hex in a comment right after an AppID is its secret.
      if (appIdThenComment.test(line.text.slice(Math.max(0, m.index - 120), m.index))) return true;
      // Or given to a call right after its AppID: `getAccessToken("wx…", "3f9c…")`.
      if (appIdArgumentBefore.test(line.text.slice(Math.max(0, m.index - 40), m.index))) return true;
      if (returnedByGetter(/function\s+GetAppSecret\s*\(/, line, m)) return true;
      // `jscode2session?appid=…&secret=" +` at the end of the line above: the query string goes on with the value.
      if (continuesParameter(line, m, 'secret')) return wechatContext.test(around(line, 3, m));
      // Otherwise the value must be named a secret: a hex digest in a row of SQL values is not an AppSecret because a
      // `secret` column is named further left.
      // `appScrect`, `secrect`: a misspelt name is still the secret's.
      const name = secretNameOf(line, m.index, v)?.replace(/s(?:crect|ecrect|ercret|ercet|ecert|ceret)/i, 'secret');
      if (name !== undefined && appKeyBesideAppId(name, line, m)) return true;
      if (name === undefined || !/secret/i.test(name)) return false;
      if (/app[_.-]?secret|wx[_.-]?(?:app[_.-]?)?secret|wechat|weixin|mp[_.-]?secret|mini\w*[_.-]?secret|wxa/i.test(name)) return true;
      // A secret named for another use (`JWT_SECRET`, `SESSION_SECRET`) is not the AppSecret beside it in a compose file.
      return !otherSecretUse.test(name) && wechatContext.test(around(line, 5, m));
    },
  }),
};

/** A WeCom (企业微信) setting nearby: its corp id (`ww` + 16 hex), its API host, its name. */
const wecomContext = /corp[_.-]?id|\bww[0-9a-f]{16}\b|wecom|we[_.-]?work|wxwork|work[_.-]?weixin|qyapi\.weixin|企业微信/i;

export const wecomSecret: Rule = {
  id: 'wecom-secret',
  description: bi('WeCom (企业微信) application or corp secret', '企业微信应用 Secret（corpsecret）'),
  // With the corp id beside it, it fetches the corp's access_token: its contacts, messages and customers.
  severity: 'critical',
  category: 'secret',
  keywords: ['secret'],
  reach: 6,
  // 43 characters of base64url: `_` and `-` occur inside, so only a longer run of them around it rules a match out.
  find: regexFind(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_=-])/, {
    validate: (v, line, m) => {
      if (!randomValue(3.5, 2)(v) || isPlaceholder(v)) return false;
      const name = secretNameOf(line, m.index, v);
      return name !== undefined && /secret/i.test(name) && wecomContext.test(around(line, 6, m));
    },
  }),
};

/**
 * The Token of WeChat's message push (公众号 or 小程序 "服务器配置"): 3–32 letters and digits (teams write `_` too)
 * the team chose, with which the server checks that a pushed message came from WeChat (`sha1(sort(token, timestamp,
 * nonce))`). Whoever knows it can send the server messages in WeChat's name. Named `token` (or `wx.token`,
 * `wxMessageToken`), and told apart from a user's session token by its company: the signature check, the
 * EncodingAESKey, or the app's id and secret nearby.
 */
const messageTokenName = /(?<![\w-])((?:(?:wx|wechat|weixin|mp|gzh)[_.-]?)?(?:(?:message|msg|server|push|component)[_.-]?)?token)(["']?\s{0,24}(?:=>|[:=])\s{0,24})(["']?)([A-Za-z0-9][\w-]{2,31})(["']?)(?=\s*(?:[,;)}\]#]|\/\/|$))/i;
const messagePushContext = /encoding[_.-]?aes[_.-]?key|aes[_.-]?key|echostr|check[_-]?signature|\bsignature\b|\bnonce\b|\bwx[0-9a-f]{16}\b|app[_.-]?secret|消息推送|服务器配置|公众号/i;

export const wechatMessageToken: Rule = {
  id: 'wechat-message-token',
  description: bi('WeChat message-push Token (server configuration), which lets anyone send messages in WeChat\'s name', '微信消息推送 Token（服务器配置），知道它即可冒充微信向服务器推送消息'),
  severity: 'medium',
  category: 'secret',
  keywords: ['token'],
  find: regexFind(messageTokenName, {
    group: 4,
    validate: (v, line, m) => {
      const [open, close] = [m[3] ?? '', m[5] ?? ''];
      // In code an unquoted word is a variable; in configuration (`wx.token=…`) it is the value.
      if (open !== close || (open === '' && isCodeFile(line.file)) || isTestFile(line.file)) return false;
      // `weixin` is the token of WeChat's own sample code, and what tutorials copy.
      // Nor words joined like a name (`shop_msg_token`), which says what the value is for, not what it is.
      if (isPlaceholder(v) || /^[A-Za-z]+(?:[_-][A-Za-z]+){2,}$/.test(v) || /^(?:token|my_?token|wx_?token|weixin|wechat|true|false|null|none|undefined|bearer)$/i.test(v)) return false;
      // A validator's rule for a `token` field (`'token' => 'alphaNum'`), and a session token in a documented response.
      if (isValidatorRule(v) || tokenInResponseSample(line, m[1] ?? '')) return false;
      return messagePushContext.test(around(line, 6, m));
    },
  }),
};

/** Names of a WeChat Pay merchant key: `mchKey`, `mch_key`, `partner-key`, `apiV3Key`, `api-v3-key`, `wx.pay.key`. */
const payKeyName = /(?:api[_.-]?v[23]|mch|merchant|wx[_.-]?pay|wechat[_.-]?pay|weixin[_.-]?pay|pay(?!load)|partner)[\w.-]{0,20}?(?:key|secret)/i;
/**
 * A WeChat Pay block nearby, for a value named just `key` or `apiKey` (`wx:\n  pay:\n    mch-id: …\n    key: …`), or the
 * string APIv2 signs (`…&signType=MD5&timeStamp=${t}&key=…`: the merchant key goes last).
 */
const payContext = /mch[_.-]?id|merchant[_.-]?id|api\.mch\.weixin|sub[_.-]?mch|wx[_.-]?pay|wechat[_.-]?pay|weixin[_.-]?pay|partner|商户|微信支付|prepay_id|sign[_-]?type=/i;

/**
 * WeChat Pay calls that take the merchant key as a later positional argument: a configuration's constructor (`new
 * WxPayConfig(appId, mchId, "…")`) or a signing helper (`WXPayUtil.generateSignature(data, "…")`).
 */
const payKeyCall = /(?:wx|wechat|weixin)[_.]?pay[\w.]*?(?:config|conf|sign\w*)$/i;

/** True when the value at `m` is a later argument of such a call. */
function payKeyArgument(line: LineView, m: RegExpExecArray): boolean {
  const call = callAround(line, m.index);
  return call !== undefined && payKeyCall.test(call.callee);
}

export const wechatPayKey: Rule = {
  id: 'wechat-pay-key',
  description: bi('WeChat Pay merchant API key (APIv2) or APIv3 key', '微信支付商户 API 密钥（APIv2）或 APIv3 密钥'),
  severity: 'critical',
  category: 'secret',
  keywords: [
    'pay_', 'pay-', 'pay.', 'payk', 'pays', 'apiv3', 'api_v3', 'api-v3', 'apiv2', 'mch_', 'mch-', 'mch.', 'mchk', 'mchs', 'mchid',
    'partnerkey', 'partner_key', 'partner-key', 'partner.key', 'merchantkey', 'merchant_key', 'merchantsecret', 'merchant_secret', 'wxpay', '商户',
    'signtype=',
    'mch_id',
    'merchant_id',
    'merchantid',
    'merchant-id',
    'api.mch.weixin',
    // `WxPay.Config.php`'s getter (`public function GetKey()`, then `return '…';`).
    'getkey(',
  ],
  reach: 4,
  find: regexFind(/(?<![A-Za-z0-9])[A-Za-z0-9]{32}(?![A-Za-z0-9])/, {
    // Merchants type their own APIv2 key (a phrase, a keyboard walk): in the key's slot any 32 letters and digits but
    // a stand-in (`xxxx…`, `your…`, one character repeated) is the key.
    validate: (v, line, m) => {
      if (isPlaceholder(v)) return false;
      const name = assignedName(line.text, m.index);
      if (name === undefined) return payKeyArgument(line, m) || returnedByGetter(/function\s+GetKey\s*\(/, line, m);
      if (payKeyName.test(name)) return true;
      // A bare `key`, or the key APIv2 signs with named for that (`sign_key`, `paySignKey`), in a Pay block.
      return /^(?:api[_.-]?|wx[_.-]?|(?:pay[_.-]?)?sign[_.-]?)?(?:key|secret)$/i.test(name.slice(name.lastIndexOf('.') + 1)) && payContext.test(around(line, 4, m));
    },
  }),
};

export const tencentMapKey: Rule = {
  id: 'tencent-map-key',
  description: bi('Tencent Map (LBS) key', '腾讯地图（LBS）Key'),
  // Map keys ship inside mini-programs by design; a leaked one costs quota, not data.
  severity: 'medium',
  category: 'secret',
  // A bare key has no prefix to search for; the names and hosts it travels with do.
  keywords: ['map_', 'map-key', 'mapkey', 'map.key', 'qqmap', 'map.qq', 'lbs.', 'lbs_', 'lbskey', 'subkey', 'tencent', '地图', '位置服务'],
  // Eight lines: YAML nests the key three levels under its `tencent:` (`tencent:\n  cloud:\n    map:\n      key: …`),
  // and a `wx.request` names the map's URL, then the key five lines down in its `data`. The shape is the key's own.
  reach: 8,
  find: regexFind(/(?<![A-Za-z0-9-])[A-Z0-9]{5}(?:-[A-Z0-9]{5}){5}(?![A-Za-z0-9-])/, {
    validate: (v) => /[0-9]/.test(v) && /[A-Z]/.test(v) && randomValue(3.0)(v.replaceAll('-', '')) && !isPlaceholder(v),
  }),
};

export const baiduMapAk: Rule = {
  id: 'baidu-map-ak',
  description: bi('Baidu Map AK', '百度地图 AK'),
  severity: 'medium',
  category: 'secret',
  // The mini-program SDK (`new bmap.BMapWX({ ak: … })`), the web API's host (`api.map.baidu.com/…&ak=…`), the name.
  keywords: ['bmap', 'baidu', '百度'],
  // Eight lines: a page keeps the API's URL in a variable and sends the key in a `wx.request`'s `data` further down.
  reach: 8,
  find: regexFind(/(?<![A-Za-z0-9])[A-Za-z0-9]{32}(?![A-Za-z0-9])/, {
    validate: (v, line, m) =>
      randomValue(3.5, 2)(v) &&
      !isPlaceholder(v) &&
      /(?:^|[_.-]|[a-z])(?:ak|AK|Ak)$/.test(assignedName(line.text, m.index) ?? '') &&
      /bmap|baidu|百度/i.test(around(line, 8, m)),
  }),
};

/** How far above a key the Amap SDK's import may sit: a Vue component's imports, then `data() { return { key: … } }`. */
const amapImportReach = 12;

/** The Amap SDK imported a few lines above (`require('../../libs/amap-wx.js')`, `import AMapLoader from '@amap/…'`). */
function amapImportedAbove(line: LineView): boolean {
  return line.before(amapImportReach).some((text) => /\b(?:require|import)\b.*(?:amap-wx|@amap\/|AMapLoader)/i.test(text));
}

export const amapKey: Rule = {
  id: 'amap-key',
  description: bi('Amap (Gaode) key or security code', '高德地图 Key 或安全密钥'),
  severity: 'medium',
  category: 'secret',
  keywords: ['amap', 'gaode', '高德'],
  reach: amapImportReach,
  // Hex in either case: the iOS SDK's samples write `[AMapServices sharedServices].apiKey = @"…"` in capitals.
  find: regexFind(/(?<![A-Za-z0-9])[0-9a-fA-F]{32}(?![A-Za-z0-9])/, {
    validate: (v, line, m) =>
      entropy(v) >= 3.0 &&
      !isPlaceholder(v) &&
      /key|secret|code|\bsk\b/i.test(nameBefore(line, m)) &&
      (/amap|gaode|高德/i.test(around(line, 3, m)) || amapImportedAbove(line)),
  }),
};

export const qiniuKey: Rule = {
  id: 'qiniu-access-key',
  description: bi('Qiniu AccessKey or SecretKey', '七牛云 AccessKey 或 SecretKey'),
  // The rule cannot tell the AccessKey (the pair's id, high like Aliyun's AccessKey ID) from the SecretKey.
  severity: 'high',
  category: 'secret',
  keywords: ['qiniu', '七牛'],
  reach: 4,
  find: regexFind(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40}(?![A-Za-z0-9_=-])/, {
    validate: (v, line, m) =>
      randomValue(3.5, 2)(v) &&
      charClasses(v) >= 2 &&
      /access|secret|\bak\b|\bsk\b|key/i.test(nameBefore(line, m)) &&
      /qiniu|七牛/i.test(around(line, 4, m)),
  }),
};

/** What the AppCode follows in the header Aliyun's API market reads (`Authorization: APPCODE 3f9c…`). */
const appCodeHeader = /APPCODE\s$/i;

/** The AppCode in that header, or in a variable named for it (`appcode`, or a bare `key` with the header near). */
export const aliyunAppCode: Rule = {
  id: 'aliyun-appcode',
  description: bi('Aliyun API market AppCode', '阿里云云市场 AppCode'),
  // Like a map key it spends the buyer's paid quota (express tracking, weather, ID checks), and it never expires.
  severity: 'medium',
  category: 'secret',
  keywords: ['appcode'],
  reach: 6,
  find: regexFind(/(?<![A-Za-z0-9])[0-9a-f]{32}(?![A-Za-z0-9])/, {
    validate: (v, line, m) => {
      if (entropy(v) < 3.0 || isPlaceholder(v)) return false;
      if (appCodeHeader.test(line.text.slice(Math.max(0, m.index - 12), m.index))) return true;
      const name = assignedName(line.text, m.index) ?? '';
      return /app[_.-]?code$/i.test(name) || (/^(?:code|key)$/i.test(name) && /APPCODE\s|alicloudapi\.com/i.test(around(line, 6, m)));
    },
  }),
};

export const tencentImKey: Rule = {
  id: 'tencent-im-key',
  description: bi('Tencent Cloud IM (TRTC) SDK secret key', '腾讯云 IM（TRTC）SDK 密钥'),
  // With its SDKAppID it signs a UserSig for any account, the administrator's included.
  severity: 'critical',
  category: 'secret',
  keywords: ['sdkappid', 'sdk_app_id', 'sdksecretkey', 'secretkey'],
  reach: 4,
  find: regexFind(/(?<![A-Za-z0-9])[0-9a-f]{64}(?![A-Za-z0-9])/, {
    validate: (v, line, m) => {
      if (entropy(v) < 3.0 || isPlaceholder(v)) return false;
      const name = assignedName(line.text, m.index) ?? '';
      // Tencent's samples name it `SDKSECRETKEY`/`secretKey`; a PHP config array just `'key'` under its `sdkappid`.
      return /^(?:sdk[_-]?)?secret[_-]?key$|^(?:im[_-]?)?key$/i.test(name) && /sdk[_-]?app[_-]?id/i.test(around(line, 4, m));
    },
  }),
};

export const juheApiKey: Rule = {
  id: 'juhe-api-key',
  description: bi('Juhe (聚合数据) API key', '聚合数据 API Key'),
  // A metered data API's key: a leaked one spends the owner's quota, like a map key.
  severity: 'medium',
  category: 'secret',
  // A bare `$key` names no provider; the provider's host a few lines away does (`http://op.juhe.cn/…`, and the
  // older `juheapi.com`).
  keywords: ['juhe.cn', 'juheapi.com'],
  reach: 6,
  find: regexFind(/(?<![A-Za-z0-9])[0-9a-f]{32}(?![A-Za-z0-9])/, {
    validate: (v, line, m) =>
      entropy(v) >= 3.0 &&
      !isPlaceholder(v) &&
      /^\$?(?:app|api)?[_-]?key$/i.test(assignedName(line.text, m.index) ?? '') &&
      /juhe\.cn|juheapi\.com/i.test(around(line, 6, m)),
  }),
};

/** Kdniao's (快递鸟) API: its host, or the merchant id every request carries beside the key. */
const kdniaoContext = /kdniao|EBusinessID/i;

/**
 * Kdniao's (快递鸟) AppKey: a UUID, assigned (`$AppKey = "…"` beside `$EBusinessID`) or given straight to the signature
 * (`md5($requestData . "…")`, `$this->encrypt($data, "…")`) in code that calls Kdniao.
 */
export const kdniaoApiKey: Rule = {
  id: 'kdniao-api-key',
  description: bi('Kdniao (快递鸟) logistics API key', '快递鸟物流 API Key'),
  // It signs the merchant's requests: a leaked one queries and orders pickups on the merchant's account.
  severity: 'high',
  category: 'secret',
  keywords: ['kdniao', 'ebusinessid'],
  // The signing helper may sit far down the class that names the merchant id.
  reach: 40,
  find: regexFind(/(?<=["'])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=["'])/i, {
    validate: (v, line, m) => !isPlaceholder(v) && !isTestFile(line.file) && kdniaoContext.test(around(line, 40, m)),
  }),
};
