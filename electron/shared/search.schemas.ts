// The search box's methods (search.query, search.suggest); their grammar is in core/search/query-parser.ts.
import { z } from 'zod';

/** Takes the contract's photo schema (contract.ts spreads this in; a plain import would be circular). */
export const searchMethods = <P extends z.ZodTypeAny>(PhotoSchema: P) => ({
  /** Words, names, places, dates, objects: words narrow, "phrases" match in order, -word excludes. Unknown words give a hint, not an error. */
  'search.query': {
    input: z.object({
      q: z.string().max(500),
      limit: z.number().int().min(1).max(1000).default(100),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({
      total: z.number().int(),
      items: z.array(PhotoSchema),
      hint: z.string().nullable(),
      unknown: z.array(z.string()),
    }),
  },
  /** Completions of the word being typed: people, places, albums, then indexed words, most photos first. */
  'search.suggest': {
    input: z.object({ q: z.string().max(500), limit: z.number().int().min(1).max(50).default(8) }),
    output: z.array(
      z.object({ label: z.string(), query: z.string(), kind: z.enum(['person', 'place', 'album', 'word']), photos: z.number().int() }),
    ),
  },
});
