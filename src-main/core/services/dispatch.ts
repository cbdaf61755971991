import { CodedError, err, ok, type Result } from '../../common/result';
import { contract, isChannel, type Channel, type ParsedRequestOf, type ResponseOf } from '../../common/contract';

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

/**
 * The one way a request from the renderer reaches core, for the Electron IPC handler and the preview host
 * alike: unknown channels and requests that fail the contract's schema are refused before any handler runs,
 * and failures come back as a Result, never as a thrown error across the boundary.
 */
export async function dispatch(handlers: Handlers, channel: unknown, rawRequest: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) return err('unknown-channel', `unknown channel ${JSON.stringify(String(channel)).slice(0, 120)}`);
  const parsed = contract[channel].request.safeParse(rawRequest ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return err('invalid-request', `${channel}: request rejected${where}: ${issue?.message ?? 'invalid'}`);
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    return toErrorResult(error);
  }
}

export function toErrorResult(error: unknown): Result<never> {
  if (error instanceof CodedError) return err(error.code, error.message, error.details);
  const message = error instanceof Error ? error.message : String(error);
  return err('internal', message);
}
