using System.Globalization;
using System.Text;

namespace StoreKit.Testing;

/// <summary>The suites' assertions: each failure names its clause, what was expected and what came back (K3).</summary>
public static class Expect
{
    public static void That(bool condition, string clause, string expectation, string actual)
    {
        if (!condition)
        {
            throw new ConformanceException(clause, $"{expectation}; got {actual}.");
        }
    }

    public static void Equal<T>(T expected, T actual, string clause, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new ConformanceException(clause, $"{what}: expected {Show(expected)}, got {Show(actual)}.");
        }
    }

    /// <summary>Runs the action and returns the exception of the expected type it threw; anything else fails the clause.</summary>
    public static async Task<TException> Throws<TException>(Func<Task> action, string clause, string what)
        where TException : Exception
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (TException expected)
        {
            return expected;
        }
        catch (Exception other) when (other is not ConformanceException)
        {
            throw new ConformanceException(clause, $"{what}: expected {typeof(TException).Name}, got {other.GetType().Name}: {other.Message}");
        }

        throw new ConformanceException(clause, $"{what}: expected {typeof(TException).Name}, but nothing was thrown.");
    }

    /// <summary>Runs the action; an exception fails the clause with the exception in the message.</summary>
    public static async Task<T> NoThrow<T>(Func<Task<T>> action, string clause, string what)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ConformanceException and not ConformanceSkipException)
        {
            throw new ConformanceException(clause, $"{what}: expected no error, got {exception.GetType().Name}: {exception.Message}");
        }
    }

    public static Task NoThrow(Func<Task> action, string clause, string what) =>
        NoThrow(async () =>
        {
            await action().ConfigureAwait(false);
            return true;
        }, clause, what);

    internal static string Show<T>(T value) => value switch
    {
        null => "null",
        string text => text.Length > 80 ? $"\"{text[..80]}…\" ({text.Length} chars)" : $"\"{text}\"",
        byte[] bytes => ShowBytes(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private static string ShowBytes(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return bytes.Length > 80 ? $"{bytes.Length} bytes" : $"bytes \"{text}\"";
    }
}
