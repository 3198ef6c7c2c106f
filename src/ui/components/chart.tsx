/**
 * Charts drawn on the server as SVG: no script, no library, nothing for the Content Security Policy to allow
 * (presentation attributes, not `style`). Each bar is a link to the list it counts. The chart is a named
 * group (`role="group"` with `aria-label`, and a `<title>`), not `role="img"`: an image's children are
 * presentational, which would hide its links from screen readers while the keyboard still reached them. The
 * numbers are written beside the bars, so nobody has to judge a length, and each link is named with its
 * label, count and what it counts ("x12: 5 orders today").
 */

import type { Child } from 'hono/jsx';

/** One bar: what it is, its count and the list behind it. */
export interface ChartDatum {
  label: string;
  value: number;
  href: string;
  /** `bad` for what needs attention (overdue, dead); colour is never the only signal: the words say it. */
  tone?: 'brand' | 'bad';
}

export interface ChartProps {
  /** What the chart shows ("Orders today by channel"): the chart's name and title. */
  title: string;
  data: readonly ChartDatum[];
  /** What one bar counts, in the singular ("order"); the plural adds an s. */
  noun: string;
  /** Said after the count in each bar's name ("today", "this week"). */
  context?: string;
  /** Shown instead of a chart when every count is 0. */
  empty: string;
}

const FILL = { brand: '#0b5cad', bad: '#b3261e' } as const;

/** "5 orders today", "1 order". */
export function counted(value: number, noun: string, context?: string): string {
  return [value, value === 1 ? noun : `${noun}s`, context]
    .filter((w) => w !== undefined && w !== '')
    .join(' ');
}

/** The length of a bar of `value` when the longest (`max`) is `full` long; a count above 0 is at least 2. */
export function barLength(value: number, max: number, full: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(2, Math.round((value / max) * full));
}

/**
 * A bar's link name: "x12: 5 orders today". It begins with the words the bar shows (its label, then its
 * count), so a person who says what they see to a voice control names the link (WCAG label in name).
 */
function nameOf(d: ChartDatum, props: ChartProps): string {
  return `${d.label}: ${counted(d.value, props.noun, props.context)}`;
}

/** The chart's name: its title and every count, so a screen reader hears the whole chart at once. */
function summaryOf(props: ChartProps): string {
  return `${props.title}: ${props.data.map((d) => `${d.label} ${d.value}`).join(', ')}`;
}

/** The drawing: a group named with the whole chart, scaled to the width it is given. */
function Frame(props: { chart: ChartProps; width: number; height: number; children: Child }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: an svg cannot be a fieldset, and role="img" would hide its links
    <svg
      class="chart"
      role="group"
      aria-label={summaryOf(props.chart)}
      viewBox={`0 0 ${props.width} ${props.height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{props.chart.title}</title>
      {props.children}
    </svg>
  );
}

const hasData = (data: readonly ChartDatum[]) => data.some((d) => d.value > 0);

/* Horizontal bars: the label on a line of its own (long partner names fit), the bar under it, its count after. */
// small user units: a card is about as many pixels wide, so the stylesheet's 11px text stays about 11px
const ROW = 34;
const LABEL_H = 12;
const BAR = 12;
const BAR_W = 200;
const WIDTH = BAR_W + 44;

/** A horizontal bar chart: one row per datum, the longest bar the largest count. */
export function BarChart(props: ChartProps) {
  if (!hasData(props.data)) return <p class="hint">{props.empty}</p>;
  const max = Math.max(...props.data.map((d) => d.value));
  const height = props.data.length * ROW;
  return (
    <Frame chart={props} width={WIDTH} height={height}>
      {props.data.map((d, i) => {
        const y = i * ROW + LABEL_H + 4;
        const length = barLength(d.value, max, BAR_W);
        // the label is never cut short: the link's name must contain all the words it shows; the space
        // between the label and the count keeps them two words for whoever reads the link's text
        return (
          <a href={d.href} aria-label={nameOf(d, props)}>
            <text x={0} y={y - 4} text-decoration="underline">
              {d.label}
            </text>{' '}
            <rect x={0} y={y} width={length} height={BAR} fill={FILL[d.tone ?? 'brand']} />
            <text x={length + 6} y={y + BAR - 3}>
              {d.value}
            </text>
          </a>
        );
      })}
    </Frame>
  );
}

/* Columns: one per day, its count above it and its label below. */
const COL_H = 120;
const COL_TOP = 18;
const COL_LABEL = 16;

/** A column chart (a week's days, oldest first): the tallest column the largest count. */
export function ColumnChart(props: ChartProps) {
  if (!hasData(props.data)) return <p class="hint">{props.empty}</p>;
  const max = Math.max(...props.data.map((d) => d.value));
  const slot = 42;
  const width = props.data.length * slot;
  const height = COL_TOP + COL_H + COL_LABEL + 4;
  return (
    <Frame chart={props} width={width} height={height}>
      <line x1={0} x2={width} y1={COL_TOP + COL_H} y2={COL_TOP + COL_H} stroke="#d5dae0" />
      {props.data.map((d, i) => {
        const length = barLength(d.value, max, COL_H);
        const x = i * slot + 8;
        const top = COL_TOP + COL_H - length;
        return (
          <a href={d.href} aria-label={nameOf(d, props)}>
            <text
              x={x + 13}
              y={COL_TOP + COL_H + COL_LABEL - 2}
              text-anchor="middle"
              text-decoration="underline"
            >
              {d.label}
            </text>{' '}
            <rect x={x} y={top} width={26} height={length} fill={FILL[d.tone ?? 'brand']} />
            <text x={x + 13} y={top - 4} text-anchor="middle">
              {d.value}
            </text>
          </a>
        );
      })}
    </Frame>
  );
}
