import { describe, expect, it } from 'vitest';
import { contract } from '../../../../src-main/common/contract';

describe('mlflow:plan / mlflow:write: author and license from the dialog (issue 17)', () => {
  const req = contract['mlflow:plan'].request;
  it('accepts a name, an e-mail and an SPDX license', () => {
    expect(
      req.safeParse({ path: '/x', authorName: 'Dana Reyes', authorEmail: 'dana@example.org', license: 'MIT' }).success,
    ).toBe(true);
  });
  it('names the field of a bad e-mail or an empty name in words', () => {
    expect(req.safeParse({ path: '/x', authorEmail: 'nope' }).error?.issues[0]).toMatchObject({
      path: ['authorEmail'],
      message: 'author e-mail: not an e-mail address',
    });
    expect(req.safeParse({ path: '/x', authorName: '  ' }).error?.issues[0]).toMatchObject({
      path: ['authorName'],
      message: 'author name: give a name, or leave the author empty',
    });
  });
});
