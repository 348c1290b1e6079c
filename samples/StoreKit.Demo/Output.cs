namespace StoreKit.Demo;

/// <summary>The demo's console output: numbered sections, indented steps, and a check of each claim.</summary>
internal static class Output
{
    private static int _failures;

    public static int Failures => _failures;

    public static void Heading(string text)
    {
        Console.WriteLine();
        Console.WriteLine(text);
        Console.WriteLine(new string('-', Math.Min(text.Length, 100)));
    }

    public static void Step(string text) => Console.WriteLine($"  {text}");

    /// <summary>Prints a claim the demo makes, marked ✓ when it holds and ✗ (failing the run) when it does not.</summary>
    public static void Check(bool holds, string claim)
    {
        Console.WriteLine($"  {(holds ? "✓" : "✗")} {claim}");
        if (!holds)
        {
            Interlocked.Increment(ref _failures);
        }
    }

    /// <summary>Shows progress while something slow runs, then how long it took.</summary>
    public static async Task<T> WhileAsync<T>(string text, Func<Task<T>> work)
    {
        Console.Write($"  {text} ");
        var started = DateTime.UtcNow;
        var task = work();
        while (await Task.WhenAny(task, Task.Delay(250)) != task)
        {
            Console.Write('.');
        }

        Console.WriteLine($" {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        return await task;
    }
}
