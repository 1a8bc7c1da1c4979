// The rpc envelope and dispatcher shared by every transport.
import { z } from 'zod';
import { contract, type MethodArgs, type MethodName, type MethodOutput } from './contract.js';
import { AppError, type ErrorCode } from './errors.js';

export type Handlers = {
  [M in MethodName]: (input: MethodArgs<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export type RpcResult<T = unknown> =
  | { ok: true; result: T }
  | { ok: false; error: { code: ErrorCode; message: string } };

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Validates input, calls the handler, and turns every failure into `{ code, message }`. */
export function createDispatcher(handlers: Handlers) {
  return async function dispatch(method: string, rawInput: unknown): Promise<RpcResult> {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown method "${method}".` } };
    }
    const spec = contract[method];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: z.prettifyError(parsed.error) } };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      const result = await handler(parsed.data);
      return { ok: true, result };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'INTERNAL', message } };
    }
  };
}
