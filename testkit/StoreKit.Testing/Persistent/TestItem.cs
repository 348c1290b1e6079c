using System.Text.Json;

namespace StoreKit.Testing.Persistent;

/// <summary>A test item's content.</summary>
public sealed record TestItem(string Key, int Version, string Value);
