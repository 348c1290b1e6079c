namespace StoreKit.Generators.Tests.Support;

/// <summary>
/// Compares generated text with a checked-in <c>Snapshots/NAME.verified.cs</c>. On a difference it
/// writes <c>NAME.received.cs</c> beside it and fails naming the first differing line; with
/// STOREKIT_ACCEPT_SNAPSHOTS=1 it accepts the new text instead.
/// </summary>
internal static class Snapshot
{
    private static readonly string Folder = Path.Combine(StoreKit.TestSupport.RepositoryRoot.Path, "tests", "StoreKit.Generators.Tests", "Snapshots");

    /// <summary>The checked-in text, for a test that hands it on as the expected output.</summary>
    public static string Read(string name) => Normalize(File.ReadAllText(Path.Combine(Folder, name + ".verified.cs")));

    public static void Verify(string actual, string name)
    {
        var folder = Folder;
        var verifiedPath = Path.Combine(folder, name + ".verified.cs");
        var receivedPath = Path.Combine(folder, name + ".received.cs");
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable("STOREKIT_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verifiedPath}; the output is in {receivedPath}. Set STOREKIT_ACCEPT_SNAPSHOTS=1 to accept it."
            : $"Generated code differs from {verifiedPath}: {FirstDifference(expected, actual)}. New output: {receivedPath}.");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a)
            {
                return $"line {i + 1}: expected `{e.Trim()}`, got `{a.Trim()}`";
            }
        }

        return "line endings only";
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
}
