import { CodedError, err, ok, type Result } from '../../common/result';
import { contract, isChannel, type Channel, type ParsedRequestOf, type ResponseOf } from '../../common/contract';

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

/** A request in, a Result out: what a transport (Electron's IPC, the preview host's HTTP) calls. */
export type Dispatch = (channel: unknown, request: unknown) => Promise<Result<unknown>>;

/**
 * The contract's check alone: a known channel and a request its schema accepts, parsed. The shell checks this
 * before forwarding a call to the core process, and the core checks it again in dispatch.
 */
export function parseRequest(channel: unknown, rawRequest: unknown): Result<{ channel: Channel; request: unknown }> {
  if (!isChannel(channel))
    return err('unknown-channel', `unknown channel ${JSON.stringify(String(channel)).slice(0, 120)}`);
  const parsed = contract[channel].request.safeParse(rawRequest ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return err('invalid-request', `${channel}: request rejected${where}: ${issue?.message ?? 'invalid'}`);
  }
  return ok({ channel, request: parsed.data });
}

/**
 * The one way a request from the renderer reaches core, for the Electron IPC handler and the preview host
 * alike: unknown channels and requests that fail the contract's schema are refused before any handler runs,
 * and failures come back as a Result, never as a thrown error across the boundary.
 */
export async function dispatch(handlers: Handlers, channel: unknown, rawRequest: unknown): Promise<Result<unknown>> {
  const parsed = parseRequest(channel, rawRequest);
  if (!parsed.ok) return parsed;
  return answer(handlers[parsed.value.channel] as (request: unknown) => Promise<unknown>, parsed.value.request);
}

/**
 * The shell's dispatch: channels it answers itself (`local`: dialogs, PDF printing) run here; every other call
 * that passes the contract goes to the core process (`forward`) as it came, to be parsed there again.
 */
export function routeDispatch(
  local: Partial<Handlers>,
  forward: (channel: Channel, request: unknown) => Promise<Result<unknown>>,
): Dispatch {
  return async (channel, rawRequest) => {
    const parsed = parseRequest(channel, rawRequest);
    if (!parsed.ok) return parsed;
    const handler = local[parsed.value.channel] as ((request: unknown) => Promise<unknown>) | undefined;
    return handler ? answer(handler, parsed.value.request) : forward(parsed.value.channel, rawRequest ?? {});
  };
}

async function answer(handler: (request: unknown) => Promise<unknown>, request: unknown): Promise<Result<unknown>> {
  try {
    return ok(await handler(request));
  } catch (error) {
    return toErrorResult(error);
  }
}

export function toErrorResult(error: unknown): Result<never> {
  if (error instanceof CodedError) return err(error.code, error.message, error.details);
  const message = error instanceof Error ? error.message : String(error);
  return err('internal', message);
}
