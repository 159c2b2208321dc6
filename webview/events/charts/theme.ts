// Chart colours come from VS Code's theme variables (set by VS Code, or by exportTheme.css in an export), read when a
// chart is drawn: SVG presentation attributes cannot hold var(), and a redraw follows every theme change.

export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  /** Categorical colours, for series and clusters. */
  palette: string[];
  /** The accent for single-series bars. */
  accent: string;
  highContrast: boolean;
}

const PALETTE_VARS: [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-yellow', '#cca700'],
];
// Beyond VS Code's six chart colours: the rest of the Okabe-Ito palette (distinct for colour-blind readers).
const EXTRA = ['#56B4E9', '#CC79A7', '#009E73', '#F0E442'];

export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const palette = [...PALETTE_VARS.map(([n, f]) => v(n, f)), ...EXTRA];
  return {
    foreground: v('--vscode-foreground', style.color || '#cccccc'),
    muted: v('--vscode-descriptionForeground', '#9d9d9d'),
    grid: v('--vscode-widget-border', v('--vscode-panel-border', '#444444')),
    background: v('--vscode-editor-background', '#1f1f1f'),
    font: v('--vscode-font-family', 'sans-serif'),
    palette,
    accent: palette[0],
    highContrast:
      document.body.classList.contains('vscode-high-contrast') ||
      document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** Options every Plot chart shares: transparent, the theme's text colour and font. */
export function plotBase(theme: ChartTheme, width: number): { width: number; style: Record<string, string> } {
  return {
    width,
    style: {
      background: 'transparent',
      color: theme.foreground,
      fontFamily: theme.font,
      fontSize: '11px',
      overflow: 'visible',
    },
  };
}

/** Axis labels from event logs can be any length: cut them for the axis (the table beside has them whole). */
export function truncate(s: unknown, max = 28): string {
  const t = String(s ?? '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
