/**
 * What a snapshot keeps of a list it shares with the fold that goes on: the
 * list's length when it was taken, and each item the fold replaced below that
 * length since, as it was. The fold only appends to the list and replaces
 * items through `replaceLent`, so the snapshot costs no copy of the list.
 */
export type Loan<T> = { length: number; replaced: Map<number, T> };

/** Lends `items` as they are now; `loans` (sorted by length, as the list only grows) gets the loan. */
export function lend<T>(items: readonly T[], loans: Loan<T>[]): Loan<T> {
  const loan: Loan<T> = { length: items.length, replaced: new Map() };
  loans.push(loan);
  return loan;
}

/** Sets `items[i]` to `item`, keeping the item it replaces for every loan that reaches index `i`. */
export function replaceLent<T>(items: T[], loans: readonly Loan<T>[], i: number, item: T): void {
  for (let k = loans.length - 1; k >= 0; k--) {
    const loan = loans[k]!;
    if (loan.length <= i) break;
    if (!loan.replaced.has(i)) loan.replaced.set(i, items[i]!);
  }
  items[i] = item;
}

/** The list `loan` stands for, as an array of its own. */
export function repaid<T>(items: readonly T[], loan: Loan<T>): T[] {
  const copy = items.slice(0, loan.length);
  for (const [i, item] of loan.replaced) copy[i] = item;
  return copy;
}
