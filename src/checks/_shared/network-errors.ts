/** What the common socket errors mean, in words a release manager acts on; kinds add their own driver codes. */
export const networkErrorReasons: Readonly<Record<string, readonly [en: string, zh: string]>> = {
  ECONNREFUSED: ['connection refused (nothing listens on that port)', '连接被拒绝（该端口没有服务在监听）'],
  ENOTFOUND: ['the host name does not resolve', '主机名无法解析'],
  EAI_AGAIN: ['the host name could not be resolved (DNS unavailable)', '主机名暂时无法解析（DNS 不可用）'],
  ETIMEDOUT: ['the connection timed out', '连接超时'],
  EHOSTUNREACH: ['the host is unreachable', '主机不可达'],
  ECONNRESET: ['the server closed the connection', '服务器关闭了连接'],
};
