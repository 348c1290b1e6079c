using StoreKit.TestSupport;

namespace StoreKit.Packaging.Tests;

/// <summary>
/// The path a store author takes, from packages only: pack StoreKit, StoreKit.Testing and the
/// templates into a local feed; scaffold a store and its test project with `dotnet new
/// storekit-store`; break one contract clause; see the analyzer warn at build time, the generated
/// WithCaching compile, and the conformance suite name the broken clause.
/// </summary>
public sealed class PackagesEndToEndTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "storekit-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Random.Shared.Next(1000, 9999)}";

    public PackagesEndToEndTests() => Directory.CreateDirectory(_work);

    [Fact]
    public async Task A_store_built_from_the_packages_gets_the_analyzers_the_generator_and_the_conformance_suite()
    {
        var feed = Path.Combine(_work, "feed");
        foreach (var project in new[] { "core/StoreKit", "testkit/StoreKit.Testing", "templates/StoreKit.Templates" })
        {
            await Expect(RepositoryRoot.Path, 0, "dotnet pack " + project, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={_version}");
        }

        Assert.True(File.Exists(Path.Combine(feed, $"StoreKit.{_version}.nupkg")));
        File.WriteAllText(Path.Combine(_work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="storekit-local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

        var hive = Path.Combine(_work, "hive");
        await Expect(_work, 0, "dotnet new install", "new", "install", Path.Combine(feed, $"StoreKit.Templates.{_version}.nupkg"), "--debug:custom-hive", hive);
        await Expect(_work, 0, "dotnet new storekit-store", "new", "storekit-store", "-n", "FlagStore", "-o", "FlagStore", "--StoreKitVersion", _version, "--debug:custom-hive", hive);
        var root = Path.Combine(_work, "FlagStore");

        // As scaffolded, the store meets the contract.
        var passing = await Expect(root, 0, "dotnet test of the scaffolded store", "test", Path.Combine("tests", "FlagStore.Tests"));
        Assert.Contains("Failed:     0", passing, StringComparison.Ordinal);

        // One deliberate mistake: a missing item returned as default instead of NotFound.
        var storeFile = Path.Combine(root, "src", "FlagStore", "FlagStore.cs");
        var source = File.ReadAllText(storeFile);
        var broken = source.Replace("out var item) ? item : SerializedItemDescriptor.NotFound)", "out var item) ? item : default)", StringComparison.Ordinal);
        Assert.NotEqual(source, broken);
        File.WriteAllText(storeFile, broken);
        File.WriteAllText(Path.Combine(root, "src", "FlagStore", "Usage.cs"), """
            namespace FlagStore;

            public static class Usage
            {
                // Compiles only if the package's generator added WithCaching to the store.
                public static StoreKit.ICachingDataStore Cached() => new FlagStore(new FlagStore.Backend()).WithCaching();
            }
            """);

        var build = await Expect(root, 0, "dotnet build of the broken store", "build", Path.Combine("src", "FlagStore"));
        Assert.Contains("warning SK1001", build, StringComparison.Ordinal);

        var failing = await Expect(root, 1, "dotnet test of the broken store", "test", Path.Combine("tests", "FlagStore.Tests"));
        Assert.Contains("P_GET_2_Get_of_an_unknown_key_is_NotFound", failing, StringComparison.Ordinal);
        Assert.Contains("P-GET-2:", failing, StringComparison.Ordinal);

        // A name that is not a C# identifier: folders and projects keep it, code uses its safe form.
        await Expect(_work, 0, "dotnet new storekit-store -n flag-store", "new", "storekit-store", "-n", "flag-store", "-o", "flag-store", "--StoreKitVersion", _version, "--debug:custom-hive", hive);
        Assert.Contains("partial class flag_store", File.ReadAllText(Path.Combine(_work, "flag-store", "src", "flag-store", "flag-store.cs")), StringComparison.Ordinal);
        await Expect(Path.Combine(_work, "flag-store"), 0, "dotnet build of the store named flag-store", "build", Path.Combine("tests", "flag-store.Tests"));
    }

    public void Dispose()
    {
        // Restore copied this run's one-off package versions into the global packages folder too.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "storekit", "storekit.testing" })
        {
            TryDelete(Path.Combine(globalPackages, id, _version));
        }

        TryDelete(_work);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A process of the run may still hold a file; what is left is only disk space.
        }
    }

    private static async Task<string> Expect(string directory, int exitCode, string step, params string[] arguments)
    {
        var (actual, output) = await DotnetCli.RunAsync(directory, arguments);
        Assert.True(actual == exitCode, $"{step}: exit code {actual}, expected {exitCode}.{Environment.NewLine}{output}");
        return output;
    }
}
