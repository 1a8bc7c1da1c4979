import { describe, expect, it } from 'vitest';
import { contract } from '../../electron/shared/contract.js';
import { AppError } from '../../electron/shared/errors.js';
import { createDispatcher, type Handlers } from '../../electron/shared/rpc.js';

const handlers = Object.fromEntries(Object.keys(contract).map((k) => [k, () => { throw new Error(`not in this test: ${k}`); }])) as unknown as Handlers;

describe('dispatcher', () => {
  const dispatch = createDispatcher({
    ...handlers,
    'photos.get': ({ id }) => {
      throw new AppError('NOT_FOUND', `Photo #${id} is not in the catalog.`);
    },
    'photos.list': (input) => ({ total: input.limit, items: [] }),
  });

  it('rejects unknown methods and bad input with codes', async () => {
    expect(await dispatch('nope', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const r = await dispatch('photos.get', { id: 'seven' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(r)).toMatch(/id/);
  });

  it('applies schema defaults and passes results through', async () => {
    expect(await dispatch('photos.list', {})).toEqual({ ok: true, result: { total: 100, items: [] } });
  });

  it('turns thrown errors into { code, message }', async () => {
    expect(await dispatch('photos.get', { id: 7 })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Photo #7 is not in the catalog.' } });
    expect(await dispatch('roots.list', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
