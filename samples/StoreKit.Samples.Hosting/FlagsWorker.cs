using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StoreKit.State;

namespace StoreKit.Samples.Hosting;

/// <summary>
/// What a service does with its stores once the host has started: fill the flag store as a data
/// source would, read through the cache, take an order in the state store's transaction, report health,
/// and stop the host (a real service would keep running).
/// </summary>
public sealed class FlagsWorker(
    IDataStore flags,
    IResilientTransactionalStateStore orders,
    HealthCheckService health,
    WorkerOutput output,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    public static readonly DataKind Flags = new(
        "flags",
        item => item.Item is string value ? $"{item.Version}:{value}" : $"{item.Version}:",
        text =>
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var version = int.Parse(text.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture);
            return colon == text.Length - 1 ? ItemDescriptor.Deleted(version) : new ItemDescriptor(version, text[(colon + 1)..]);
        });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await flags.InitAsync([new Collection(Flags, [KeyValuePair.Create("new-checkout", new ItemDescriptor(1, "on"))])], stoppingToken);
            await flags.UpsertAsync(Flags, "dark-mode", new ItemDescriptor(1, "off"), stoppingToken);
            var checkout = await flags.GetAsync(Flags, "new-checkout", stoppingToken);
            var all = await flags.GetAllAsync(Flags, stoppingToken);
            await output.Writer.WriteLineAsync($"flags: new-checkout = {checkout.Item} (version {checkout.Version}); {all.Count} flags");

            await orders.InitAsync(new StateStoreMetadata(new Dictionary<string, string>()), stoppingToken);
            await orders.MultiAsync(
                [
                    new TransactionalOperation.Upsert(new SetRequest("order-1", "2 x coffee"u8.ToArray())),
                    new TransactionalOperation.Upsert(new SetRequest("order-1/status", "paid"u8.ToArray())),
                ],
                stoppingToken);
            var order = await orders.GetAsync(new GetRequest("order-1/status"), stoppingToken);
            await output.Writer.WriteLineAsync($"orders: order-1 is {System.Text.Encoding.UTF8.GetString(order.Data!.Value.Span)} (etag {order.ETag})");

            var report = await health.CheckHealthAsync(stoppingToken);
            foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                await output.Writer.WriteLineAsync($"health: {name} {entry.Status} ({entry.Description})");
            }

            await output.Writer.WriteLineAsync($"health: overall {report.Status}");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await output.Writer.WriteLineAsync($"failed: {exception.Message}");
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
