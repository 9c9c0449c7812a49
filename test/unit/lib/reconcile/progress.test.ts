import { pageProgress } from '../../../../scripts/lib/reconcile/reconcile';

describe("reconcile's listing progress", () => {
  it('names the range of a page of packages', () => {
    expect(pageProgress('COMPLETED', 101, 100, 250)).toBe('COMPLETED: packages 101-200 of 250 listed');
    expect(pageProgress('COMPLETED', 1, 1, 1)).toBe('COMPLETED: packages 1-1 of 1 listed');
  });

  it('says an empty page is empty instead of "packages 1-0 of 0"', () => {
    expect(pageProgress('DECLINED', 1, 0, 0)).toBe('DECLINED: no packages listed (0 in all)');
  });
});
