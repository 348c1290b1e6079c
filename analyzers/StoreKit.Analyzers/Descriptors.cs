using Microsoft.CodeAnalysis;

namespace StoreKit.Analyzers;

/// <summary>Every StoreKit diagnostic. Each has a page at docs/rules/ID.md, linked as its help.</summary>
public static class Descriptors
{
    public const string HelpLinkBase = "https://github.com/storekit/storekit/blob/main/docs/rules/";

    private const string Usage = "StoreKit.Usage";
    private const string Persistent = "StoreKit.PersistentStore";
    private const string State = "StoreKit.StateStore";

    public static readonly DiagnosticDescriptor SK0001_NotPartial = Create(
        "SK0001", "A marked store must be partial", "'{0}' is marked [{1}] but is not partial, so StoreKit cannot add its wrapper", Usage);

    public static readonly DiagnosticDescriptor SK0002_ContractNotImplemented = Create(
        "SK0002", "A marked store must implement its contract", "'{0}' is marked [{1}] but does not implement {2}", Usage);

    public static readonly DiagnosticDescriptor SK0003_InvalidAttributeValue = Create(
        "SK0003", "Invalid attribute value", "{0} = {1} is not valid: {2}", Usage);

    public static readonly DiagnosticDescriptor SK0004_Unwrappable = Create(
        "SK0004", "The marked class cannot be wrapped", "'{0}' cannot be wrapped: {1}", Usage);

    public static readonly DiagnosticDescriptor SK1001_DefaultForMissingItem = Create(
        "SK1001", "Return NotFound for a missing item", "Return SerializedItemDescriptor.NotFound for a missing item, not default: default is a version 0 item", Persistent);

    public static readonly DiagnosticDescriptor SK1002_TombstonesFiltered = Create(
        "SK1002", "Deleted-item placeholders must be returned", "{0} filters on Deleted: tombstones must be returned as stored, so older versions cannot come back", Persistent);

    public static readonly DiagnosticDescriptor SK1003_UpsertIgnoresVersion = Create(
        "SK1003", "Upsert must compare versions", "UpsertAsync never reads the incoming item's Version: it must store only items newer than the stored one", Persistent);

    public static readonly DiagnosticDescriptor SK1004_UpsertReturnsConstant = Create(
        "SK1004", "Upsert must say whether it stored", "UpsertAsync always returns {0}: it must return true exactly when it stored the item", Persistent);

    public static readonly DiagnosticDescriptor SK1005_BlockingOnAsync = Create(
        "SK1005", "Do not block on asynchronous work in a store", "'{0}' blocks a thread until the task completes; await it instead", Persistent);

    public static readonly DiagnosticDescriptor SK1006_AvailabilityThrows = Create(
        "SK1006", "IsStoreAvailableAsync must not throw", "IsStoreAvailableAsync throws: it must answer false when the backend cannot be reached", Persistent);

    public static readonly DiagnosticDescriptor SK1007_UnsafeCollectionMutation = Create(
        "SK1007", "A store's collections must be safe to use concurrently", "Field '{0}' ({1}) is changed outside a lock, but store members may run concurrently", Persistent);

    public static readonly DiagnosticDescriptor SK1008_StoreKeepsCache = Create(
        "SK1008", "A store must not keep its own cache", "Field '{0}' is a {1}: the generated wrapper caches; a second cache in the store serves stale data after writes elsewhere", Persistent);

    public static readonly DiagnosticDescriptor SK2001_ETagIgnored = Create(
        "SK2001", "A store that declares ETag must check it", "'{0}' declares StateStoreFeatures.ETag but never reads {1}.ETag", State);

    public static readonly DiagnosticDescriptor SK2002_FeaturesDisagree = Create(
        "SK2002", "Declared features and implemented interfaces must agree", "'{0}': {1}", State);

    public static readonly DiagnosticDescriptor SK2003_FirstWriteIgnored = Create(
        "SK2003", "A store that declares FirstWrite must read the concurrency option", "'{0}' declares StateStoreFeatures.FirstWrite but never reads StateOptions.Concurrency", State);

    private static DiagnosticDescriptor Create(string id, string title, string message, string category) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
