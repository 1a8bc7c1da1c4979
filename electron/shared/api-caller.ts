// The contract as plain async functions over a dispatcher, for hosts that call it in-process (the
// CLI): input goes through the same zod validation and defaults as every transport, and a failure
// comes back as the AppError the dispatcher reported.
import type { MethodInput, MethodName, MethodOutput } from './contract.js';
import { AppError } from './errors.js';
import type { RpcResult } from './rpc.js';

export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

export function apiOver(dispatch: (method: string, input: unknown) => Promise<RpcResult>): Api {
  return new Proxy({} as Api, {
    get: (_target, method) => async (input: unknown) => {
      const r = await dispatch(String(method), input);
      if (!r.ok) throw new AppError(r.error.code, r.error.message);
      return r.result;
    },
  });
}
