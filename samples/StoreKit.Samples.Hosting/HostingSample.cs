using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StoreKit.Samples.Sqlite;

namespace StoreKit.Samples.Hosting;

/// <summary>How a service wires StoreKit: the host builder this sample runs, and that its test runs.</summary>
public static class HostingSample
{
    /// <param name="args">Command-line arguments: configuration overrides (<c>--StoreKit:Sqlite:Path=…</c>) and <c>--telemetry</c>.</param>
    /// <param name="output">Where the worker reports what it did.</param>
    public static HostApplicationBuilder CreateBuilder(string[] args, TextWriter output)
    {
        var telemetry = args.Contains("--telemetry");
        // appsettings.json is found next to the program, wherever it is started from.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args.Where(a => a != "--telemetry").ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        var path = builder.Configuration["StoreKit:Sqlite:Path"] ?? "storekit-hosting.db";
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

        builder.Services.AddPersistentDataStore(_ => new SqlitePersistentDataStore(connectionString, prefix: "hosting"))
            .BindConfiguration("StoreKit:Flags");
        builder.Services.AddStateStore(provider => new SqliteStateStore(connectionString, timeProvider: provider.GetService<TimeProvider>()))
            .BindConfiguration("StoreKit:Orders");
        builder.Services.AddHealthChecks()
            .AddStoreKitStore<SqlitePersistentDataStore>(name: "flags")
            .AddStoreKitStore<SqliteStateStore>(name: "orders");
        if (telemetry)
        {
            builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddSource(StoreKitTelemetry.ActivitySourceName).AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddMeter(StoreKitTelemetry.MeterName).AddConsoleExporter());
        }

        builder.Services.AddSingleton(new WorkerOutput(output));
        builder.Services.AddHostedService<FlagsWorker>();
        return builder;
    }
}

/// <summary>Where <see cref="FlagsWorker"/> writes, so a test can read it.</summary>
public sealed record WorkerOutput(TextWriter Writer);
