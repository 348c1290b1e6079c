using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StoreKit.Samples.Hosting;

namespace StoreKit.Samples.Hosting.Tests;

/// <summary>Runs the hosting sample as a service would run: the generic host, DI, configuration, health checks and OpenTelemetry.</summary>
public sealed class HostingSampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storekit-hosting-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_worker_uses_both_stores_and_reports_them_healthy()
    {
        var output = await RunAsync(_ => { });

        Assert.Contains("flags: new-checkout = on (version 1); 2 flags", output);
        Assert.Contains("orders: order-1 is paid", output);
        Assert.Contains("health: flags Healthy", output);
        Assert.Contains("health: orders Healthy", output);
        Assert.Contains("health: overall Healthy", output);
        Assert.DoesNotContain("failed:", output);
    }

    [Fact]
    public async Task An_exporter_receives_the_store_calls_as_spans_and_the_meter_as_metrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();

        await RunAsync(services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(StoreKitTelemetry.ActivitySourceName).AddInMemoryExporter(spans))
            .WithMetrics(meters => meters.AddMeter(StoreKitTelemetry.MeterName).AddInMemoryExporter(metrics)));

        Assert.Contains(spans, s => s.OperationName == "init" && (string?)s.GetTagItem("store") == "SqlitePersistentDataStore");
        Assert.Contains(spans, s => s.OperationName == "multi" && (string?)s.GetTagItem("store") == "SqliteStateStore");
        Assert.Contains(metrics, m => m.Name == StoreKitTelemetry.StoreDuration);
        Assert.Contains(metrics, m => m.Name == StoreKitTelemetry.CacheHits); // the read after Init is served from the cache
    }

    [Fact]
    public async Task Options_from_configuration_reach_the_wrapper()
    {
        // An invalid TTL from configuration is refused by the wrapper, by name, when the worker first resolves it.
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RunAsync(_ => { }, "--StoreKit:Flags:Ttl=-00:00:05"));

        Assert.Equal("options", error.ParamName);
    }

    private async Task<string> RunAsync(Action<IServiceCollection> configure, params string[] extraArgs)
    {
        using var output = new StringWriter();
        var builder = HostingSample.CreateBuilder([$"--StoreKit:Sqlite:Path={Path.Combine(_directory, "hosting.db")}", .. extraArgs], output);
        configure(builder.Services);
        using (var host = builder.Build())
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await host.RunAsync(timeout.Token);
        }

        return output.ToString();
    }
}
