using Microsoft.Extensions.Hosting;
using StoreKit.Samples.Hosting;

// A service's wiring in one place: stores from DI with options from appsettings.json, health checks
// from their status, and (with --telemetry) their traces and metrics through OpenTelemetry.
var builder = HostingSample.CreateBuilder(args, Console.Out);
using var host = builder.Build();
await host.RunAsync();
return Environment.ExitCode;
