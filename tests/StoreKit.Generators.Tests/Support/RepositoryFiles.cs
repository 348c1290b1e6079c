namespace StoreKit.Generators.Tests.Support;

/// <summary>Finds the repository's own source files, so tests exercise the real sample stores.</summary>
internal static class RepositoryFiles
{
    /// <summary>Every sample source file that declares a marked store.</summary>
    public static IEnumerable<string> SampleStoreSources() =>
        Directory.EnumerateFiles(Path.Combine(StoreKit.TestSupport.RepositoryRoot.Path, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => File.ReadAllText(path).Contains("[PersistentStore", StringComparison.Ordinal) ||
                           File.ReadAllText(path).Contains("[StateStore", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal);
}
