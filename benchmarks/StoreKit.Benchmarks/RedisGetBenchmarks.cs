using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using StoreKit.Samples.Redis;

namespace StoreKit.Benchmarks;

/// <summary>
/// A Get through the generated wrapper over the Redis store: with caching off every read is a round
/// trip to the server (the baseline); with the default expiring cache the hot key is a cache hit.
/// Runs against STOREKIT_REDIS, or a redis-server from PATH started for the run on a free loopback port.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class RedisGetBenchmarks
{
    private const string Prefix = "storekit-bench";

    private Process? _server;
    private RedisPersistentDataStore _uncachedStore = null!;
    private ICachingDataStore _uncached = null!;
    private ICachingDataStore _cached = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var configuration = Environment.GetEnvironmentVariable("STOREKIT_REDIS") is { Length: > 0 } given ? given : await StartServerAsync();
        _uncachedStore = new RedisPersistentDataStore(configuration, Prefix);
        await _uncachedStore.InitAsync([new SerializedCollection(BenchmarkData.Flags, BenchmarkData.Items.Select(p => KeyValuePair.Create(p.Key, BenchmarkData.Flags.ToSerialized(p.Value))).ToArray())]);
        _uncached = _uncachedStore.WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.Zero });
        _cached = new RedisPersistentDataStore(configuration, Prefix).WithCaching(new DataStoreCacheOptions { Ttl = BenchmarkData.DefaultTtl });
        await _cached.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _uncachedStore.ClearAsync();
        await _uncached.DisposeAsync();
        await _cached.DisposeAsync();
        if (_server is { HasExited: false } server)
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    [Benchmark(Baseline = true, Description = "Redis round trip (caching off)")]
    public ValueTask<ItemDescriptor> UncachedGet() => _uncached.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey);

    [Benchmark(Description = "Cache hit (TTL 30 s)")]
    public ValueTask<ItemDescriptor> CachedGet() => _cached.GetAsync(BenchmarkData.Flags, BenchmarkData.HotKey);

    private async Task<string> StartServerAsync()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        _server = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no") { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("Could not start redis-server: set STOREKIT_REDIS or install it (apt-get install -y redis-server).");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return $"127.0.0.1:{port}";
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }
}
