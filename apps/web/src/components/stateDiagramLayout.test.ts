import { tcpTransitions } from '@socklab/lifecycle';
import { tcpStates } from '@socklab/protocol';
import { describe, expect, it } from 'vitest';
import { diagramEdges, diagramNodes, edgeBetween, NODE_H, NODE_W, targetNode, VIEW_BOX } from './stateDiagramLayout.ts';

describe('the TCP state diagram layout', () => {
  it('draws all eleven states, CLOSED twice as RFC 9293 Figure 5 does', () => {
    expect(new Set(diagramNodes.map((n) => n.state))).toEqual(new Set(tcpStates));
    expect(diagramNodes.filter((n) => n.state === 'CLOSED').map((n) => n.id)).toEqual(['CLOSED', 'CLOSED_END']);
  });

  it('keeps every box inside the view and apart from the others', () => {
    for (const node of diagramNodes) {
      expect(node.x - NODE_W / 2).toBeGreaterThanOrEqual(VIEW_BOX.x);
      expect(node.x + NODE_W / 2).toBeLessThanOrEqual(VIEW_BOX.x + VIEW_BOX.width);
      expect(node.y + NODE_H / 2).toBeLessThanOrEqual(VIEW_BOX.height);
      for (const other of diagramNodes) {
        if (other === node) continue;
        const apart = Math.abs(other.x - node.x) >= NODE_W || Math.abs(other.y - node.y) >= NODE_H;
        expect(apart, `${node.id} overlaps ${other.id}`).toBe(true);
      }
    }
  });

  it('has an arrow for every transition of tcpTransitions, into the right box', () => {
    for (const t of tcpTransitions) {
      const edge = edgeBetween(t.from, t.to);
      expect(edge?.transitions, `${t.from} → ${t.to}`).toContain(t);
    }
    expect(diagramEdges.reduce((n, e) => n + e.transitions.length, 0)).toBe(tcpTransitions.length);
    expect(targetNode('LISTEN', 'CLOSED')).toBe('CLOSED');
    expect(targetNode('TIME_WAIT', 'CLOSED')).toBe('CLOSED_END');
    expect(edgeBetween('CLOSE_WAIT', 'CLOSED')).toMatchObject({ figure: false, reset: true });
    expect(edgeBetween('SYN_SENT', 'CLOSED')).toMatchObject({ figure: true, reset: false });
  });

  it('starts and ends every arrow next to its boxes', () => {
    const near = (x: number, y: number, id: string) => {
      const node = diagramNodes.find((n) => n.id === id)!;
      const dx = Math.max(0, Math.abs(x - node.x) - NODE_W / 2);
      const dy = Math.max(0, Math.abs(y - node.y) - NODE_H / 2);
      return Math.hypot(dx, dy);
    };
    for (const edge of diagramEdges) {
      const numbers = edge.d.match(/-?\d+(\.\d+)?/g)!.map(Number);
      const [x0, y0] = numbers;
      const [x1, y1] = numbers.slice(-2);
      expect(near(x0!, y0!, edge.from), `${edge.id} start`).toBeLessThan(3);
      expect(near(x1!, y1!, edge.toNode), `${edge.id} end`).toBeLessThan(3);
    }
  });
});
