using System.Net;
using StoreKit.TestSupport;

namespace StoreKit.Samples.DynamoDb.Tests;

/// <summary>
/// The DynamoDB-speaking servers the tests use. dynalite (npm) for everything it implements: the one
/// STOREKIT_DYNAMODB names (CI starts it), or a throwaway one from the npm cache, installed there with
/// npm on first use. dynalite has no transactions, so the state store, whose Multi is one
/// TransactWriteItems, runs on moto's server: the one STOREKIT_DYNAMODB_MOTO names, or moto_server
/// from PATH (the machine image's Python has it). Without a server, tests skip saying how to enable
/// them; under CI=true they fail instead.
/// </summary>
internal static class DynamoDbServers
{
    public const string DynaliteVariable = "STOREKIT_DYNAMODB";
    public const string MotoVariable = "STOREKIT_DYNAMODB_MOTO";

    /// <summary>The table every test uses; stores keep apart by prefix, and create it on first use.</summary>
    public const string Table = "storekit";

    /// <summary>Port 1 on loopback: nothing listens there, so every request fails at once.</summary>
    public const string Unreachable = "http://127.0.0.1:1";

    private static readonly SharedServer Dynalite = new(
        "dynalite", DynaliteVariable, "dynalite", "npm on PATH, to install dynalite@4.0.0 into the npm cache", async binary => await DynaliteProcess.StartAsync(binary, durable: false),
        () => NpmPackages.FindOrInstall("dynalite", "4.0.0", "dynalite"));

    private static readonly SharedServer Moto = new(
        "moto", MotoVariable, "moto_server", "pip install moto[server]", async binary => await MotoProcess.StartAsync(binary),
        () => TestServers.FindOnPath("moto_server") ?? ExistingFile(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv", "shims", "moto_server")));

    /// <summary>The URL of a running dynalite, or a skip (failure under CI) with the reason.</summary>
    public static Task<string> DynaliteAsync() => Dynalite.AddressAsync();

    /// <summary>The URL of a running moto server, or a skip (failure under CI) with the reason.</summary>
    public static Task<string> MotoAsync() => Moto.AddressAsync();

    /// <summary>After a test on moto: <paramref name="clean"/> run against it, unless there is none.</summary>
    public static Task CleanMotoAfterTestAsync(Func<string, Task> clean) => Moto.CleanAfterTestAsync(clean);

    /// <summary>A dynalite of the test's own, for tests that restart it.</summary>
    public static Task<DynaliteProcess> StartOwnDynaliteAsync(bool durable) => DynaliteProcess.StartAsync(Dynalite.Binary(), durable);

    /// <summary>How long a request of a store behind the fault tests' proxy may take: they stall the network and wait for it to give up.</summary>
    public static readonly TimeSpan FaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Where the server at <paramref name="serviceUrl"/> listens.</summary>
    public static DnsEndPoint EndPoint(string serviceUrl)
    {
        var uri = new Uri(serviceUrl);
        return new DnsEndPoint(uri.Host, uri.Port);
    }

    /// <summary>A prefix no other test uses, so tests run in parallel on one table.</summary>
    public static string Prefix(string name) => $"sk-{name}-{Guid.NewGuid():N}"[..24];

    private static string? ExistingFile(string path) => File.Exists(path) ? path : null;
}
