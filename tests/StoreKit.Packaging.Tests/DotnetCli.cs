using System.Diagnostics;
using System.Text;

namespace StoreKit.Packaging.Tests;

/// <summary>Runs the dotnet CLI as a user would, in a clean environment (no MSBuild or test-host variables of this run).</summary>
internal static class DotnetCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(IsInherited).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The scaffolded store's conformance run is a user's project, not a sample: its report must not
        // land among the samples' when this repository's reports are being rewritten.
        start.Environment.Remove("STOREKIT_CONFORMANCE_REPORT");
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, output.ToString());
    }

    /// <summary>Variables the test host or the outer build set that would steer the inner build.</summary>
    private static bool IsInherited(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) ||
        name is "DOTNET_HOST_PATH" or "DOTNET_CLI_UI_LANGUAGE";

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
