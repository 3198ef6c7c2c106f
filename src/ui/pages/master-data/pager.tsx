/**
 * Links of a list paged forward by its key (`after` the last row shown): back to the first page, and on to the
 * next. The shared Pager's newer/older words fit lists by time; these lists go by SKU, partner item or the like.
 */
export function KeysetPager(props: { first?: string; next?: string }) {
  if (!props.first && !props.next) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {props.first ? <a href={props.first}>← First page</a> : <span />}
      {props.next ? <a href={props.next}>Next page →</a> : <span />}
    </nav>
  );
}
