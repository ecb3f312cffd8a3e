import type Graph from 'graphology';
import { useEffect, useRef, useState } from 'react';
import Sigma from 'sigma';

/** What sigma draws for a node: position, size, colour, label. */
export interface DrawnNode {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  highlighted?: boolean;
  zIndex?: number;
}

export interface DrawnEdge {
  size: number;
  color: string;
  zIndex?: number;
}

interface SigmaCanvasProps {
  graph: Graph<DrawnNode, DrawnEdge>;
  /** The node to centre on (search, selection). */
  focus?: string;
  onSelect(node: string): void;
  /** Names the canvas for assistive technology (the table beside it holds the same nodes). */
  label: string;
}

/**
 * sigma.js on a graphology graph, WebGL. The canvas is decoration for sighted users: every node it shows is also in
 * the explorer's tables. Without WebGL (some headless or locked-down browsers) it says so and draws nothing.
 */
export function SigmaCanvas({ graph, focus, onSelect, label }: SigmaCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma<DrawnNode, DrawnEdge> | undefined>(undefined);
  const select = useRef(onSelect);
  select.current = onSelect;
  const [failure, setFailure] = useState<string | undefined>();

  useEffect(() => {
    if (!container.current) return;
    let renderer: Sigma<DrawnNode, DrawnEdge>;
    try {
      renderer = new Sigma(graph, container.current, {
        defaultEdgeType: 'arrow',
        // the grid may size the frame to zero for a moment (resizes, full-page screenshots): wait, do not throw
        allowInvalidContainer: true,
        hideEdgesOnMove: true,
        labelRenderedSizeThreshold: 6,
        zIndex: true,
        minCameraRatio: 0.005,
        maxCameraRatio: 20,
      });
    } catch (error) {
      setFailure((error as Error).message);
      return;
    }
    renderer.on('clickNode', ({ node }) => select.current(node));
    sigma.current = renderer;
    return () => {
      renderer.kill();
      sigma.current = undefined;
    };
    // sigma is created once per mount (the first graph); later graphs go through setGraph below
  }, []);

  useEffect(() => {
    const renderer = sigma.current;
    if (!renderer || renderer.getGraph() === graph) return;
    renderer.setGraph(graph);
    renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  }, [graph]);

  useEffect(() => {
    const renderer = sigma.current;
    if (!renderer || !focus || !graph.hasNode(focus)) return;
    const shown = renderer.getNodeDisplayData(focus);
    if (shown) void renderer.getCamera().animate({ x: shown.x, y: shown.y, ratio: 0.5 }, { duration: 300 });
  }, [focus, graph]);

  return (
    <div className="lineage-canvas-frame">
      {failure ? (
        <p className="notice unavailable">
          The graph cannot be drawn in this browser ({failure}); the tables list the same nodes.
        </p>
      ) : null}
      <div ref={container} className="lineage-canvas" role="img" aria-label={label} data-testid="lineage-canvas" />
    </div>
  );
}
