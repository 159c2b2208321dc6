// Its own bundle (Observable Plot with d3, and d3-sankey), so the event dashboard paints without it;
// charts/plotLoader.ts runs it when the first chart is drawn.
import * as Plot from '@observablehq/plot';
import { sankey, sankeyJustify, sankeyLinkHorizontal } from 'd3-sankey';

export const plotLibrary = { Plot, sankey, sankeyJustify, sankeyLinkHorizontal };
export type PlotLibrary = typeof plotLibrary;

(globalThis as { journeyLensPlot?: PlotLibrary }).journeyLensPlot = plotLibrary;
