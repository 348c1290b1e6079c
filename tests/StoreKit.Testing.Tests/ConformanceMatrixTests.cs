namespace StoreKit.Testing.Tests;

/// <summary>K7: the README matrix is built from the per-store reports, a column per store, a row per clause.</summary>
public class ConformanceMatrixTests
{
    [Fact]
    public void K7_the_matrix_has_a_column_per_store_and_a_row_per_clause()
    {
        var persistent = ConformanceReport.ToMarkdown("Tests.FooPersistentDataStoreConformanceTests", [
            new ConformanceResult("P-GET-2", "P_GET_2_a", ConformanceOutcome.Passed, null),
            new ConformanceResult("P-ERR-1", "P_ERR_1_a", ConformanceOutcome.Skipped, "override CreateFailingStoreAsync"),
            new ConformanceResult("P-UPS-1", "P_UPS_1_a", ConformanceOutcome.Failed, "P-UPS-1: expected false | got true"),
            new ConformanceResult("P-UPS-1", "P_UPS_1_b", ConformanceOutcome.Passed, null),
        ]);
        var state = ConformanceReport.ToMarkdown("Tests.FooStateStoreConformanceTests", [new ConformanceResult("S-GET-1", "S_GET_1_a", ConformanceOutcome.Passed, null)]);
        var older = ConformanceReport.ToMarkdown("Tests.BarPersistentDataStoreConformanceTests", [new ConformanceResult("P-GET-2", "P_GET_2_a", ConformanceOutcome.Passed, null)]);

        var matrix = ConformanceMatrix.ToMarkdown(new[] { persistent, state, older }.Select(text => ConformanceMatrix.Parse(text)!));

        var rows = matrix.Split('\n');
        Assert.Equal("| Clause | Bar | Foo |", rows[0]);
        Assert.Contains("| P-GET-2 (1) | pass | pass |", rows);
        Assert.Contains("| P-ERR-1 (1) | not run 1 | skipped 1 [1] |", rows);
        Assert.Contains("| P-UPS-1 (2) | not run 2 | pass 1, **FAIL** 1 [2] |", rows);
        Assert.Contains("| S-GET-1 (1) |  | pass |", rows);
        Assert.Contains("1. override CreateFailingStoreAsync", rows);
        Assert.Contains("2. P-UPS-1: expected false \\| got true", rows);
        Assert.True(Array.IndexOf(rows, "| P-UPS-1 (2) | not run 2 | pass 1, **FAIL** 1 [2] |") < Array.IndexOf(rows, "| S-GET-1 (1) |  | pass |"), "P- clauses come before S- clauses");
    }

    [Fact]
    public void K7_a_report_reads_back_as_it_was_written()
    {
        ConformanceResult[] results = [new("S-ETAG-1", "S_ETAG_1_a", ConformanceOutcome.Failed, "S-ETAG-1: a | b")];

        var report = ConformanceMatrix.Parse(ConformanceReport.ToMarkdown("Tests.X", results));

        Assert.NotNull(report);
        Assert.Equal("Tests.X", report.Suite);
        Assert.Equal(results, report.Results.ToArray());
        Assert.Null(ConformanceMatrix.Parse("# Something else"));
    }

    [Fact]
    public void K7_splicing_keeps_the_text_around_the_markers()
    {
        var readme = $"# Title\n\nintro\n\n{ConformanceMatrix.BeginMarker}\nold\n{ConformanceMatrix.EndMarker}\n\nafter\n";

        var spliced = ConformanceMatrix.Splice(readme, "new\n");

        Assert.Equal($"# Title\n\nintro\n\n{ConformanceMatrix.BeginMarker}\nnew\n{ConformanceMatrix.EndMarker}\n\nafter\n", spliced);
    }

    /// <summary>
    /// docs/conformance/reports/README.md holds the matrix of the reports beside it. Reports written by a test
    /// run regenerate it themselves; after editing reports by hand, regenerate with
    /// <c>STOREKIT_CONFORMANCE_REPORT=$PWD/docs/conformance/reports dotnet test tests/StoreKit.Testing.Tests --filter FullyQualifiedName~ConformanceMatrixTests</c>.
    /// </summary>
    [Fact]
    public void K7_the_docs_matrix_is_generated_from_the_reports_beside_it()
    {
        var directory = Path.Combine(RepositoryRoot(), "docs", "conformance", "reports");
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ConformanceReport.DirectoryVariable)))
        {
            ConformanceMatrix.Write(directory);
        }

        var readme = File.ReadAllText(Path.Combine(directory, "README.md")).ReplaceLineEndings("\n");
        var reports = Directory.EnumerateFiles(directory, "*.md")
            .Select(path => ConformanceMatrix.Parse(File.ReadAllText(path)))
            .OfType<ConformanceMatrix.Report>();

        Assert.Equal(ConformanceMatrix.Splice(readme, ConformanceMatrix.ToMarkdown(reports)), readme);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StoreKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No StoreKit.sln above {AppContext.BaseDirectory}.");
    }
}
