import { countCrossings, layoutLayered } from './layered-layout';

describe('layoutLayered', () => {
  it('puts every edge left to right: upstream nodes in lower ranks', () => {
    // 0 → 1 → 3, 0 → 2 → 3, 3 → 4, and a long edge 0 → 4
    const edges = [0, 1, 1, 3, 0, 2, 2, 3, 3, 4, 0, 4];
    const layout = layoutLayered({ nodeCount: 5, edges });
    expect(Array.from(layout.rank)).toEqual([0, 1, 1, 2, 3]);
    for (let e = 0; e < edges.length / 2; e++)
      expect(layout.x[edges[2 * e]!]!).toBeLessThan(layout.x[edges[2 * e + 1]!]!);
    expect(layout.backEdges).toBe(0);
  });

  it('breaks a cycle by ignoring one back edge instead of looping', () => {
    const layout = layoutLayered({ nodeCount: 3, edges: [0, 1, 1, 2, 2, 0] });
    expect(layout.backEdges).toBe(1);
    expect(new Set(layout.rank).size).toBe(3);
  });

  it('untangles crossed edges by barycenter ordering', () => {
    // two chains whose middle nodes are numbered crosswise: 0→3→4, 1→2→5
    const input = { nodeCount: 6, edges: [0, 3, 3, 4, 1, 2, 2, 5] };
    expect(countCrossings(input, layoutLayered(input, { sweeps: 0 }))).toBeGreaterThan(0);
    expect(countCrossings(input, layoutLayered(input))).toBe(0);
  });

  it('gives distinct positions within a rank and handles isolated nodes and an empty graph', () => {
    const layout = layoutLayered({ nodeCount: 4, edges: [] });
    expect(new Set(Array.from(layout.y)).size).toBe(4);
    expect(layoutLayered({ nodeCount: 0, edges: [] }).rankCount).toBe(0);
  });
});
