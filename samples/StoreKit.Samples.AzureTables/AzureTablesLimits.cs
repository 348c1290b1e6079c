namespace StoreKit.Samples.AzureTables;

/// <summary>
/// The Table service's own limits, and the sizes the stores plan with so that what the service would
/// refuse half-way is refused by name before anything is written.
/// </summary>
public static class AzureTablesLimits
{
    /// <summary>
    /// The most UTF-16 characters a PartitionKey or RowKey may have: the service allows 1 KiB of UTF-16
    /// (512 characters), and azurite checks exactly that. Counted after encoding (<see cref="AzureTablesKeys"/>).
    /// </summary>
    public const int MaxKeyChars = 512;

    /// <summary>The most characters a string property holds (64 KiB of UTF-16); longer items go to parts.</summary>
    public const int MaxStringChars = 32 * 1024;

    /// <summary>The most bytes a binary property holds.</summary>
    public const int MaxBinaryBytes = 64 * 1024;

    /// <summary>
    /// The binary properties of 64 KiB one part entity carries. An entity holds 1 MiB; azurite counts
    /// it as the JSON body, where binary is base64 (4/3 larger), so 11 of them (960 KB as base64) fit
    /// on both the service and the emulator.
    /// </summary>
    public const int PropertiesPerPart = 11;

    /// <summary>The bytes of a value one part entity holds.</summary>
    public const int PartBytes = PropertiesPerPart * MaxBinaryBytes;

    /// <summary>The most parts one value may have: larger values are refused by name.</summary>
    public const int MaxParts = 16;

    /// <summary>The largest value (a serialized item in UTF-8, a state value) the stores accept: 16 parts, about 11 MB.</summary>
    public const int MaxValueBytes = MaxParts * PartBytes;

    /// <summary>
    /// The largest state value kept inside its key's entity: larger ones go to parts, so that a
    /// transaction of 100 entities (binary as base64, keys percent-encoded in URLs) stays under the 4 MiB a request body may have.
    /// </summary>
    public const int MaxInlineStateValueBytes = 16 * 1024;

    /// <summary>The most operations one entity-group transaction may hold.</summary>
    public const int MaxTransactionOperations = 100;

    /// <summary>
    /// The request body a batch of the stores' own (Init, Clear) is planned to stay under: the service
    /// takes 4 MiB; the estimate of each entity is generous (every character escaped as \uXXXX in JSON).
    /// </summary>
    public const int BatchBudgetBytes = 3 * 1024 * 1024;
}
