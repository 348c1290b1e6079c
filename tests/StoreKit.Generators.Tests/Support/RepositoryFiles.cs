namespace StoreKit.Generators.Tests.Support;

/// <summary>Finds the repository's own source files, so tests exercise the real sample stores.</summary>
internal static class RepositoryFiles
{
    /// <summary>
    /// The folder holding StoreKit.sln, found by walking up from the test binaries (CallerFilePath is
    /// no help: CI builds map source paths to "/_/" for determinism).
    /// </summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StoreKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"StoreKit.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Every sample source file that declares a marked store.</summary>
    public static IEnumerable<string> SampleStoreSources() =>
        Directory.EnumerateFiles(Path.Combine(Root(), "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => File.ReadAllText(path).Contains("[PersistentStore", StringComparison.Ordinal) ||
                           File.ReadAllText(path).Contains("[StateStore", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal);
}
