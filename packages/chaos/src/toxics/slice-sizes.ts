/**
 * Cuts `total` bytes into slices of about `averageSize` (± `sizeVariation`) by halving around a jittered middle,
 * so small and large slices are spread evenly; returns the slice lengths in order. Needs averageSize ≥ 1.
 */
export function sliceSizes(
  total: number,
  averageSize: number,
  sizeVariation: number,
  random: () => number = Math.random,
): number[] {
  const sizes: number[] = [];
  const split = (length: number): void => {
    if (length - averageSize <= sizeVariation || length <= 1) {
      if (length > 0) sizes.push(length);
      return;
    }
    const jitter = sizeVariation > 0 ? Math.floor(random() * sizeVariation * 2) - sizeVariation : 0;
    const left = Math.min(length - 1, Math.max(1, Math.floor(length / 2) + jitter));
    split(left);
    split(length - left);
  };
  split(total);
  return sizes;
}
