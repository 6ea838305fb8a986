import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';

/** The one error body every route answers with: a stable code and the message in both languages. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. auth.forbidden, run.closed'),
    message: z.object({ en: z.string(), zh: z.string() }),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** HTTP status of a GoliveError code: exact codes first, then the part before the first dot; anything else is 400. */
const statusByCode = {
  'auth.required': 401,
  'auth.bad-login': 401,
  'auth.locked': 423,
  'auth.deactivated': 403,
  'auth.rate-limited': 429,
  'auth.forbidden': 403,
  'auth.csrf': 403,
  'auth.setup-invalid': 403,
  'not-found': 404,
  'run.missing': 404,
  'run.closed': 409,
  'run.busy': 409,
  'run.plan-changed': 409,
  'run.unknown-item': 422,
  'run.manual-item': 422,
  'rollout.missing': 404,
  'rollout.refused': 409,
  'rollout.conflict': 409,
  'user.exists': 409,
  'user.last-admin': 409,
  'project.exists': 409,
  'plan.name-taken': 409,
  'notify-target.exists': 409,
  'upload.too-large': 413,
  'request.too-large': 413,
  'upload.type': 415,
  'store.locked': 503,
  'store.unreachable': 503,
} as const satisfies Record<string, number>;

export function httpStatusOf(code: string): number {
  return (statusByCode as Record<string, number>)[code] ?? 400;
}

/** A GoliveError to throw from routes: the handler below turns it into the JSON shape and status. */
export function apiError(code: keyof typeof statusByCode | (string & {}), text: Bilingual): GoliveError {
  return new GoliveError(code, text);
}

function body(code: string, message: Bilingual): ApiErrorBody {
  return { error: { code, message: { en: message.en, zh: message.zh } } };
}

/** Fastify's own errors (body too large, bad JSON, validation) in the same shape, without internals. */
function fromFastify(error: FastifyError): { status: number; body: ApiErrorBody } | undefined {
  if (error.validation) {
    const where = error.validation.map((issue) => `${error.validationContext ?? 'body'}${issue.instancePath || ''}: ${issue.message ?? ''}`).join('; ');
    return { status: 400, body: body('request.invalid', bi(`invalid request: ${where}`, `请求无效：${where}`)) };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, body: body('request.too-large', bi('the request body is larger than this server accepts', '请求体超过服务器允许的大小')) };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: body('request.media-type', bi('unsupported Content-Type', '不支持的 Content-Type')) };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: body('request.invalid', bi('the request body is empty or malformed', '请求体为空或格式错误')) };
    default:
      break;
  }
  if (error instanceof SyntaxError) return { status: 400, body: body('request.invalid', bi('the request body is not valid JSON', '请求体不是合法的 JSON')) };
  if (typeof error.statusCode === 'number' && error.statusCode === 429) {
    return { status: 429, body: body('auth.rate-limited', bi('too many requests; wait a minute and try again', '请求过于频繁，请一分钟后再试')) };
  }
  return undefined;
}

/** The one error handler: known errors become their status and code; anything else is a 500 that says nothing internal. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof GoliveError) {
      const status = httpStatusOf(error.code);
      if (status >= 500) request.log.warn({ code: error.code }, error.text.en);
      return reply.status(status).send(body(error.code, error.text));
    }
    const known = fromFastify(error);
    if (known) return reply.status(known.status).send(known.body);
    // The log gets the error's class and code, not its message: driver messages may quote a request's data.
    request.log.error({ err: { type: error.name, code: error.code } }, 'unexpected error');
    return reply.status(500).send(body('internal', bi('internal error; the server log has the details', '服务器内部错误；详情见服务器日志')));
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send(body('not-found', bi(`no route ${request.method} ${request.url.split('?')[0] ?? ''}`, `没有路由 ${request.method} ${request.url.split('?')[0] ?? ''}`))));
}
