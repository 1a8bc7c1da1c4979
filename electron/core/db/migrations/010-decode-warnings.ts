import type { Migration } from '../migrate.js';

// JPEGs the decoder only warns about (extraneous bytes before a marker, a damaged restart marker) are now
// decoded instead of refused (media/decode.ts decodeLeniently). Photos refused as damaged before are read
// once more at the next scan: those still damaged (truncated, undecodable) are refused again, and stick.
export const migration010: Migration = {
  version: 10,
  name: 'decode warnings',
  up: `
    UPDATE photos SET failure_kind = 'transient'
      WHERE status = 'failed' AND failure_kind = 'file' AND error LIKE 'Damaged or incomplete file%';
  `,
};
