import type { FastifyBaseLogger } from 'fastify';

type LogArguments = Parameters<FastifyBaseLogger['info']>;
type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildLoggerOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;

/**
 * A request's logger that becomes pino's child logger (with the request id) the first time the request logs. Fastify
 * makes a child per request up front; most requests never log (successful ones are not logged, `app.ts`), and at 50
 * busy connections making one each was a measurable part of a request's time. What a request logs is unchanged.
 */
class LazyRequestLogger implements FastifyBaseLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildLoggerOptions;
  #child: FastifyBaseLogger | undefined;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  get #logger(): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options);
    return this.#child;
  }

  get level(): FastifyBaseLogger['level'] {
    return this.#child?.level ?? this.#options.level ?? this.#parent.level;
  }

  set level(level: FastifyBaseLogger['level']) {
    this.#logger.level = level;
  }

  fatal(...args: LogArguments): void {
    this.#logger.fatal(...args);
  }

  error(...args: LogArguments): void {
    this.#logger.error(...args);
  }

  warn(...args: LogArguments): void {
    this.#logger.warn(...args);
  }

  info(...args: LogArguments): void {
    this.#logger.info(...args);
  }

  debug(...args: LogArguments): void {
    this.#logger.debug(...args);
  }

  trace(...args: LogArguments): void {
    this.#logger.trace(...args);
  }

  silent(...args: LogArguments): void {
    this.#logger.silent(...args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#logger.child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: each request's logger is made when it first logs. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options);
}
