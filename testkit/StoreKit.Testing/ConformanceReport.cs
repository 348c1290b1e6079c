using System.Text;

namespace StoreKit.Testing;

/// <summary>
/// The Markdown conformance report (K7): clause, test, result, reason. Under xunit, set the
/// environment variable <c>STOREKIT_CONFORMANCE_REPORT</c> to a directory and each suite class writes
/// <c>SuiteName.md</c> there as its tests finish, and the directory's README.md matrix of every report
/// (<see cref="ConformanceMatrix"/>) is regenerated; <see cref="ToMarkdown"/> renders any result list.
/// </summary>
public static class ConformanceReport
{
    /// <summary>The environment variable naming the directory reports are written to.</summary>
    public const string DirectoryVariable = "STOREKIT_CONFORMANCE_REPORT";

    private static readonly object Gate = new();
    private static readonly Dictionary<string, List<ConformanceResult>> Results = new(StringComparer.Ordinal);

    public static string ToMarkdown(string title, IEnumerable<ConformanceResult> results)
    {
        var ordered = results.OrderBy(r => r.Clause, StringComparer.Ordinal).ThenBy(r => r.Test, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append("# Conformance: ").AppendLine(title).AppendLine();
        text.Append(ordered.Count(r => r.Outcome == ConformanceOutcome.Passed)).Append(" passed, ")
            .Append(ordered.Count(r => r.Outcome == ConformanceOutcome.Failed)).Append(" failed, ")
            .Append(ordered.Count(r => r.Outcome == ConformanceOutcome.Skipped)).AppendLine(" skipped").AppendLine();
        text.AppendLine("| Clause | Test | Result | Reason |").AppendLine("|---|---|---|---|");
        foreach (var result in ordered)
        {
            text.Append("| ").Append(result.Clause)
                .Append(" | ").Append(Cell(result.Test))
                .Append(" | ").Append(result.Outcome)
                .Append(" | ").Append(Cell(result.Reason ?? string.Empty)).AppendLine(" |");
        }

        return text.ToString();
    }

    internal static void Record(string suite, ConformanceResult result)
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        lock (Gate)
        {
            if (!Results.TryGetValue(suite, out var list))
            {
                list = [];
                Results[suite] = list;
            }

            list.Add(result);
            Directory.CreateDirectory(directory);
            var name = suite[(suite.LastIndexOf('.') + 1)..];
            File.WriteAllText(Path.Combine(directory, name + ".md"), ToMarkdown(suite, list));
            try
            {
                ConformanceMatrix.Write(directory);
            }
            catch (IOException)
            {
                // Another test process writing the same directory's matrix: its write (or the next
                // result's) brings the matrix up to date; a report must never fail a test.
            }
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
