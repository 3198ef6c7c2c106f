import { describe, expect, it } from 'vitest';
import { BarChart, barLength, ColumnChart, counted } from './chart.tsx';

const html = async (node: unknown) => String(await node);

/** The widths of the chart's bars (the rects after the first element, in order). */
const widths = (svg: string) => [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
const heights = (svg: string) => [...svg.matchAll(/<rect [^>]*height="(\d+)"/g)].map((m) => Number(m[1]));

const DATA = [
  { label: 'x12', value: 40, href: '/admin/orders?channel=x12' },
  { label: 'email', value: 10, href: '/admin/orders?channel=email' },
  { label: 'upload', value: 0, href: '/admin/orders?channel=upload' },
];

describe('server-drawn charts', () => {
  it('draws bars in proportion to their counts, the largest full length, a zero as no bar', async () => {
    const svg = await html(
      BarChart({ title: 'Orders today by channel', data: DATA, noun: 'order', empty: '-' }),
    );
    expect(widths(svg)).toEqual([200, 50, 0]);
    expect(barLength(1, 1000, 200)).toBe(2);
    expect(barLength(0, 0, 200)).toBe(0);
  });

  it('links each bar to its list, named with its label, count and what it counts', async () => {
    const svg = await html(
      BarChart({ title: 'Orders today by channel', data: DATA, noun: 'order', context: 'today', empty: '-' }),
    );
    expect(svg).toContain('<a href="/admin/orders?channel=x12" aria-label="x12: 40 orders today">');
    expect(svg).toContain('<a href="/admin/orders?channel=upload" aria-label="upload: 0 orders today">');
    expect(counted(1, 'order')).toBe('1 order');
  });

  it('names the chart with every count and gives it a title (a group: its links stay reachable)', async () => {
    const svg = await html(
      BarChart({ title: 'Orders today by channel', data: DATA, noun: 'order', empty: '-' }),
    );
    expect(svg).toMatch(
      /^<svg class="chart" role="group" aria-label="Orders today by channel: x12 40, email 10, upload 0"/,
    );
    expect(svg).toContain('<title>Orders today by channel</title>');
    // the counts are written out, not left to the bars' lengths
    expect(svg).toMatch(/>40<\/text>/);
  });

  it('escapes labels, and never cuts one short (the link name holds every word the bar shows)', async () => {
    const svg = await html(
      BarChart({
        title: 'Partners',
        data: [
          { label: 'Harbor & Pine <Wholesale> Ltd.', value: 3, href: '/admin/orders?partner=a&since=b' },
        ],
        noun: 'order',
        empty: '-',
      }),
    );
    expect(svg).toContain('aria-label="Harbor &amp; Pine &lt;Wholesale&gt; Ltd.: 3 orders"');
    expect(svg).toContain('href="/admin/orders?partner=a&amp;since=b"');
    // the label, then the count, as two words
    expect(svg).toMatch(
      />Harbor &amp; Pine &lt;Wholesale&gt; Ltd\.<\/text> <rect [^>]*><\/rect><text [^>]*>3<\/text>/,
    );
    expect(svg).not.toContain('<Wholesale>');
  });

  it('draws columns with heights in proportion, tallest the largest', async () => {
    const svg = await html(
      ColumnChart({
        title: 'Orders per day',
        data: [
          { label: 'Mon 30', value: 6, href: '/a' },
          { label: 'Tue 1', value: 3, href: '/b' },
        ],
        noun: 'order',
        empty: '-',
      }),
    );
    expect(heights(svg)).toEqual([120, 60]);
    expect(svg).toContain('aria-label="Mon 30: 6 orders"');
  });

  it('says so in words instead of drawing an empty chart', async () => {
    const none = DATA.map((d) => ({ ...d, value: 0 }));
    const out = await html(BarChart({ title: 'T', data: none, noun: 'order', empty: 'No orders today.' }));
    expect(out).toBe('<p class="hint">No orders today.</p>');
    expect(await html(ColumnChart({ title: 'T', data: [], noun: 'order', empty: 'None.' }))).toBe(
      '<p class="hint">None.</p>',
    );
  });
});
