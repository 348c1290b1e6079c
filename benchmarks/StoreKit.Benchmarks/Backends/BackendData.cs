namespace StoreKit.Benchmarks.Backends;

/// <summary>The data every backend benchmark writes and reads: flags of about 250 bytes of JSON each.</summary>
internal static class BackendData
{
    public static DataKind Flags { get; } = new("flags", item => (string)item.Item!, text => new ItemDescriptor(1, text));

    public static string Key(int i) => $"flag-{i:D6}";

    /// <summary>A flag's JSON, shaped like LaunchDarkly's (the contract's origin): about 250 characters.</summary>
    public static string Json(int i, int version) =>
        $$"""{"key":"{{Key(i)}}","version":{{version}},"on":true,"prerequisites":[],"targets":[],"rules":[],"fallthrough":{"variation":0},"offVariation":1,"variations":[true,false],"salt":"{{i:x8}}","trackEvents":false,"deleted":false}""";

    public static SerializedCollection[] Collection(int count) =>
        [new SerializedCollection(Flags, Enumerable.Range(0, count).Select(i => KeyValuePair.Create(Key(i), new SerializedItemDescriptor(1, false, Json(i, 1)))).ToArray())];

    /// <summary>What the items themselves take on the heap once read: their keys' and JSON's strings (UTF-16, with the string header).</summary>
    public static long ItemBytes(int count) =>
        Enumerable.Range(0, count).Sum(i => (long)StringBytes(Key(i)) + StringBytes(Json(i, 1)));

    public static string StateKey(int i) => $"state-{i:D4}";

    /// <summary>A state value of 256 bytes.</summary>
    public static byte[] StateValue(int i) => Enumerable.Range(0, 256).Select(b => (byte)(b + i)).ToArray();

    private static int StringBytes(string text) => 22 + (2 * text.Length);
}
