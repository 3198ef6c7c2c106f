import type { Child } from 'hono/jsx';

/** A status as a coloured word (colour is never the only signal: the word is there). */
export function Badge(props: { tone: 'ok' | 'warn' | 'bad' | 'muted'; children: Child }) {
  return <span class={`badge ${props.tone}`}>{props.children}</span>;
}

/**
 * Previous/next links of a server-side paged list. Lists page by keyset (`before`/`after` a row's sort key), so
 * a page costs the same at row 100,000 as at row 1.
 */
export function Pager(props: { prev?: string; next?: string }) {
  if (!props.prev && !props.next) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {props.prev ? <a href={props.prev}>← Newer</a> : <span />}
      {props.next ? <a href={props.next}>Older →</a> : <span />}
    </nav>
  );
}

/** A table in a scrolling frame (narrow screens scroll the table, not the page), with a caption for readers. */
export function Table(props: {
  caption: string;
  head: readonly string[];
  numeric?: readonly number[];
  children: Child;
  empty?: string;
  rows: number;
}) {
  if (props.rows === 0) return <p class="hint">{props.empty ?? 'Nothing here yet.'}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="skip">{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h, i) => (
              <th scope="col" class={props.numeric?.includes(i) ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A timestamp as people read it, in UTC (the server's pages do not know the reader's zone). */
export function When(props: { at: string | Date | null | undefined }) {
  if (!props.at) return <span class="hint">—</span>;
  const date = typeof props.at === 'string' ? new Date(props.at) : props.at;
  const text = date.toISOString().replace('T', ' ').slice(0, 16);
  return <time datetime={date.toISOString()}>{text} UTC</time>;
}

/** A URL with query parameters, leaving out the empty ones. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
