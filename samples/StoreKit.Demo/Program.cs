using StoreKit.Demo;
using StoreKit.Demo.Backends;
using StoreKit.Samples.Etcd;
using StoreKit.Samples.Postgres;
using StoreKit.Samples.Redis;
using StoreKit.Samples.Sqlite;
using StoreKit.State;

// dotnet run --project samples/StoreKit.Demo                                   (SQLite in a temporary directory)
// dotnet run --project samples/StoreKit.Demo -- --postgres "Host=...;Username=..."  (a PostgreSQL server)
// dotnet run --project samples/StoreKit.Demo -- --redis "127.0.0.1:6379"            (a Redis server)
// dotnet run --project samples/StoreKit.Demo -- --etcd "http://127.0.0.1:2379"      (an etcd server)
// dotnet run --project samples/StoreKit.Demo -- --redis "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003"   (a Redis Cluster: a failover)
// dotnet run --project samples/StoreKit.Demo -- --etcd "http://127.0.0.1:2379,http://127.0.0.1:22379"  (an etcd cluster: a failover)
// dotnet run --project samples/StoreKit.Demo -- --telemetry                         (also print what an OpenTelemetry exporter receives)
if (args is ["--help" or "-h", ..])
{
    Console.WriteLine("""
        StoreKit demo: a [PersistentStore] through its generated caching wrapper, through real outages.

          dotnet run --project samples/StoreKit.Demo                          SQLite in a temporary directory
          dotnet run --project samples/StoreKit.Demo -- --postgres "<conn>"   a PostgreSQL server, e.g.
                                                                              "Host=127.0.0.1;Username=postgres"
          dotnet run --project samples/StoreKit.Demo -- --redis "<config>"    a Redis server, e.g. "127.0.0.1:6379"
          dotnet run --project samples/StoreKit.Demo -- --etcd "<endpoint>"   an etcd server, e.g. "http://127.0.0.1:2379"

        Give --redis or --etcd several nodes, separated by commas, and the demo runs on that cluster:
        four writers upsert through the generated wrapper while the cluster fails over the node that
        serves them (Redis: CLUSTER FAILOVER on a replica of that master; etcd: the leader hands
        leadership to another member), then every acknowledged upsert is read back.

          --redis "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003"
          --etcd "http://127.0.0.1:2379,http://127.0.0.1:22379,http://127.0.0.1:32379"

        Add --telemetry (before or after the backend) to print what an OpenTelemetry exporter receives:
        one line per store call span, and the StoreKit meter's totals at the end.
        """);
    return 0;
}

var telemetry = args.Contains("--telemetry");
args = args.Where(a => a != "--telemetry").ToArray();
using var exporter = telemetry ? TelemetryPrinter.Start() : null;

string? postgres = args is ["--postgres", var connectionString, ..] ? connectionString : null;
string? redis = args is ["--redis", var configuration, ..] ? configuration : null;
string? etcd = args is ["--etcd", var endpoint, ..] ? endpoint : null;
if (args.Length > 0 && postgres is null && redis is null && etcd is null)
{
    Console.Error.WriteLine($"Unknown arguments: {string.Join(' ', args)}. Try --help.");
    return 2;
}

// The state store goes through its generated wrapper: requests are validated, retried (3 attempts,
// exponential backoff from 50 ms) and its status tracked.
var resilience = new StateStoreResilienceOptions { DefaultRetryPolicy = new RetryPolicy(TimeSpan.FromMilliseconds(50), 3, RetryPattern.Exponential) };

// Several nodes make a cluster: the demo shows a failover instead of a cut network (a proxy in front
// of one node cannot stand for a cluster, whose clients talk to every node).
IClusterDemoBackend? cluster = redis is not null && redis.Contains(',', StringComparison.Ordinal) ? new RedisClusterDemoBackend(redis)
    : etcd is not null && etcd.Contains(',', StringComparison.Ordinal) ? new EtcdClusterDemoBackend(etcd)
    : null;
if (cluster is not null)
{
    await using (cluster)
    {
        Console.WriteLine($"StoreKit demo on {cluster.Description}");
        await new FailoverDemo(cluster).RunAsync();
        await using var clusterState = cluster.CreateStateStore(resilience);
        await StateStoreDemo.RunAsync(clusterState, section: 2);
    }

    return Finish(exporter);
}

await using IDemoBackend backend = postgres is not null ? new PostgresDemoBackend(postgres)
    : redis is not null ? new RedisDemoBackend(redis)
    : etcd is not null ? new EtcdDemoBackend(etcd)
    : new SqliteDemoBackend();
Console.WriteLine($"StoreKit demo on {backend.Description}");

await new OutageDemo(backend).RunAsync();

await using (IResilientTransactionalStateStore state = backend switch
{
    SqliteDemoBackend sqlite => new SqliteStateStore(sqlite.StateConnectionString).WithResilience(resilience),
    PostgresDemoBackend server => new PostgresStateStore(postgres!, server.StateTable).WithResilience(resilience),
    RedisDemoBackend server => new RedisStateStore(server.Configuration, server.StatePrefix).WithResilience(resilience),
    EtcdDemoBackend server => new EtcdStateStore(server.Endpoint, server.StatePrefix).WithResilience(resilience),
    _ => throw new InvalidOperationException("unknown backend"),
})
{
    await StateStoreDemo.RunAsync(state);
}

return Finish(exporter);

static int Finish(IDisposable? exporter)
{
    exporter?.Dispose(); // flushes the meter's totals before the verdict
    Console.WriteLine();
    Console.WriteLine(Output.Failures == 0 ? "Done: every claim above held." : $"Done, but {Output.Failures} claim(s) did not hold.");
    return Output.Failures == 0 ? 0 : 1;
}
