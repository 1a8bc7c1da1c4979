/** SQL condition: the photo (table alias given) is not in the recycle bin. Every photo list uses it. */
export const VISIBLE = (alias: string) => `NOT EXISTS (SELECT 1 FROM trash t WHERE t.photo_id = ${alias}.id)`;
