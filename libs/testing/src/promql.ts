import { parser } from '@prometheus-io/lezer-promql';

/** Grafana's interval variables, replaced by a literal so the expression parses as PromQL. */
const GRAFANA_INTERVALS = /\$__(rate_interval|interval|range)\b/g;

/**
 * The metric names a PromQL expression reads, found by Prometheus' own PromQL grammar; throws
 * on an expression that does not parse.
 */
export function metricNamesIn(expr: string): string[] {
  const query = expr.replace(GRAFANA_INTERVALS, '5m');
  const names: string[] = [];
  const errors: number[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        names.push(query.slice(node.from, node.to));
      }
    },
  });
  if (errors.length) throw new Error(`not valid PromQL at ${errors[0]}: ${query}`);
  return names;
}
