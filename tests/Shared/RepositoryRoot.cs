namespace StoreKit.TestSupport;

/// <summary>
/// The folder holding StoreKit.sln, found by walking up from the test binaries (CallerFilePath is no
/// help: CI builds map source paths to "/_/" for determinism). Linked into the test projects that read
/// the repository's own files.
/// </summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "StoreKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"StoreKit.sln not found above {AppContext.BaseDirectory}.");
    }
}
