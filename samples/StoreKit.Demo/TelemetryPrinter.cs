using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace StoreKit.Demo;

/// <summary>
/// <c>--telemetry</c>: the OpenTelemetry SDK wired as a service would wire it (AddSource and AddMeter
/// with StoreKit's names), with exporters that print what they receive: one line per span, and the
/// meter's totals (one line per instrument and tag set) when disposed.
/// </summary>
internal sealed class TelemetryPrinter : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    private TelemetryPrinter(TracerProvider tracing, MeterProvider metrics)
    {
        _tracing = tracing;
        _metrics = metrics;
    }

    public static TelemetryPrinter Start() => new(
        Sdk.CreateTracerProviderBuilder()
            .AddSource(StoreKitTelemetry.ActivitySourceName)
            .AddProcessor(new SimpleActivityExportProcessor(new SpanLinePrinter()))
            .Build(),
        Sdk.CreateMeterProviderBuilder()
            .AddMeter(StoreKitTelemetry.MeterName)
            .AddReader(new BaseExportingMetricReader(new MetricLinePrinter())) // collects once, at dispose
            .Build());

    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }

    /// <summary>
    /// One line a span, and only the first few of each kind (store, operation, outcome): the console
    /// exporter's fifteen lines a span are too many for a demo that makes a thousand calls. The rest
    /// are counted and the counts printed at shutdown.
    /// </summary>
    private sealed class SpanLinePrinter : BaseExporter<Activity>
    {
        private const int ShownPerKind = 3;
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                var kind = $"{span.GetTagItem("store")} {span.OperationName} {span.Status}";
                var seen = _seen[kind] = _seen.GetValueOrDefault(kind) + 1;
                if (seen > ShownPerKind)
                {
                    continue;
                }

                var error = span.Status == ActivityStatusCode.Error ? $" ERROR {span.GetTagItem("error.type")}: {span.StatusDescription}" : string.Empty;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  [span] {span.GetTagItem("store")} {span.OperationName} kind={span.GetTagItem("kind") ?? "-"} {span.Duration.TotalMilliseconds:0.0} ms{error}"));
            }

            return ExportResult.Success;
        }

        protected override bool OnShutdown(int timeoutMilliseconds)
        {
            foreach (var (kind, count) in _seen.Where(pair => pair.Value > ShownPerKind))
            {
                Console.WriteLine($"  [span] {kind}: {count - ShownPerKind} more not shown");
            }

            return true;
        }
    }

    /// <summary>One line per instrument and tag set: the total of a counter, the count and sum of a histogram.</summary>
    private sealed class MetricLinePrinter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var tags = new List<string>();
                    foreach (var tag in point.Tags)
                    {
                        tags.Add($"{tag.Key}={tag.Value ?? "-"}");
                    }

                    var value = metric.MetricType == MetricType.Histogram
                        ? string.Create(CultureInfo.InvariantCulture, $"{point.GetHistogramCount()} calls, {point.GetHistogramSum():0.0} ms in all")
                        : point.GetSumLong().ToString(CultureInfo.InvariantCulture);
                    Console.WriteLine($"  [metric] {metric.Name} {string.Join(' ', tags)} = {value}");
                }
            }

            return ExportResult.Success;
        }
    }
}
