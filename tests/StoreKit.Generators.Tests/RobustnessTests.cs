using Microsoft.CodeAnalysis;
using StoreKit.Generators.Tests.Support;

namespace StoreKit.Generators.Tests;

/// <summary>The IDE runs the generator on half-typed code: it must never throw (no CS8785).</summary>
public class RobustnessTests
{
    public static TheoryData<string> SampleStores() => new(RepositoryFiles.SampleStoreSources());

    [Theory]
    [MemberData(nameof(SampleStores))]
    public void Truncated_copies_of_a_sample_store_never_make_the_generator_throw(string path)
    {
        var source = File.ReadAllText(path);
        for (var length = 0; length < source.Length; length += Math.Max(1, source.Length / 150))
        {
            AssertGeneratorSurvives(source[..length], $"{Path.GetFileName(path)} cut at {length}");
        }
    }

    [Theory]
    [MemberData(nameof(SampleStores))]
    public void Mutated_copies_of_a_sample_store_never_make_the_generator_throw(string path)
    {
        var source = File.ReadAllText(path);
        var random = new Random(20261122);
        for (var i = 0; i < 150; i++)
        {
            var start = random.Next(source.Length);
            var length = random.Next(1, Math.Min(40, source.Length - start) + 1);
            var junk = random.Next(4) switch
            {
                0 => string.Empty,
                1 => "{",
                2 => "[PersistentStore(CacheTtlSeconds = )]",
                _ => "partial ",
            };
            AssertGeneratorSurvives(source.Remove(start, length).Insert(start, junk), $"{Path.GetFileName(path)} mutation {i} at {start}");
        }
    }

    private static void AssertGeneratorSurvives(string source, string description)
    {
        var (run, _, _) = TestCompilation.Generate(TestCompilation.Create(source));
        foreach (var result in run.Results)
        {
            Assert.True(result.Exception is null, $"{description}: the generator threw {result.Exception}");
        }

        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CS8785");
    }
}
