// A synthetic column-lineage neighbourhood for the layout bench: `ranks` layers of `width` columns, each column fed
// by two columns of the layer before (a deterministic pseudo-random pick), node numbers shuffled so the layout
// cannot lean on input order.
export function syntheticLayers(ranks: number, width: number, seed = 42): { nodeCount: number; edges: Int32Array } {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const nodeCount = ranks * width;
  const shuffled = Int32Array.from({ length: nodeCount }, (_, i) => i);
  for (let i = nodeCount - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const pairs: number[] = [];
  for (let rank = 1; rank < ranks; rank++) {
    for (let column = 0; column < width; column++) {
      const target = shuffled[rank * width + column]!;
      const first = Math.floor(random() * width);
      const second = (first + 1 + Math.floor(random() * (width - 1))) % width;
      pairs.push(shuffled[(rank - 1) * width + first]!, target, shuffled[(rank - 1) * width + second]!, target);
    }
  }
  return { nodeCount, edges: Int32Array.from(pairs) };
}
