/** The item-size distribution of a page: a table of ranges with bars (SVG: no inline styles under the CSP). */
import { formatBytes } from '../lib/cells.js';
import type { Item } from '../lib/infer.js';
import { sizeDistribution } from '../lib/item-sizes.js';
import { Empty, GridHead } from './components.js';

export function SizeChart({ items }: { items: Item[] }) {
  const d = sizeDistribution(items);
  if (d === undefined) return <Empty>No items on this page.</Empty>;
  const most = Math.max(...d.buckets.map((b) => b.count));
  return (
    <div class="sizes">
      <p>
        {items.length} items on this page: smallest {formatBytes(d.min)}, median {formatBytes(d.median)}, largest {formatBytes(d.max)}, {formatBytes(d.total)} in all (sizes as DynamoDB counts them: a write unit
        covers 1 KB, a read unit 4 KB).
      </p>
      <div class="scroll">
        <table class="grid">
          <caption class="visually-hidden">Item sizes</caption>
          <GridHead columns={['Size', { label: 'Items', num: true }, { label: 'Share', hidden: true }]} />
          <tbody>
            {d.buckets.map((b) => (
              <tr key={b.to}>
                <th scope="row">
                  {b.from === 0 ? 'up to' : `${formatBytes(b.from)} –`} {formatBytes(b.to)}
                </th>
                <td class="num">{b.count}</td>
                <td class="bar-cell">
                  <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                    <rect x="0" y="0" height="10" width={most === 0 ? 0 : (100 * b.count) / most} />
                  </svg>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
