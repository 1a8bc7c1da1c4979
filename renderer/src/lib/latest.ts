// Answers that can arrive out of order (the viewer asks for a photo's details again when its list
// reloads, and again after a change): only the newest question's answer is kept.

/** Wraps `ask` so that `keep` gets an answer only if no newer question was asked meanwhile. */
export function newestOnly<A extends unknown[], T>(ask: (...args: A) => Promise<T>, keep: (answer: T) => void): (...args: A) => Promise<void> {
  let asked = 0;
  return async (...args: A) => {
    const n = ++asked;
    const answer = await ask(...args);
    if (n === asked) keep(answer);
  };
}
