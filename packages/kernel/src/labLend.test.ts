import { ErrorCode, type SocklabError } from '@socklab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Lab, type SocketBudget } from './lab.ts';

let lab: Lab | undefined;
afterEach(() => {
  lab?.closeAll();
  lab = undefined;
});

function counting(): SocketBudget & { taken: number } {
  const budget = {
    taken: 0,
    take: () => {
      budget.taken++;
    },
    give: () => {
      budget.taken--;
    },
  };
  return budget;
}

describe('Lab.lend: sockets a bulk run makes itself', () => {
  it('SECURITY 6: more than the lab may hold is refused with SOCKLAB_ERR_LIMIT, and nothing is taken', () => {
    const budget = counting();
    lab = new Lab({ limits: { maxSockets: 4 }, budget });
    lab.socket('inet');
    const err = (() => {
      try {
        lab.lend(4, () => {});
      } catch (e) {
        return e as SocklabError;
      }
      return null;
    })();
    expect(err?.code).toBe(ErrorCode.limit);
    expect(budget.taken).toBe(1);
    // What fits is lent, and counts against the lab's own sockets.
    const loan = lab.lend(3, () => {});
    expect(budget.taken).toBe(4);
    expect(() => lab?.socket('inet')).toThrow(/at most 4 open sockets/);
    loan.release();
    loan.release();
    expect(budget.taken).toBe(1);
  });

  it('SECURITY 12: a budget that refuses part way gives back what it took', () => {
    let left = 2;
    const budget: SocketBudget = {
      take: () => {
        if (left <= 0) throw Object.assign(new Error('no sockets left'), { code: ErrorCode.limit });
        left--;
      },
      give: () => {
        left++;
      },
    };
    lab = new Lab({ limits: { maxSockets: 10 }, budget });
    expect(() => lab?.lend(3, () => {})).toThrow('no sockets left');
    expect(left).toBe(2);
  });

  it('SECURITY 8: closeAll() tells the run to close its fds first, then gives the loan back', () => {
    const budget = counting();
    lab = new Lab({ limits: { maxSockets: 10 }, budget });
    const order: string[] = [];
    lab.lend(5, () => order.push(`abandon with ${budget.taken} taken`));
    lab.closeAll();
    expect(order).toEqual(['abandon with 5 taken']);
    expect(budget.taken).toBe(0);
  });
});
