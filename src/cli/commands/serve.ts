import { bi } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { examplesHelp, portNumber } from '../options.js';

export const serveCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('serve')
      .description(t(bi('start the team server: API and live dashboard (SQLite here, or PostgreSQL with DATABASE_URL)', '启动团队服务器：API 与实时控制台（默认本地 SQLite，设置 DATABASE_URL 则用 PostgreSQL）')))
      .option('--port <n>', t(bi('port to listen on', '监听端口')), portNumber, 7420)
      .option('--host <address>', t(bi('address to listen on (127.0.0.1: this machine only)', '监听地址（127.0.0.1：仅本机）')), '127.0.0.1')
      .option('--dir <folder>', t(bi('folder whose .golive/ keeps the database, plan files and uploads', '数据目录（其 .golive/ 下保存数据库、计划文件与上传文件）')), '.')
      .option('--tls-cert <file>', t(bi('certificate for HTTPS (with --tls-key)', 'HTTPS 证书（需同时指定 --tls-key）')))
      .option('--tls-key <file>', t(bi('private key for HTTPS', 'HTTPS 私钥')))
      .addHelpText('after', examplesHelp(t, ['golive serve', 'golive serve --host 0.0.0.0 --port 8080 --tls-cert cert.pem --tls-key key.pem', 'DATABASE_URL=postgres://golive@db/golive golive serve']))
      .action(async (options) => {
        const ctx = context();
        const { GoliveError } = await import('../../core/errors.js');
        if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
          throw new GoliveError('usage.tls', bi('--tls-cert and --tls-key go together', '--tls-cert 与 --tls-key 需同时指定'));
        }
        const { startServer } = await import('../../server/serve.js');
        const server = await startServer({
          host: options.host,
          port: options.port,
          dir: options.dir,
          env: ctx.env,
          ...(options.tlsCert && options.tlsKey ? { tls: { cert: options.tlsCert, key: options.tlsKey } } : {}),
          logger: { level: ctx.env.GOLIVE_LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'] },
        });
        ctx.err(ctx.t(bi(`golive serve: ${server.url} (store ${server.location})`, `golive serve：${server.url}（存储 ${server.location}）`)));
        if (server.setupUrl) {
          ctx.err(ctx.t(bi(`first start: open this one-time link to create the administrator:\n  ${server.setupUrl}`, `首次启动：打开以下一次性链接创建管理员：\n  ${server.setupUrl}`)));
        }
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void server.close().then(resolve, resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      });
  },
};
