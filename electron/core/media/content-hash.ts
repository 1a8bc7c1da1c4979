import { createHash } from 'node:crypto';

/** File identity: a moved or renamed file keeps its catalog row because its content hash matches. */
export function hashBuffer(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}
