// A horizontal bar chart as server-rendered SVG (views/macros/bar-chart.njk draws it): readable at a
// glance, no JavaScript, and the same numbers are in a table beside it for anyone who cannot see it.

export interface Series {
  name: string;
  /** GOV.UK colours with at least 3:1 contrast on white (WCAG 1.4.11). */
  colour: string;
}

export interface BarChart {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  labelWidth: number;
  series: Series[];
  rows: {
    label: string;
    y: number;
    bars: { y: number; width: number; value: number; valueX: number; colour: string }[];
  }[];
}

const WIDTH = 640;
const LABEL_WIDTH = 230;
const BAR_HEIGHT = 22;
const GAP = 14;
const VALUE_ROOM = 50;

export const BLUE: Series = { name: '', colour: '#1d70b8' };

/** One row per label; each row one bar per series, scaled to the largest value. */
export function barChart(
  id: string,
  title: string,
  description: string,
  rows: { label: string; values: number[] }[],
  series: Series[] = [BLUE],
): BarChart {
  const max = Math.max(1, ...rows.flatMap((row) => row.values));
  const scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / max;
  const rowHeight = series.length * BAR_HEIGHT + GAP;
  return {
    id,
    title,
    description,
    width: WIDTH,
    height: Math.max(rowHeight, rows.length * rowHeight),
    labelWidth: LABEL_WIDTH,
    series,
    rows: rows.map((row, i) => ({
      label: row.label,
      y: i * rowHeight + (series.length * BAR_HEIGHT) / 2 + 5,
      bars: row.values.map((value, j) => {
        const width = Math.round(value * scale);
        return {
          y: i * rowHeight + j * BAR_HEIGHT,
          width,
          value,
          valueX: LABEL_WIDTH + width + 6,
          colour: series[j].colour,
        };
      }),
    })),
  };
}
