using System.Diagnostics;

namespace StoreKit.TestSupport;

/// <summary>
/// Servers the tests take from the npm registry (dynalite, azurite): installed once per machine into a
/// cache folder (STOREKIT_NPM_CACHE, or storekit-npm in the temp folder; CI installs there itself), each
/// package at a pinned version in a folder of its own, and found there by later runs. Linked into the
/// test projects whose servers come from npm.
/// </summary>
internal static class NpmPackages
{
    public const string CacheVariable = "STOREKIT_NPM_CACHE";

    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(5);

    public static string Cache => Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } given ? given : Path.Combine(Path.GetTempPath(), "storekit-npm");

    /// <summary>The binary <paramref name="bin"/> of <paramref name="package"/>@<paramref name="version"/>, installed with npm first when missing; null when there is no npm or the install failed.</summary>
    public static string? FindOrInstall(string package, string version, string bin)
    {
        var folder = Path.Combine(Cache, $"{package}@{version}");
        var binary = Path.Combine(folder, "node_modules", ".bin", bin);
        if (File.Exists(binary))
        {
            return binary;
        }

        if (TestServers.FindOnPath("npm") is not { } npm)
        {
            return null;
        }

        // Installed beside the final folder and moved there whole, so a run that stops half-way, or
        // another test process installing at the same time, never leaves a folder that looks installed.
        var staging = $"{folder}.{Guid.NewGuid():N}";
        using var install = Process.Start(new ProcessStartInfo(npm, $"install --no-audit --no-fund --loglevel=error --prefix \"{staging}\" {package}@{version}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        if (install is null)
        {
            return null;
        }

        install.OutputDataReceived += (_, _) => { };
        install.ErrorDataReceived += (_, _) => { };
        install.BeginOutputReadLine();
        install.BeginErrorReadLine();
        if (!install.WaitForExit(InstallLimit) || install.ExitCode != 0)
        {
            return null;
        }

        try
        {
            Directory.Move(staging, folder);
        }
        catch (IOException) when (File.Exists(binary))
        {
            Directory.Delete(staging, recursive: true); // another process moved its copy there first
        }

        return File.Exists(binary) ? binary : null;
    }
}
