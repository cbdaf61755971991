import type { Problem } from '../../common/problem';
import type { ReplayCode } from '../../common/problem-codes';

/** A bad input found while replaying (unreadable data, wrong shape…): carries the Problem shown to the user. */
export class ReplayInputError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'ReplayInputError';
  }
}

export function inputError(code: ReplayCode, message: string, path?: string): ReplayInputError {
  return new ReplayInputError(path === undefined ? { code, message } : { code, message, path });
}
