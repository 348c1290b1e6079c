using System.Net;
using StoreKit.TestSupport;

namespace StoreKit.Samples.AzureTables.Tests;

/// <summary>
/// The Table-service-speaking server the tests use: azurite (npm), the one STOREKIT_AZURE_TABLES names
/// by its connection string (CI starts it), or a throwaway azurite-table from the npm cache, installed
/// there with npm on first use. Without either, tests skip saying how to enable them; under CI=true
/// they fail instead.
/// </summary>
internal static class AzureTablesServers
{
    public const string Variable = "STOREKIT_AZURE_TABLES";

    /// <summary>The table every test uses; stores keep apart by prefix, and create it on first use.</summary>
    public const string Table = "storekit";

    /// <summary>azurite's well-known development account key (public, in Microsoft's documentation).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly SharedServer Azurite = new(
        "azurite", Variable, "azurite-table", "npm on PATH, to install azurite@3.37.0 into the npm cache", async binary => await AzuriteProcess.StartAsync(binary),
        () => NpmPackages.FindOrInstall("azurite", "3.37.0", "azurite-table"));

    /// <summary>Port 1 on loopback: nothing listens there, so every request fails at once.</summary>
    public static string Unreachable { get; } = ConnectionString("http://127.0.0.1:1/devstoreaccount1");

    /// <summary>The connection string of azurite's development account at a table endpoint.</summary>
    public static string ConnectionString(string tableEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint={tableEndpoint};";

    /// <summary>The connection string of a running azurite, or a skip (failure under CI) with the reason.</summary>
    public static Task<string> AzuriteAsync() => Azurite.AddressAsync();

    /// <summary>After a test on azurite: <paramref name="clean"/> run against it, unless there is none.</summary>
    public static Task CleanAzuriteAfterTestAsync(Func<string, Task> clean) => Azurite.CleanAfterTestAsync(clean);

    /// <summary>An azurite of the test's own, for tests that restart it.</summary>
    public static Task<AzuriteProcess> StartOwnAsync() => AzuriteProcess.StartAsync(Azurite.Binary());

    /// <summary>How long a request of a store behind the fault tests' proxy may take: they stall the network and wait for it to give up.</summary>
    public static readonly TimeSpan FaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Where the table endpoint of <paramref name="connectionString"/> listens.</summary>
    public static DnsEndPoint EndPoint(string connectionString)
    {
        var endpoint = TableEndpoint(connectionString);
        return new DnsEndPoint(endpoint.Host, endpoint.Port);
    }

    /// <summary>The same account's connection string with its table endpoint reached through <paramref name="proxy"/>.</summary>
    public static string Through(string connectionString, IPEndPoint proxy) =>
        ConnectionString(new UriBuilder(TableEndpoint(connectionString)) { Host = proxy.Address.ToString(), Port = proxy.Port }.Uri.ToString().TrimEnd('/'));

    private static Uri TableEndpoint(string connectionString) =>
        new(connectionString.Split(';').Select(part => part.Split('=', 2)).Single(pair => pair[0] == "TableEndpoint")[1]);

    /// <summary>A prefix no other test uses, so tests run in parallel on one table.</summary>
    public static string Prefix(string name) => $"sk-{name}-{Guid.NewGuid():N}"[..24];
}
