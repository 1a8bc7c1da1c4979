import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** File identity: a moved or renamed file keeps its catalog row because its content hash matches. */
export function hashBuffer(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

export async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}
