import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

/** One metric point, flattened: the metric's name and the point's attributes and value. */
export interface MetricPoint {
  name: string;
  unit: string;
  attributes: Record<string, unknown>;
  value: unknown;
}

/** The OpenTelemetry SDK, registered globally, with an in-memory span exporter and metric reader. */
export interface TestSdk {
  spans(): ReadableSpan[];
  /** Collects every metric point recorded so far (cumulative). */
  points(): Promise<MetricPoint[]>;
  /** The sum of a counter's points (or the count of a histogram's), over the points whose attributes include `match`. */
  total(name: string, match?: Record<string, unknown>): Promise<number>;
  shutdown(): Promise<void>;
}

/** Registers a tracer provider, a meter provider, an AsyncLocalStorage context manager and the W3C propagator. */
export function registerTestSdk(): TestSdk {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // The interval is far away: points are read with forceFlush only.
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  async function points(): Promise<MetricPoint[]> {
    await reader.forceFlush();
    const latest = metricExporter.getMetrics().at(-1);
    const data: MetricData[] = latest?.scopeMetrics.flatMap((scope) => scope.metrics) ?? [];
    return data.flatMap((metric) =>
      (metric.dataPoints as DataPoint<unknown>[]).map((point) => ({
        name: metric.descriptor.name,
        unit: metric.descriptor.unit,
        attributes: { ...point.attributes },
        value: point.value,
      })),
    );
  }

  return {
    spans: () => spanExporter.getFinishedSpans(),
    points,
    async total(name, match = {}) {
      const matching = (await points()).filter(
        (point) =>
          point.name === name && Object.entries(match).every(([key, value]) => point.attributes[key] === value),
      );
      return matching.reduce(
        (sum, point) =>
          sum + (typeof point.value === 'number' ? point.value : (point.value as { count: number }).count),
        0,
      );
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The span's parent span id (SDK 2 keeps it in `parentSpanContext`). */
export const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
